using Clientele.Core;
using Clientele.Data.Ingest;
using Clientele.Data.Store;
using Clientele.Features.Summaries;
using Clientele.Tests;

namespace Clientele.Features.Tests.Summaries;

/// <summary>
/// The summaries cut at a day (a churn cutoff, a back-test) on Online Retail (the full 541,909 lines), on each engine:
/// the rows a rebuild from the lines before the day makes, and the features, histories and churn datasets the
/// order-line queries give at that day, row for row. The order-line queries are the reference: they are the
/// definitions (docs/summaries.md) and are checked against hand-worked customers in their own tests.
/// </summary>
public sealed class CustomerSummaryCutoffTests : IDisposable
{
    private readonly TestStores _stores = new();

    public void Dispose() => _stores.Dispose();

    public static TheoryData<string> Engines => StoreEngines.All;

    /// <summary>Online Retail runs from 2010-12-01 to 2011-12-09: a cutoff early, in the middle, and on its last day.</summary>
    private static readonly DateOnly[] Cutoffs = [new(2011, 1, 4), new(2011, 6, 15), new(2011, 12, 9)];

    [Theory]
    [MemberData(nameof(Engines))]
    public void ReadSummariesBefore_OnlineRetail_EqualSummariesRebuiltFromTheLinesBefore(string engine)
    {
        using var store = OnlineRetail(engine);
        CustomerInputs.Prepare(store);
        Assert.True(CustomerSummaryTables.CanCut(store));
        var cut = Cutoffs.ToDictionary(c => c, c => CustomerSummaryTables.ReadSummariesBefore(store, c));

        // Later cutoffs first: each rebuild keeps the lines before the cutoff, and the earlier cutoffs' lines with them.
        foreach (var cutoff in Cutoffs.Reverse())
        {
            store.Execute("DELETE FROM order_lines WHERE ordered_at >= $cutoff::TIMESTAMP", ("cutoff", cutoff.ToDateTime(TimeOnly.MinValue)));
            CustomerSummaryTables.Rebuild(store);
            var rebuilt = CustomerSummaryTables.ReadSummaries(store);
            Assert.NotEmpty(rebuilt);
            Rows.AssertSame(rebuilt, cut[cutoff], s => s.CustomerId, $"summaries before {cutoff:yyyy-MM-dd}");
        }
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void Inputs_OnlineRetailCutoffs_ReadFromTheCutSummariesAndEqualTheOrderLineQueries(string engine)
    {
        using var store = OnlineRetail(engine);
        CustomerInputs.Prepare(store);

        foreach (var cutoff in Cutoffs)
        {
            Assert.Equal(CustomerInputs.Source.SummariesBefore, CustomerInputs.SourceFor(store, cutoff));
            var query = CustomerFeatureQuery.Compute(store, cutoff);
            var read = CustomerInputs.Features(store, cutoff);
            Assert.Equal(query.AsOf, read.AsOf);
            Assert.Equal(query.CustomersWithoutPurchases, read.CustomersWithoutPurchases);
            Assert.Equal(query.Customers, read.Customers);
            foreach (var unit in new[] { TimeUnit.Weeks, TimeUnit.Days })
            {
                var periods = new SummaryPeriods(cutoff, Unit: unit);
                Assert.Equal(PurchaseHistoryQuery.Compute(store, periods), CustomerInputs.PurchaseHistories(store, periods));
            }
        }
    }

    /// <summary>The churn dataset at 2011-09-10 with a 90-day window: the same customers, features and labels from the order lines and from the summaries.</summary>
    [Theory]
    [MemberData(nameof(Engines))]
    public void ChurnDataset_OnlineRetail_SameFromOrderLinesAndFromSummaries(string engine)
    {
        using var store = OnlineRetail(engine);
        var cutoff = new DateOnly(2011, 9, 10);
        Assert.Equal(CustomerInputs.Source.OrderLines, CustomerInputs.SourceFor(store, cutoff));
        var fromLines = ChurnDatasetQuery.Compute(store, cutoff, 90);
        CustomerInputs.Prepare(store);
        Assert.Equal(CustomerInputs.Source.SummariesBefore, CustomerInputs.SourceFor(store, cutoff));
        var fromSummaries = ChurnDatasetQuery.Compute(store, cutoff, 90);

        Assert.True(fromLines.ChurnedCount is > 0 and < 4_338, $"{fromLines.ChurnedCount} churners");
        Assert.Equal(fromLines.Customers, fromSummaries.Customers);
        Assert.Equal(fromLines.Churned, fromSummaries.Churned);
        Assert.Equal(fromLines.CustomersWithoutPurchases, fromSummaries.CustomersWithoutPurchases);
    }

    /// <summary>An order with a purchase line whose lines fall on two days cannot be cut at a day: the order lines answer instead.</summary>
    [Theory]
    [MemberData(nameof(Engines))]
    public void SourceFor_AnOrderSpanningTwoDays_OrderLines(string engine)
    {
        using var store = OnlineRetail(engine);
        CustomerInputs.Prepare(store);
        var order = store.Scalar<string>("SELECT min(order_id) FROM customer_orders WHERE purchase_lines > 0");
        var line = store.Scalar<long>("SELECT min(line_number) FROM order_lines WHERE order_id = $order", ("order", order));
        store.Execute("UPDATE order_lines SET ordered_at = ordered_at + INTERVAL '1 day' WHERE order_id = $order AND line_number = $line", ("order", order), ("line", line));
        CustomerSummaryTables.Rebuild(store);

        Assert.False(CustomerSummaryTables.CanCut(store));
        var cutoff = new DateOnly(2011, 6, 15);
        Assert.Equal(CustomerInputs.Source.OrderLines, CustomerInputs.SourceFor(store, cutoff));
        Assert.Equal(CustomerInputs.Source.Summaries, CustomerInputs.SourceFor(store, new DateOnly(2011, 12, 11)));
        Assert.Equal(CustomerFeatureQuery.Compute(store, cutoff).Customers, CustomerInputs.Features(store, cutoff).Customers);
    }

    private ClienteleStore OnlineRetail(string engine)
    {
        var store = _stores.Open(engine);
        new OrderIngestor(store).Ingest(TestData.Sample("online_retail.csv.gz"), new IngestOptions { RejectsPath = _stores.RejectsPath() });
        return store;
    }
}
