using System.Text.Json;
using Clientele.Core;
using Clientele.Data.Ingest;
using Clientele.Data.Store;
using Clientele.Reports;
using Clientele.Tests;

namespace Clientele.Pipeline.Tests;

/// <summary>
/// The behaviour columns of the report's segment profiles: a hand-made shop of six customers (three good, three poor,
/// each trio alike in its orders so that its three share an RFM segment and a cluster) and their events, worked out by
/// hand below, on both engines; and a report without events, unchanged.
/// </summary>
public sealed class SegmentBehaviourProfilesTests : IDisposable
{
    private readonly TestStores _stores = new();

    public void Dispose() => _stores.Dispose();

    public static TheoryData<string> Engines => StoreEngines.All;

    /// <summary>
    /// G1–G3 order on 2024-01-10, 02-10 and 03-10 (100.00 each); P1–P3 once on 2023-06-01 (5.00). Ties keep scores
    /// together, so G1–G3 score R = F = M = 3 and P1–P3 score 1: two RFM segments; k-means with k = 2 splits them the same
    /// way (cluster 1, the higher spend, is G). As of 2024-03-11, the day after the last order.
    /// </summary>
    private string Shop(string engine)
    {
        var location = _stores.Location(engine, "shop");
        var csv = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n";
        var invoice = 500000;
        foreach (var customer in new[] { "1001", "1002", "1003" })
        {
            foreach (var day in new[] { "2024-01-10 10:00", "2024-02-10 10:00", "2024-03-10 10:00" })
            {
                csv += $"{++invoice},85123A,WHITE HANGING HEART,20,{day},5.00,{customer},United Kingdom\n";
            }
        }
        foreach (var customer in new[] { "2001", "2002", "2003" })
        {
            csv += $"{++invoice},85123A,WHITE HANGING HEART,1,2023-06-01 10:00,5.00,{customer},United Kingdom\n";
        }
        IngestJob.Run(location, _stores.Folder.Write("orders.csv", csv), new IngestOptions { RejectsPath = _stores.RejectsPath() });
        SegmentationJob.Run(new SegmentRequest { StorePath = location, OutputDirectory = _stores.Folder.File("segments-" + engine), Method = SegmentMethod.KMeans, K = 2 });
        return location;
    }

    /// <summary>
    /// Events (G1 = 1001, G2 = 1002, P1 = 2001, P2 = 2002; G3 and P3 have none):
    /// G1: session 1 on 03-01 (views A, A, a cart add, a purchase: a cart session not abandoned), session 2 on 03-05 (a view
    ///     of B, a cart add: abandoned), and a view on 03-12, after the as-of, left out. 2 sessions, 3 views, 2 cart adds,
    ///     1 purchase, 2 cart sessions of which 1 abandoned; last visit 03-05: 6 days; A 2 views, B 1.
    /// G2: views of B at 14:00, 14:10 and 14:50 on 03-08 (40 minutes: a second session). 2 sessions, 3 views; 3 days; B 3.
    /// P1: on 02-01 a view of A and a cart add (abandoned), on 02-03 a purchase without a view. 2 sessions, 1 view, 1 cart
    ///     add, 1 purchase, 1 cart session abandoned; last visit 02-03: 37 days (29 in February 2024); A 1.
    /// P2: one view without a category at 23:50 on 03-10: 1 session, 1 view; 1 day.
    /// Visitor v9 (no customer) views C: in no segment and not in everyone.
    /// <para>Good (G1, G2, G3): 2 of 3 with events; sessions 2, 2, 0: mean 4/3, median 2; views 6 / 3 = 2; cart adds 2 / 3;
    /// view → purchase 1 / 6; abandonment 1 / 2; days 6 and 3: median 4.5; top B with 4 of 6 categorised views.</para>
    /// <para>Poor (P1, P2, P3): 2 of 3; sessions 2, 1, 0: mean 1, median 1; views 2 / 3; cart adds 1 / 3; view → purchase
    /// 1 / 2; abandonment 1 / 1; days 37 and 1: median 19; top A with 1 of 1.</para>
    /// <para>Everyone (6): 4 with events; sessions 0, 0, 1, 2, 2, 2: mean 7/6, median 1.5; views 8 / 6; cart adds 3 / 6;
    /// view → purchase 2 / 8; abandonment 2 / 3; days 1, 3, 6, 37: median 4.5; A 3 views, B 4: top B, 4 / 7.</para>
    /// <para>Lifts, good: sessions (4/3) / (7/6) = 8/7, views 2 / (4/3) = 1.5, cart adds (2/3) / (1/2) = 4/3, view →
    /// purchase (1/6) / (1/4) = 2/3, abandonment (1/2) / (2/3) = 3/4, days 4.5 / 4.5 = 1, B (4/6) / (4/7) = 7/6.
    /// Poor: sessions 6/7, views 1/2, cart adds 2/3, view → purchase 2, abandonment 3/2, days 19 / 4.5, A 1 / (3/7) = 7/3.</para>
    /// </summary>
    private const string Events = """
        customer_id,visitor_id,event_type,product_id,category,timestamp
        1001,,view,85123A,A,2024-03-01 10:00:00
        1001,,view,22423,A,2024-03-01 10:05:00
        1001,,cart_add,22423,A,2024-03-01 10:10:00
        1001,,purchase,22423,A,2024-03-01 10:20:00
        1001,,view,23166,B,2024-03-05 09:00:00
        1001,,cart_add,23166,B,2024-03-05 09:02:00
        1001,,view,23166,B,2024-03-12 09:00:00
        1002,,view,23166,B,2024-03-08 14:00:00
        1002,,view,23167,B,2024-03-08 14:10:00
        1002,,view,23168,B,2024-03-08 14:50:00
        2001,,view,85123A,A,2024-02-01 12:00:00
        2001,,cart_add,85123A,A,2024-02-01 12:05:00
        2001,,purchase,85123A,A,2024-02-03 12:00:00
        2002,,view,99999,,2024-03-10 23:50:00
        ,v9,view,85123A,C,2024-03-02 08:00:00
        """;

