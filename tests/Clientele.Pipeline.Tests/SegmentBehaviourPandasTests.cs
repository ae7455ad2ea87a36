using System.Globalization;
using System.Text;
using Clientele.Core;
using Clientele.Data.Ingest;
using Clientele.Data.Store;
using Clientele.Tests;

namespace Clientele.Pipeline.Tests;

/// <summary>
/// Every segment's behaviour in a generated shop against pandas. No public data set here has the orders and the events of
/// the same people, so the shop is made from a seed: 300 customers with orders in the first half of 2024, events for
/// about two thirds of them from March to June (views with and without a category, cart adds, purchases, searches,
/// wishlist adds, in visits whose pauses sometimes pass 30 minutes) and visitors without a customer id. All events come
/// before the as-of date, so the numbers come from the behaviour summaries.
/// </summary>
public sealed class SegmentBehaviourPandasTests : IDisposable
{
    private readonly TestStores _stores = new();

    public void Dispose() => _stores.Dispose();

    public static TheoryData<string> Engines => StoreEngines.All;

    /// <summary>
    /// pandas 1.5.3 (/usr/bin/python3 on the build machine) over the generated events.csv and the segmentation's customers.csv,
    /// written out once from this test:
    /// <code>
    /// as_of = pd.Timestamp("2024-07-01")
    /// e = pd.read_csv("events.csv", dtype=str, keep_default_na=False); e = e[e.customer_id != ""]
    /// e["t"] = pd.to_datetime(e.timestamp); e = e[e.t &lt; as_of].sort_values(["customer_id", "t"], kind="stable")
    /// e["session"] = (e.groupby("customer_id").t.diff() > pd.Timedelta(minutes=30)).groupby(e.customer_id).cumsum()
    /// s = e.groupby(["customer_id", "session"]).agg(cart=("event_type", lambda x: (x == "cart_add").any()), buy=("event_type", lambda x: (x == "purchase").any()))
    /// p = pd.DataFrame({"sessions": e.groupby("customer_id").session.nunique(), "views": e[e.event_type == "view"].groupby("customer_id").size(),
    ///     "carts": …"cart_add"…, "buys": …"purchase"…, "cart_sessions": s.cart.groupby("customer_id").sum(),
    ///     "abandoned": (s.cart &amp; ~s.buy).groupby("customer_id").sum(), "days": (as_of - e.groupby("customer_id").t.max().dt.normalize()).dt.days})
    /// c = pd.read_csv("customers.csv", dtype=str).set_index("customer_id").join(p)   # counts of customers without events filled with 0
    /// cv = e[(e.event_type == "view") &amp; (e.category != "")].groupby(["customer_id", "category"]).size()   # joined to c's segments
    /// </code>
    /// then per group (everyone, each rfm_segment, each cluster): customers, those with an event, mean and median sessions
    /// (zeros in), mean views and cart adds, view and purchase sums, cart and abandoned sessions, the median days over those
    /// with an event, and the category with most views (ties to the smaller) with its share of the group's categorised
    /// views and that share over everyone's. One line per group, numbers to six decimals: all 16 lines agree on DuckDB
    /// and PostgreSQL.
    /// </summary>
    private static readonly string[] Pandas =
    [
        "all,,300,214,3.993333,3.000000,6.936667,1.603333,2081,233,390,326,0.111965,0.835897,24.000000,shoes,0.231540,1.000000",
        "rfm,About to Sleep,8,6,3.375000,3.000000,7.250000,1.500000,58,7,8,6,0.120690,0.750000,29.500000,hats,0.218182,1.066167",
        "rfm,At Risk,25,18,3.680000,4.000000,6.600000,1.320000,165,16,30,26,0.096970,0.866667,23.000000,shoes,0.246753,1.065704",
        "rfm,Can't Lose Them,20,16,3.900000,3.000000,6.500000,1.450000,130,22,24,20,0.169231,0.833333,42.000000,shoes,0.301724,1.303118",
        "rfm,Champions,53,41,4.018868,3.000000,7.169811,1.735849,380,38,73,61,0.100000,0.835616,40.000000,shoes,0.219298,0.947129",
        "rfm,Hibernating,31,21,2.903226,1.000000,5.064516,1.612903,157,20,41,31,0.127389,0.756098,43.000000,shoes,0.255172,1.102066",
        "rfm,Lost,46,33,4.521739,5.000000,8.108696,1.826087,373,33,63,54,0.088472,0.857143,15.000000,hats,0.223529,1.092298",
        "rfm,Loyal,41,28,4.512195,4.000000,7.829268,1.560976,321,36,52,44,0.112150,0.846154,16.500000,shoes,0.218430,0.943379",
        "rfm,Need Attention,26,19,5.153846,5.500000,8.076923,2.038462,210,22,47,39,0.104762,0.829787,18.000000,hats,0.210000,1.026186",
        "rfm,New,4,1,1.750000,0.000000,2.750000,1.500000,11,3,4,3,0.272727,0.750000,21.000000,bags,0.333333,1.853372",
        "rfm,Potential Loyalist,42,28,3.571429,2.000000,6.023810,1.119048,253,32,40,35,0.126482,0.875000,28.000000,shoes,0.247748,1.069999",
        "rfm,Promising,4,3,3.500000,2.500000,5.750000,2.750000,23,4,8,7,0.173913,0.875000,26.000000,hats,0.250000,1.221649",
        "cluster,1,77,56,3.727273,3.000000,6.415584,1.519481,494,52,95,79,0.105263,0.831579,27.500000,shoes,0.216518,0.935120",
        "cluster,2,107,78,4.448598,4.000000,7.691589,1.607477,823,87,144,124,0.105711,0.861111,22.000000,shoes,0.241333,1.042296",
        "cluster,3,86,62,3.930233,3.000000,7.034884,1.755814,605,70,115,92,0.115702,0.800000,21.000000,shoes,0.236462,1.021258",
        "cluster,4,30,18,3.233333,1.500000,5.300000,1.366667,159,24,36,31,0.150943,0.861111,37.000000,hats,0.277778,1.357388",
    ];

