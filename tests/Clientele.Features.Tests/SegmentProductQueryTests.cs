using Clientele.Data.Ingest;
using Clientele.Tests;

namespace Clientele.Features.Tests;

/// <summary>
/// Per-segment product revenue and buyers on Online Retail, on each engine: the same rows from the order lines (summaries
/// not yet built) and from the customer-products summary, and totals that add up to the order lines'.
/// </summary>
public sealed class SegmentProductQueryTests : IDisposable
{
    private readonly TestStores _stores = new();

    public void Dispose() => _stores.Dispose();

    public static TheoryData<string> Engines => StoreEngines.All;

    [Theory]
    [MemberData(nameof(Engines))]
    public void ForMembers_OrderLinesAndSummaries_SameRowsAndTotals(string engine)
    {
        using var store = _stores.Open(engine);
        new OrderIngestor(store).Ingest(TestData.Sample("online_retail.csv.gz"), new IngestOptions { RejectsPath = _stores.RejectsPath() });
        var asOf = CustomerFeatureQuery.DefaultAsOf(store);
        // Two made-up groupings: RFM-like names by the id's last digit, clusters by the id modulo 3.
        var members = CustomerFeatureQuery.Compute(store).Customers
            .Select(c => new SegmentMember(c.CustomerId, c.CustomerId[^1] < '5' ? "low" : "high", int.Parse(c.CustomerId, System.Globalization.CultureInfo.InvariantCulture) % 3))
            .ToArray();

        var fromLines = Sorted(SegmentProductQuery.ForMembers(store, members, asOf));
        CustomerInputs.Prepare(store);
        var fromSummaries = Sorted(SegmentProductQuery.ForMembers(store, members, asOf));

        Assert.Equal(fromLines.Count, fromSummaries.Count);
        for (var i = 0; i < fromLines.Count; i++)
        {
            Assert.Equal((fromLines[i].RfmSegment, fromLines[i].Cluster, fromLines[i].ProductId, fromLines[i].Buyers), (fromSummaries[i].RfmSegment, fromSummaries[i].Cluster, fromSummaries[i].ProductId, fromSummaries[i].Buyers));
            Assert.Equal(fromLines[i].Revenue, fromSummaries[i].Revenue, 6);
        }
        // Each grouping covers every member once: its revenue is the members' product lines' net amount, its buyers
        // per product the product's distinct buying members.
        var lineRevenue = store.Scalar<double>("SELECT CAST(sum(amount) AS DOUBLE PRECISION) FROM order_lines WHERE product_id IS NOT NULL AND customer_id IN (SELECT customer_id FROM segment_members)");
        Assert.Equal(lineRevenue, fromSummaries.Where(r => r.RfmSegment is not null).Sum(r => r.Revenue), 2);
        Assert.Equal(lineRevenue, fromSummaries.Where(r => r.Cluster is not null).Sum(r => r.Revenue), 2);
        var buyers = store.Scalar<long>("SELECT count(DISTINCT customer_id) FROM order_lines WHERE product_id = '85123A' AND NOT is_return AND customer_id IN (SELECT customer_id FROM segment_members)");
        Assert.Equal(buyers, fromSummaries.Where(r => r.RfmSegment is not null && r.ProductId == "85123A").Sum(r => r.Buyers));
        Assert.Equal(buyers, fromSummaries.Where(r => r.Cluster is not null && r.ProductId == "85123A").Sum(r => r.Buyers));
    }

    private static List<SegmentProduct> Sorted(IEnumerable<SegmentProduct> rows) =>
        rows.OrderBy(r => r.RfmSegment ?? "", StringComparer.Ordinal).ThenBy(r => r.Cluster ?? -1).ThenBy(r => r.ProductId, StringComparer.Ordinal).ToList();
}
