using Clientele.Data.Ingest;
using Clientele.Data.Store;
using Clientele.Tests;

namespace Clientele.Data.Tests;

public sealed class CampaignTablesTests : IDisposable
{
    private static readonly DateOnly Start = new(2011, 11, 10);

    private readonly TestStores _stores = new();

    public void Dispose() => _stores.Dispose();

    private static CampaignRecord Campaign(string name) =>
        new(CampaignTables.CampaignId(name, Start), name, "seed-1", Start, Start.AddDays(30), "winback.yaml", "name: " + name, Start.AddDays(-1));

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void SavePlanAndResults_ReadBack_ReplacingEarlierRunsOfTheSameId(string engine)
    {
        using var store = _stores.Open(engine);
        var time = new FixedTime(new DateTimeOffset(2011, 11, 9, 8, 0, 0, TimeSpan.Zero));
        var winback = Campaign("winback");
        CampaignTables.SavePlan(store, winback, [new("b", "control", "control", "Lost", 0.9), new("a", "coupon", "treatment", "Lost", 0.1)], time);
        // Planned again: replaces the first plan.
        CampaignTables.SavePlan(store, winback, [new("a", "coupon", "treatment", "At Risk", 0.5), new("B", "holdout", "holdout", "Lost", 0.7)], time);
        CampaignTables.SavePlan(store, Campaign("other") with { CampaignId = "other@2011-12-01", Start = new DateOnly(2011, 12, 1) }, [new("c", "x", "control", "Lost", 0.2)], time);

        Assert.Equal(winback, CampaignTables.Find(store, winback.CampaignId));
        // By customer id in ordinal order ("B" before "a"), on both engines, whatever the database's collation.
        Assert.Equal(["B", "a"], CampaignTables.Assignments(store, winback.CampaignId).Select(a => a.CustomerId));
        var treated = CampaignTables.Treatments(store, "other@2011-12-01");
        Assert.Equal(["a"], treated.Keys);
        Assert.Equal([Start], treated["a"]);

        CampaignTables.SaveResults(store, winback.CampaignId,
        [
            new("Lost", "coupon", "conversion", 10, 3, 120.5, 0.05, double.NaN, 0.2, 0.04, null),
            new("At Risk", "coupon", "conversion", 5, 1, 10, null, null, null, null, null),
            new("", "coupon", "conversion", 15, 4, 130.5, 0.1, 0.0, 0.2, 0.03, 0.06),
        ], time);
        var latest = CampaignTables.LatestResults(store, "winback", Start.AddDays(1), "conversion");
        Assert.NotNull(latest);
        Assert.Equal(winback.CampaignId, latest.Value.CampaignId);
        // Overall rows (segment "") are left out; a NaN bound is stored as NULL.
        Assert.Equal(
            [
                new CampaignResultRecord("At Risk", "coupon", "conversion", 5, 1, 10, null, null, null, null, null),
                new CampaignResultRecord("Lost", "coupon", "conversion", 10, 3, 120.5, 0.05, null, 0.2, 0.04, null),
            ],
            latest.Value.Results);
        Assert.Null(CampaignTables.LatestResults(store, "winback", Start, "conversion"));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Purchases_Window_OrdersAndNetRevenue(string engine)
    {
        using var store = _stores.Open(engine);
        var csv = _stores.Folder.Write("orders.csv", """
            InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
            1,A,apple,2,2011-11-09 23:59:00,1.50,11,UK
            2,A,apple,2,2011-11-10 00:00:00,1.50,11,UK
            3,B,pear,1,2011-11-12 10:00:00,4.00,11,UK
            C4,B,pear,-1,2011-11-13 10:00:00,4.00,11,UK
            5,B,pear,1,2011-11-20 10:00:00,4.00,12,UK
            """);
        new OrderIngestor(store).Ingest(csv, new IngestOptions { RejectsPath = _stores.RejectsPath() });

        var purchases = CampaignTables.Purchases(store, Start, new DateOnly(2011, 11, 20));

        // 11: orders 2 and 3 (the return C4 is not an order) and 3.00 + 4.00 - 4.00; 12's order is on the end day, outside.
        Assert.Equal(new WindowPurchases("11", 2, 3.00m), purchases["11"]);
        Assert.Single(purchases);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