    [Theory]
    [MemberData(nameof(Engines))]
    public void Compute_GeneratedShop_EverySegmentAsPandas(string engine)
    {
        var location = _stores.Location(engine, "shop");
        var (orders, events) = Generate(seed: 20261206);
        IngestJob.Run(location, _stores.Folder.Write("orders.csv", orders), new IngestOptions { RejectsPath = _stores.RejectsPath() });
        var segmentation = SegmentationJob.Run(new SegmentRequest { StorePath = location, OutputDirectory = _stores.Folder.File("segments-" + engine), Method = SegmentMethod.KMeans, K = 4 });
        using var store = ClienteleStore.OpenExisting(location);
        new EventIngestor(store).Ingest(_stores.Folder.Write("events.csv", events), new EventIngestOptions { RejectsPath = _stores.RejectsPath() });
        Features.Behaviour.BehaviourInputs.Prepare(store);
        Assert.True(Features.Behaviour.BehaviourInputs.SummariesAnswer(store, segmentation.AsOf));

        var (behaviour, skipped) = SegmentBehaviourProfiles.Compute(store, segmentation);
        Assert.Null(skipped);
        var lines = new List<string> { Line("all", "", behaviour!.Everyone) };
        lines.AddRange(behaviour.Rfm.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => Line("rfm", p.Key, p.Value)));
        lines.AddRange(behaviour.Clusters.OrderBy(p => p.Key).Select(p => Line("cluster", p.Key.ToString(CultureInfo.InvariantCulture), p.Value)));
        Assert.Equal(Pandas, lines);
    }

    private static string Line(string group, string key, SegmentBehaviour b)
    {
        static string N(double? value) => value is { } v ? v.ToString("0.000000", CultureInfo.InvariantCulture) : "";
        return string.Join(
            ",",
            group, key, b.Customers.ToString(CultureInfo.InvariantCulture), b.CustomersWithEvents.ToString(CultureInfo.InvariantCulture),
            N(b.MeanSessions), N(b.MedianSessions), N(b.MeanViews), N(b.MeanCartAdds),
            b.Views.ToString(CultureInfo.InvariantCulture), b.Purchases.ToString(CultureInfo.InvariantCulture),
            b.CartSessions.ToString(CultureInfo.InvariantCulture), b.AbandonedSessions.ToString(CultureInfo.InvariantCulture),
            N(b.ViewToPurchase), N(b.CartAbandonment), N(b.MedianDaysSinceLastVisit), b.TopCategory ?? "", N(b.TopCategoryShare), N(b.TopCategoryLift));
    }

    /// <summary>The shop's order lines (Online Retail's layout) and events, from <paramref name="seed"/>; the last order is on 2024-06-30, so the as-of date is 2024-07-01.</summary>
    internal static (string Orders, string Events) Generate(int seed)
    {
        var random = new Random(seed);
        var orders = new StringBuilder("InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n");
        var events = new StringBuilder("customer_id,visitor_id,event_type,product_id,category,timestamp\n");
        var invoice = 600000;
        var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);
        string[] categories = ["shoes", "hats", "bags", "toys", "books", "games", "tools", "lamps"];
        void Visits(string customer, string visitor, int visits)
        {
            for (var v = 0; v < visits; v++)
            {
                var at = new DateTime(2024, 3, 1, 0, 0, 0, DateTimeKind.Unspecified).AddMinutes(random.Next(0, 120 * 24 * 60));
                var count = random.Next(1, 7);
                for (var e = 0; e < count; e++)
                {
                    var roll = random.NextDouble();
                    var type = roll < 0.68 ? EventTypes.View : roll < 0.83 ? EventTypes.CartAdd : roll < 0.91 ? EventTypes.Purchase : roll < 0.96 ? EventTypes.Search : EventTypes.WishlistAdd;
                    // Categories are skewed (the first ones more viewed), and a tenth of the events has none.
                    var category = random.NextDouble() < 0.1 ? "" : categories[Math.Min(random.Next(0, 8), random.Next(0, 8))];
                    events.Append(CultureInfo.InvariantCulture, $"{customer},{visitor},{type},P{random.Next(1, 51)},{category},{at:yyyy-MM-dd HH:mm:ss}\n");
                    at = at.AddMinutes(random.NextDouble() < 0.15 ? random.Next(31, 90) : random.Next(0, 25));
                }
            }
        }
        for (var c = 0; c < 300; c++)
        {
            var customer = (20001 + c).ToString(CultureInfo.InvariantCulture);
            var count = c == 0 ? 1 : random.Next(1, 7);
            for (var o = 0; o < count; o++)
            {
                var day = c == 0 ? new DateTime(2024, 6, 30, 12, 0, 0, DateTimeKind.Unspecified) : start.AddDays(random.Next(0, 180)).AddHours(random.Next(8, 20));
                orders.Append(CultureInfo.InvariantCulture, $"{++invoice},P{random.Next(1, 51)},ITEM,{random.Next(1, 11)},{day:yyyy-MM-dd HH:mm},{random.Next(1, 40)}.50,{customer},United Kingdom\n");
            }
            if (random.NextDouble() < 0.67)
            {
                Visits(customer, "", random.Next(1, 9));
            }
        }
        for (var v = 0; v < 20; v++)
        {
            Visits("", $"v{v}", 1);
        }
        return (orders.ToString(), events.ToString());
    }
}
