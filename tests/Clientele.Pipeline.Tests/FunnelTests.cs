using Clientele.Data.Ingest;
using Clientele.Data.Store;
using Clientele.Features;
using Clientele.Pipeline.State;
using Clientele.Tests;

namespace Clientele.Pipeline.Tests;

/// <summary>The funnel overall (Taobao's sample, against pandas) and per segment (hand-made events on Online Retail), and the report's section.</summary>
public sealed class FunnelTests : IDisposable
{
    private const string Taobao = "clickstream/taobao_userbehavior_head.csv";

    private readonly TestStores _stores = new();

    public void Dispose() => _stores.Dispose();

    public static TheoryData<string> Engines => StoreEngines.All;

    /// <summary>
    /// pandas 1.5.3: <c>df = pd.read_csv(path, header=None, names=["user", "item", "cat", "type", "ts"]).dropna(subset=["ts"])</c>;
    /// <c>df.user.nunique()</c> = 815 and, per type, <c>df[df.type == t].user.nunique()</c>: pv 813, cart 601, buy 559.
    /// </summary>
    [SharedDataTheory(Taobao)]
    [MemberData(nameof(Engines))]
    public void Compute_TaobaoSample_PeopleAtEachStepAsPandasCounts(string engine)
    {
        using var store = _stores.Open(engine);
        new EventIngestor(store).Ingest(TestData.Shared(Taobao), new EventIngestOptions
        {
            RejectsPath = _stores.RejectsPath(),
            Map = new Dictionary<string, string> { ["customer_id"] = "1", ["product_id"] = "2", ["category"] = "3", ["event_type"] = "4", ["occurred_at"] = "5" },
        });

        Assert.True(FunnelQuery.HasEvents(store));
        Assert.Equal(new FunnelRow(null, null, 815, 813, 601, 559), Assert.Single(FunnelQuery.Compute(store)));
    }

    /// <summary>
    /// Hand-made events for three Online Retail customers and one anonymous visitor, 2011-12-01 … 2011-12-08: 12347 views
    /// and carts (and has order lines on 2011-12-07, in the period: a buyer); 12346 views (its orders are from January:
    /// not a buyer); 12348 buys by a purchase event without viewing; visitor v1 views. Everyone: 4 visitors, 3 viewers,
    /// 1 cart, 2 buyers; per segment the three customers in their RFM segments and clusters, v1 outside.
    /// </summary>
    [Theory]
    [MemberData(nameof(Engines))]
    public void Report_EventsOnOnlineRetail_FunnelOverallAndPerSegment(string engine)
    {
        var location = _stores.Location(engine);
        IngestJob.Run(location, TestData.Sample("online_retail.csv.gz"), new IngestOptions { RejectsPath = _stores.RejectsPath() });
        CurrentModels.Make(location, method: SegmentMethod.KMeans);
        var events = _stores.Folder.Write("events.csv", """
            customer_id,visitor_id,event_type,product_id,timestamp
            12347,,view,85123A,2011-12-01 10:00:00
            12347,,cart_add,85123A,2011-12-01 10:05:00
            12346,,view,23166,2011-12-02 09:00:00
            12348,,purchase,22423,2011-12-03 12:00:00
            ,v1,view,85123A,2011-12-08 18:00:00
            """);
        using (var store = ClienteleStore.OpenExisting(location))
        {
            new EventIngestor(store).Ingest(events, new EventIngestOptions { RejectsPath = _stores.RejectsPath() });
            var version = ModelRegistry.Current(store, ModelKinds.Segmentation)!.Version;
            var rows = FunnelQuery.Compute(store, version);

            Assert.Equal(new FunnelRow(null, null, 4, 3, 1, 2), rows[0]);
            Assert.Equal(new FunnelRow("none", null, 1, 1, 0, 0), rows.Single(r => r.Grouping == "none"));
            var segmentOf = (string id) => store.Scalar<string>("SELECT rfm_segment FROM segment_results WHERE version = $v AND customer_id = $c", ("v", version), ("c", id));
            var rfm = rows.Where(r => r.Grouping == "rfm").ToList();
            Assert.Equal(3, rfm.Sum(r => r.Visitors));
            Assert.Equal(2, rfm.Sum(r => r.Viewers));
            Assert.Equal(2, rfm.Sum(r => r.Buyers));
            Assert.True(rfm.Single(r => r.Segment == segmentOf("12347")).Carts >= 1);
            var clusters = rows.Where(r => r.Grouping == "kmeans").ToList();
            Assert.Equal((3L, 2L, 1L, 2L), (clusters.Sum(r => r.Visitors), clusters.Sum(r => r.Viewers), clusters.Sum(r => r.Carts), clusters.Sum(r => r.Buyers)));
        }

        var report = ReportJob.Run(new ReportRequest { StorePath = location, OutputDirectory = _stores.Folder.File("out") });
        var html = File.ReadAllText(report.Files.Report);
        Assert.Contains("id=\"funnel\"", html, StringComparison.Ordinal);
        Assert.Contains("not in the segmentation", html, StringComparison.Ordinal);
    }
}
