using Clientele.Data.Ingest;
using Clientele.Features.Behaviour;
using Clientele.Tests;

namespace Clientele.Features.Tests.Behaviour;

/// <summary>The behaviour columns of the segmentation and the churn model (docs/behaviour.md), worked out by hand, on both engines.</summary>
public sealed class CustomerBehaviourColumnsTests : IDisposable
{
    private readonly TestStores _stores = new();

    public void Dispose() => _stores.Dispose();

    /// <summary>
    /// A: a session of two views and a cart add (no purchase), then one of a view and a purchase; two more events on
    /// 2024-03-10 itself. B: one view on 2024-02-20, the first event of anyone. C: no events. D: an event on 2024-03-10 only.
    /// As of 2024-03-10 the events of that day are not seen (strictly before the as-of: no leakage into a label window
    /// starting on it); as of 2024-03-11 they are (and the summaries answer instead of the events).
    /// </summary>
    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Compute_EventsOnTheAsOfDay_AreNotSeenUntilTheNextDay(string engine)
    {
        using var store = _stores.Open(engine);
        var events = _stores.Folder.Write("events.csv", """
            customer_id,event_type,product_id,timestamp
            A,view,p1,2024-03-01 10:00:00
            A,view,p2,2024-03-01 10:20:00
            A,cart_add,p2,2024-03-01 10:25:00
            A,view,p3,2024-03-05 09:00:00
            A,purchase,p3,2024-03-05 09:10:00
            A,view,p4,2024-03-10 00:00:00
            A,purchase,p4,2024-03-10 15:00:00
            B,view,p1,2024-02-20 12:00:00
            D,view,p1,2024-03-10 08:00:00
            """);
        new EventIngestor(store).Ingest(events, new EventIngestOptions { RejectsPath = _stores.RejectsPath() });
        BehaviourInputs.Prepare(store);
        string[] customers = ["A", "B", "C", "D"];

        var cutoff = CustomerBehaviourColumns.Compute(store, customers, new DateOnly(2024, 3, 10), recency: true);

        Assert.Equal(CustomerBehaviourColumns.ActivityAndRecency, cutoff.Columns.ColumnNames);
        Assert.Equal(2, cutoff.WithEvents);
        // log1p(sessions), log1p(views), log1p(cart adds), purchases / views, abandoned cart sessions / cart sessions,
        // log1p(days since last visit), has events. No events: the days from the first event of anyone (B's, 2024-02-20) = 19.
        Close([Math.Log(3), Math.Log(4), Math.Log(2), 1.0 / 3, 1, Math.Log(1 + 5), 1], cutoff.Columns.Row(0));
        Close([Math.Log(2), Math.Log(2), 0, 0, 0, Math.Log(1 + 19), 1], cutoff.Columns.Row(1));
        Close([0, 0, 0, 0, 0, Math.Log(1 + 19), 0], cutoff.Columns.Row(2));
        Close([0, 0, 0, 0, 0, Math.Log(1 + 19), 0], cutoff.Columns.Row(3));

        // A day later: A's two events of 2024-03-10 are two more sessions (15 hours apart), a view and a second purchase.
        var after = CustomerBehaviourColumns.Compute(store, customers, new DateOnly(2024, 3, 11), recency: true);
        Assert.Equal(3, after.WithEvents);
        Close([Math.Log(5), Math.Log(5), Math.Log(2), 2.0 / 4, 1, Math.Log(1 + 1), 1], after.Columns.Row(0));
        Close([Math.Log(2), Math.Log(2), 0, 0, 0, Math.Log(1 + 20), 1], after.Columns.Row(1));
        Close([0, 0, 0, 0, 0, Math.Log(1 + 20), 0], after.Columns.Row(2));
        Close([Math.Log(2), Math.Log(2), 0, 0, 0, Math.Log(1 + 1), 1], after.Columns.Row(3));

        // The segmentation's columns are the first five, the same numbers.
        var activity = CustomerBehaviourColumns.Compute(store, customers, new DateOnly(2024, 3, 10), recency: false);
        Assert.Equal(CustomerBehaviourColumns.Activity, activity.Columns.ColumnNames);
        for (var i = 0; i < customers.Length; i++)
        {
            Close(cutoff.Columns.Row(i)[..5].ToArray(), activity.Columns.Row(i));
        }
    }

    /// <summary>
    /// The live profile's one-customer path reads the customer's own summary row (and the first event of anyone for a
    /// customer without events), not everyone's features: the same row as the whole computation above, hand-checked
    /// there. As of 2024-03-11 every customer comes from the summaries; as of 2024-03-10 A and D have events on the as-of
    /// day, past what the as-of sees, and are computed from the events.
    /// </summary>
    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void ComputeOne_EachCustomer_TheRowOfTheWholeComputation(string engine)
    {
        using var store = _stores.Open(engine);
        var events = _stores.Folder.Write("events.csv", """
            customer_id,event_type,product_id,category,timestamp
            A,view,p1,toys,2024-03-01 10:00:00
            A,view,p2,games,2024-03-01 10:20:00
            A,cart_add,p2,games,2024-03-01 10:25:00
            A,view,p3,games,2024-03-05 09:00:00
            A,purchase,p3,games,2024-03-05 09:10:00
            A,view,p4,toys,2024-03-10 00:00:00
            A,purchase,p4,toys,2024-03-10 15:00:00
            B,view,p1,toys,2024-02-20 12:00:00
            D,view,p1,toys,2024-03-10 08:00:00
            """);
        new EventIngestor(store).Ingest(events, new EventIngestOptions { RejectsPath = _stores.RejectsPath() });
        BehaviourInputs.Prepare(store);
        string[] customers = ["A", "B", "C", "D"];

        foreach (var asOf in new[] { new DateOnly(2024, 3, 10), new DateOnly(2024, 3, 11) })
        {
            foreach (var recency in new[] { true, false })
            {
                var whole = CustomerBehaviourColumns.Compute(store, customers, asOf, recency);
                for (var i = 0; i < customers.Length; i++)
                {
                    var one = CustomerBehaviourColumns.ComputeOne(store, customers[i], asOf, recency);
                    Assert.Equal(whole.Columns.ColumnNames, one.Columns.ColumnNames);
                    Close(whole.Columns.Row(i).ToArray(), one.Columns.Row(0));
                }
            }
        }
        // Two views each of toys and games: a tie goes to the smaller by its bytes.
        var a = BehaviourSummaryReader.FeaturesOf(store, "A", new DateOnly(2024, 3, 11))!;
        Assert.Equal(("games", "toys", (string?)null), (a.TopCategory1, a.TopCategory2, a.TopCategory3));
        Assert.Null(BehaviourSummaryReader.FeaturesOf(store, "C", new DateOnly(2024, 3, 11)));
    }

    private static void Close(double[] expected, ReadOnlySpan<double> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], 12);
        }
    }
}
