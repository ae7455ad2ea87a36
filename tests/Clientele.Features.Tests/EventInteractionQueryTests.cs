using Clientele.Data.Ingest;
using Clientele.Data.Store;
using Clientele.Tests;

namespace Clientele.Features.Tests;

/// <summary>Customer × product × day counts of events and purchases for implicit feedback, on both engines.</summary>
public sealed class EventInteractionQueryTests : IDisposable
{
    private const string Taobao = "clickstream/taobao_userbehavior_head.csv";

    private readonly TestStores _stores = new();

    public void Dispose() => _stores.Dispose();

    [SharedDataTheory(Taobao)]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Compute_TaobaoSample_CountsMatchPandas(string engine)
    {
        using var store = _stores.Open(engine);
        var map = new Dictionary<string, string> { ["customer_id"] = "1", ["product_id"] = "2", ["category"] = "3", ["event_type"] = "4", ["occurred_at"] = "5" };
        new EventIngestor(store).Ingest(TestData.Shared(Taobao), new EventIngestOptions { RejectsPath = _stores.RejectsPath(), Map = map });

        var rows = EventInteractionQuery.Compute(store);

        // pandas 1.5.3 (/usr/bin/python3), independently of this code:
        //   d = pd.read_csv(path, header=None, names=["user","item","cat","behavior","ts"], dtype={"user": str, "item": str}).dropna(subset=["ts"])
        //   d["day"] = pd.to_datetime(d.ts.astype("int64"), unit="s").dt.date                  # UTC days
        //   g = d.groupby(["user","item","day"]).behavior.value_counts().unstack(fill_value=0)
        //   len(g) -> 71,214; g.sum() -> pv 75,872, cart 4,497, fav 2,356, buy 1,750
        //   len(g.loc["100"]) -> 73; g.loc["100"].sum() -> pv 84, cart 0, fav 6, buy 8
        Assert.False(EventInteractionQuery.PurchasesFromOrderLines(store));
        Assert.Equal(71_214, rows.Count);
        Assert.Equal((75_872, 4_497, 2_356, 1_750), (rows.Sum(r => r.Views), rows.Sum(r => r.CartAdds), rows.Sum(r => r.WishlistAdds), rows.Sum(r => r.Purchases)));
        var customer100 = rows.Where(r => r.CustomerId == "100").ToArray();
        Assert.Equal(73, customer100.Length);
        Assert.Equal((84, 0, 6, 8), (customer100.Sum(r => r.Views), customer100.Sum(r => r.CartAdds), customer100.Sum(r => r.WishlistAdds), customer100.Sum(r => r.Purchases)));
        Assert.Equal(rows.OrderBy(r => r.CustomerId, StringComparer.Ordinal).ThenBy(r => r.ProductId, StringComparer.Ordinal).ThenBy(r => r.Day), rows);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Compute_OrderLinesAndPurchaseEvents_PurchasesCountedOnceFromOrderLines(string engine)
    {
        using var store = HandWrittenStore(engine);

        var rows = EventInteractionQuery.Compute(store);

        // By hand: customer 11 viewed A twice and bought it on 2011-01-10 (one order line; its purchase event is the
        // same purchase and is not counted again), carted B on 01-12; the return of B (C1003) is no purchase; the
        // anonymous visitor's view and the search are not counted; 12's view of A is on 01-11.
        Assert.True(EventInteractionQuery.PurchasesFromOrderLines(store));
        Assert.Equal(
            [
                new EventInteraction("11", "A", new DateOnly(2011, 1, 10), 2, 0, 0, 1),
                new EventInteraction("11", "B", new DateOnly(2011, 1, 12), 0, 1, 0, 0),
                new EventInteraction("11", "B", new DateOnly(2011, 1, 20), 0, 0, 0, 1),
                new EventInteraction("12", "A", new DateOnly(2011, 1, 11), 1, 0, 1, 0),
            ],
            rows);
        Assert.Equal(3, EventInteractionQuery.Compute(store, new DateOnly(2011, 1, 13)).Count);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Compute_NoOrderLines_PurchaseEventsArePurchases(string engine)
    {
        using var store = _stores.Open(engine);
        IngestEvents(store);

        var rows = EventInteractionQuery.Compute(store);

        Assert.False(EventInteractionQuery.PurchasesFromOrderLines(store));
        Assert.Equal(new EventInteraction("11", "A", new DateOnly(2011, 1, 10), 2, 0, 0, 1), rows[0]);
        Assert.Equal(1, rows.Sum(r => r.Purchases));
    }

    private ClienteleStore HandWrittenStore(string engine)
    {
        var orders = _stores.Folder.Write("orders.csv", """
            InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
            1001,A,apple,2,2011-01-10 09:00:00,1.50,11,UK
            1002,B,pear,1,2011-01-20 10:00:00,4.00,11,UK
            C1003,B,pear,-1,2011-01-21 10:00:00,4.00,11,UK
            """);
        var store = _stores.Open(engine);
        new OrderIngestor(store).Ingest(orders, new IngestOptions { RejectsPath = _stores.RejectsPath() });
        IngestEvents(store);
        return store;
    }

    private void IngestEvents(ClienteleStore store)
    {
        var events = _stores.Folder.Write("events.csv", """
            customer_id,visitor_id,product_id,event_type,occurred_at,query
            11,,A,view,2011-01-10T08:00:00Z,
            11,,A,view,2011-01-10T08:30:00Z,
            11,,A,purchase,2011-01-10T09:00:00Z,
            11,,B,cart_add,2011-01-12T09:00:00Z,
            11,,,search,2011-01-12T09:05:00Z,pears
            12,,A,view,2011-01-11T10:00:00Z,
            12,,A,wishlist_add,2011-01-11T10:01:00Z,
            ,v9,A,view,2011-01-11T11:00:00Z,
            """);
        new EventIngestor(store).Ingest(events, new EventIngestOptions { RejectsPath = _stores.RejectsPath() });
    }
}