    [Theory]
    [MemberData(nameof(Engines))]
    public void Compute_HandMadeShop_EachSegmentAsWorkedOutByHand(string engine)
    {
        var location = Shop(engine);
        using var store = ClienteleStore.OpenExisting(location);
        var segments = Pipeline.State.StoredSegmentation.LoadCurrent(store, _stores.Folder.File("loaded-" + engine));
        Assert.Equal((null, null), SegmentBehaviourProfiles.Compute(store, segments));
        new EventIngestor(store).Ingest(_stores.Folder.Write("events.csv", Events), new EventIngestOptions { RejectsPath = _stores.RejectsPath() });

        var (behaviour, skipped) = SegmentBehaviourProfiles.Compute(store, segments);
        Assert.Null(skipped);
        var segmentOf = segments.Customers.ToDictionary(c => c.Features.CustomerId, c => c.RfmSegment);
        Assert.Equal(segmentOf["1001"], segmentOf["1003"]);
        Assert.Equal(segmentOf["2001"], segmentOf["2003"]);
        Assert.NotEqual(segmentOf["1001"], segmentOf["2001"]);
        var clusterOf = segments.Customers.ToDictionary(c => c.Features.CustomerId, c => c.Cluster);
        Assert.Equal((1, 1, 1, 2, 2, 2), (clusterOf["1001"], clusterOf["1002"], clusterOf["1003"], clusterOf["2001"], clusterOf["2002"], clusterOf["2003"]));

        var everyone = behaviour!.Everyone;
        Assert.Equal(new SegmentBehaviour(6, 4, 7.0 / 6, 1.5, 8.0 / 6, 0.5, 8, 2, 3, 2, 4.5, "B", 4.0 / 7, 1.0), everyone);
        var good = new SegmentBehaviour(3, 2, 4.0 / 3, 2, 2, 2.0 / 3, 6, 1, 2, 1, 4.5, "B", 4.0 / 6, (4.0 / 6) / (4.0 / 7));
        var poor = new SegmentBehaviour(3, 2, 1, 1, 2.0 / 3, 1.0 / 3, 2, 1, 1, 1, 19, "A", 1, 1 / (3.0 / 7));
        Assert.Equal(2, behaviour.Rfm.Count);
        Same(good, behaviour.Rfm[segmentOf["1001"]]);
        Same(poor, behaviour.Rfm[segmentOf["2001"]]);
        Assert.Equal([1, 2], behaviour.Clusters.Keys.Order());
        Same(good, behaviour.Clusters[1]);
        Same(poor, behaviour.Clusters[2]);

        Assert.Equal(1.0 / 6, good.ViewToPurchase!.Value, 12);
        Assert.Equal(0.5, good.CartAbandonment);
        Assert.Equal(2.0 / 3, good.ShareWithEvents, 12);
        Lifts(new BehaviourLifts(1, 8.0 / 7, 1.5, 4.0 / 3, 2.0 / 3, 0.75, 1, 7.0 / 6), behaviour.Rfm[segmentOf["1001"]].LiftsAgainst(everyone));
        Lifts(new BehaviourLifts(1, 6.0 / 7, 0.5, 2.0 / 3, 2, 1.5, 19 / 4.5, 7.0 / 3), behaviour.Clusters[2].LiftsAgainst(everyone));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void Report_HandMadeShopWithEvents_BehaviourTablesAndFacts(string engine)
    {
        var location = Shop(engine);
        var before = ReportJob.Run(new ReportRequest { StorePath = location, OutputDirectory = _stores.Folder.File("before"), IncludeValue = false, IncludeRecommendations = false });
        var without = File.ReadAllText(before.Files.Report);
        Assert.DoesNotContain("rfm-behaviour", without, StringComparison.Ordinal);
        Assert.DoesNotContain("\"behaviour", Facts(without).GetProperty("segments").GetRawText(), StringComparison.Ordinal);

        using (var store = ClienteleStore.OpenExisting(location))
        {
            new EventIngestor(store).Ingest(_stores.Folder.Write("events.csv", Events), new EventIngestOptions { RejectsPath = _stores.RejectsPath() });
        }
        var after = ReportJob.Run(new ReportRequest { StorePath = location, OutputDirectory = _stores.Folder.File("after"), IncludeValue = false, IncludeRecommendations = false });
        var html = File.ReadAllText(after.Files.Report);
        Assert.Contains("data-table=\"rfm-behaviour\"", html, StringComparison.Ordinal);
        Assert.Contains("data-table=\"cluster-behaviour\"", html, StringComparison.Ordinal);
        Assert.Contains("data-group=\"cluster\" data-customers=\"3\" data-with-events=\"2\"", html, StringComparison.Ordinal);

        var facts = Facts(html).GetProperty("segments");
        var all = facts.GetProperty("behaviour");
        Assert.Equal(4, all.GetProperty("customers_with_events").GetInt32());
        Assert.Equal(0.25, all.GetProperty("view_to_purchase").GetDouble());
        Assert.False(all.TryGetProperty("lifts", out _));
        var cluster2 = facts.GetProperty("clusters").GetProperty("segments").EnumerateArray().Single(s => s.GetProperty("key").GetString() == "2").GetProperty("behaviour");
        Assert.Equal(1.0, cluster2.GetProperty("cart_abandonment").GetDouble());
        Assert.Equal("A", cluster2.GetProperty("top_category").GetString());
        Assert.Equal(2.0, cluster2.GetProperty("lifts").GetProperty("view_to_purchase").GetDouble(), 12);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void Report_EventsAllAfterTheAsOf_SaysWhyThereAreNoBehaviourColumns(string engine)
    {
        var location = Shop(engine);
        using (var store = ClienteleStore.OpenExisting(location))
        {
            new EventIngestor(store).Ingest(
                _stores.Folder.Write("late.csv", "customer_id,event_type,product_id,timestamp\n1001,view,85123A,2024-03-12 09:00:00\n"),
                new EventIngestOptions { RejectsPath = _stores.RejectsPath() });
        }
        var report = ReportJob.Run(new ReportRequest { StorePath = location, OutputDirectory = _stores.Folder.File("out"), IncludeValue = false, IncludeRecommendations = false });
        var html = File.ReadAllText(report.Files.Report);
        Assert.DoesNotContain("rfm-behaviour", html, StringComparison.Ordinal);
        Assert.Contains("Behaviour: none of the 6 customers has a behaviour event before 2024-03-11", html, StringComparison.Ordinal);
    }

    /// <summary>
    /// Briefs of the store's segmentation and of its exported files (<c>brief --segments</c>) carry the same behaviour
    /// facts (both read the store's events for the same customers), the numbers above; briefs.md is the same.
    /// </summary>
    [Theory]
    [MemberData(nameof(Engines))]
    public void Brief_StoreAndExportedFilesWithEvents_SameBehaviourFacts(string engine)
    {
        var location = Shop(engine);
        using (var store = ClienteleStore.OpenExisting(location))
        {
            new EventIngestor(store).Ingest(_stores.Folder.Write("events.csv", Events), new EventIngestOptions { RejectsPath = _stores.RejectsPath() });
        }
        var fromStore = BriefJob.Run(new BriefRequest { StorePath = location, OutputDirectory = _stores.Folder.File("store") });
        var fromFiles = BriefJob.Run(new BriefRequest { StorePath = location, SegmentsFile = fromStore.Segmentation!.SegmentsFile, OutputDirectory = _stores.Folder.File("files") });

        Assert.Equal(fromFiles.Facts.Segments.Count, fromStore.Facts.Segments.Count);
        foreach (var (files, rows) in fromFiles.Facts.Segments.Zip(fromStore.Facts.Segments))
        {
            Assert.Equal(JsonSerializer.Serialize(files), JsonSerializer.Serialize(rows));
        }
        var cluster2 = fromStore.Facts.Segments.Single(s => s.Method == "kmeans" && s.SegmentId == 2);
        Assert.Equal((3, 2, 2L, 1L, 1L, 1L, "A"), (cluster2.Behaviour!.Customers, cluster2.Behaviour.CustomersWithEvents, cluster2.Behaviour.Views, cluster2.Behaviour.Purchases, cluster2.Behaviour.CartSessions, cluster2.Behaviour.AbandonedSessions, cluster2.Behaviour.TopCategory));
        Assert.Equal(2.0, cluster2.BehaviourLifts!.ViewToPurchase!.Value, 12);
        Assert.Contains("\"behaviour\"", File.ReadAllText(fromStore.JsonFile), StringComparison.Ordinal);
        Assert.Equal(File.ReadAllText(fromFiles.MarkdownFile), File.ReadAllText(fromStore.MarkdownFile));
    }

    private static JsonElement Facts(string html)
    {
        var start = html.IndexOf($"id=\"{HtmlReport.FactsElementId}\">", StringComparison.Ordinal);
        start = html.IndexOf('>', start) + 1;
        var end = html.IndexOf("</script>", start, StringComparison.Ordinal);
        return JsonDocument.Parse(html[start..end]).RootElement;
    }

    private static void Same(SegmentBehaviour expected, SegmentBehaviour actual)
    {
        Assert.Equal((expected.Customers, expected.CustomersWithEvents, expected.Views, expected.Purchases, expected.CartSessions, expected.AbandonedSessions, expected.TopCategory),
            (actual.Customers, actual.CustomersWithEvents, actual.Views, actual.Purchases, actual.CartSessions, actual.AbandonedSessions, actual.TopCategory));
        Assert.Equal(expected.MeanSessions, actual.MeanSessions, 12);
        Assert.Equal(expected.MedianSessions, actual.MedianSessions, 12);
        Assert.Equal(expected.MeanViews, actual.MeanViews, 12);
        Assert.Equal(expected.MeanCartAdds, actual.MeanCartAdds, 12);
        Assert.Equal(expected.MedianDaysSinceLastVisit!.Value, actual.MedianDaysSinceLastVisit!.Value, 12);
        Assert.Equal(expected.TopCategoryShare!.Value, actual.TopCategoryShare!.Value, 12);
        Assert.Equal(expected.TopCategoryLift!.Value, actual.TopCategoryLift!.Value, 12);
    }

    private static void Lifts(BehaviourLifts expected, BehaviourLifts actual)
    {
        double?[] e = [expected.ShareWithEvents, expected.Sessions, expected.Views, expected.CartAdds, expected.ViewToPurchase, expected.CartAbandonment, expected.DaysSinceLastVisit, expected.TopCategory];
        double?[] a = [actual.ShareWithEvents, actual.Sessions, actual.Views, actual.CartAdds, actual.ViewToPurchase, actual.CartAbandonment, actual.DaysSinceLastVisit, actual.TopCategory];
        for (var i = 0; i < e.Length; i++)
        {
            Assert.Equal(e[i]!.Value, a[i]!.Value, 12);
        }
    }
}
