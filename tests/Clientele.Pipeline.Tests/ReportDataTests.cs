using System.Text.Json;
using Clientele.Data.Ingest;
using Clientele.Data.Store;
using Clientele.Tests;

namespace Clientele.Pipeline.Tests;

/// <summary>The report's account of the data: order lines only, with product and review files listed apart.</summary>
public sealed class ReportDataTests : IDisposable
{
    private readonly TestStores _stores = new();

    public void Dispose() => _stores.Dispose();

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void DataOverviewQuery_ProductsAndReviewsInTheStore_StayOutOfTheOrderLineAccount(string engine)
    {
        var store = _stores.Location(engine);
        var orders = IngestJob.Run(store, TestData.Sample("CDNOW_sample.txt"), new IngestOptions { RejectsPath = _stores.RejectsPath() });
        var products = IngestJob.RunProducts(
            store, _stores.Folder.Write("products.csv", "product_id,title,price\nA,Red mug,4.50\nB,Blue mug,cheap\n"), new TableIngestOptions { RejectsPath = _stores.Folder.File("p.csv"), Limits = new IngestLimits { AcceptRejects = true } });
        var reviews = IngestJob.RunReviews(
            store, _stores.Folder.Write("reviews.csv", "customer_id,product_id,rating,text,date\n1,A,5,good,2020-01-01\n2,A,9,great,2020-01-02\n"),
            new TableIngestOptions { RejectsPath = _stores.Folder.File("r.csv"), Limits = new IngestLimits { AcceptRejects = true } });
        Assert.Equal((1L, 1L), (products.Rejected, reviews.Rejected));

        using var opened = ClienteleStore.OpenExisting(store);
        var overview = ReportJob.DataOverviewQuery(opened);

        // The order account is the order file's alone (CDNOW sample: 6,919 rows, ../shared/data/cdnow/README.md).
        Assert.Equal("CDNOW_sample.txt", Assert.Single(overview.Files).File);
        Assert.Equal((6_919L, orders.Accepted, orders.Rejected), (overview.RowsRead, overview.RowsAccepted, overview.RowsRejected));
        Assert.Equal(orders.Rejected, overview.RejectedByReason.Sum(r => r.Rows));
        Assert.Equal(
            [("products.csv", "products", 2L, 1L, 1L), ("reviews.csv", "reviews", 2L, 1L, 1L)],
            overview.CatalogueFiles.Select(f => (f.File, f.Layout, f.RowsRead, f.RowsAccepted, f.RowsRejected)));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void DataOverviewQuery_OnlineRetail_SummariesGiveTheOrderLinesNumbers(string engine)
    {
        var store = _stores.Location(engine);
        IngestJob.Run(store, TestData.Sample("online_retail.csv.gz"), new IngestOptions { RejectsPath = _stores.RejectsPath() });
        using var opened = ClienteleStore.OpenExisting(store);
        Features.Summaries.CustomerSummaryTables.Rebuild(opened); // as segment, value and refresh do before reading them
        Assert.True(Features.Summaries.CustomerSummaryTables.IsCurrent(opened));

        AssertSameOverview(ReportJob.DataOverviewQuery(opened, fromSummaries: false), ReportJob.DataOverviewQuery(opened, fromSummaries: true));
    }

    /// <summary>
    /// Order 9001 has purchase lines in January and February and counts in both months (once in all); order 9002 is shared
    /// by two customers (one order in all); order 9003 bought in March and had a line returned under the same number in
    /// April, so it counts in March only. Counted by hand: 3 orders; January 1 order (A), February 2 (9001 of A,
    /// 9002 of A and B), March 1 (9003 of C); active customers January 1, February 2, March 1, April 0.
    /// </summary>
    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void DataOverviewQuery_OrdersOverMonthsAndCustomers_SummariesCountAsOrderLines(string engine)
    {
        var store = _stores.Location(engine);
        const string csv = """
            InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
            9001,A1,MUG,2,2024-01-31 10:00,3.00,100,United Kingdom
            9001,A2,CUP,1,2024-02-01 09:00,4.00,100,United Kingdom
            9002,A1,MUG,1,2024-02-05 10:00,3.00,100,United Kingdom
            9002,A1,MUG,1,2024-02-05 10:00,3.00,200,United Kingdom
            9003,A2,CUP,3,2024-03-02 10:00,4.00,300,United Kingdom
            9003,A2,CUP,-1,2024-04-02 10:00,4.00,300,United Kingdom
            """;
        IngestJob.Run(store, _stores.Folder.Write("orders.csv", csv + "\n"), new IngestOptions { RejectsPath = _stores.RejectsPath() });
        using var opened = ClienteleStore.OpenExisting(store);
        Features.Summaries.CustomerSummaryTables.Rebuild(opened); // as segment, value and refresh do before reading them
        Assert.True(Features.Summaries.CustomerSummaryTables.IsCurrent(opened));

        var fromSummaries = ReportJob.DataOverviewQuery(opened, fromSummaries: true);

        AssertSameOverview(ReportJob.DataOverviewQuery(opened, fromSummaries: false), fromSummaries);
        Assert.Equal((3L, 3L), (fromSummaries.Customers, fromSummaries.Orders));
        Assert.Equal([1L, 2L, 1L, 0L], fromSummaries.Months.Select(m => m.Orders));
        Assert.Equal([1L, 2L, 1L, 0L], fromSummaries.Months.Select(m => m.ActiveCustomers));
        Assert.Equal([6m, 10m, 12m, -4m], fromSummaries.Months.Select(m => m.Revenue));
    }

    private static void AssertSameOverview(Reports.DataOverview expected, Reports.DataOverview actual)
    {
        Assert.Equal((expected.FirstOrder, expected.LastOrder, expected.Customers, expected.Orders), (actual.FirstOrder, actual.LastOrder, actual.Customers, actual.Orders));
        Assert.Equal((expected.PurchaseValue, expected.ReturnValue), (actual.PurchaseValue, actual.ReturnValue));
        Assert.Equal(expected.Months, actual.Months);
        Assert.Equal(JsonSerializer.Serialize(expected), JsonSerializer.Serialize(actual));
    }
}

/// <summary>The whole report on a store of a documented layout without product ids (CDNOW): every section made or explained.</summary>
public sealed class CdnowReportTests : IDisposable
{
    private readonly TestStores _stores = new();

    public void Dispose() => _stores.Dispose();

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Run_StoreWithoutProductIds_RecommendationsSectionSaysWhyAndTheRestIsWritten(string engine)
    {
        var store = _stores.Location(engine, "cdnow");
        IngestJob.Run(store, TestData.Sample("CDNOW_sample.txt"), new IngestOptions { RejectsPath = _stores.RejectsPath() });

        // Issue 13: this stopped with InvalidOperationException (exit 70) and a half-written folder.
        CurrentModels.Make(store, method: SegmentMethod.KMeans);
        var result = ReportJob.Run(new ReportRequest { StorePath = store, OutputDirectory = _stores.Folder.File("out"), IncludeValue = false });

        var html = File.ReadAllText(result.Files.Report);
        Assert.Contains("No recommendations section: recommend: none of the 6,919 purchase lines", html, StringComparison.Ordinal);
        Assert.Contains("has a product id (a layout such as CDNOW records none)", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"#recommendations\">Recommendations</a>", html, StringComparison.Ordinal);
        Assert.Contains("No value section: not asked for", html, StringComparison.Ordinal);
        Assert.Equal(2_357, result.Segments.Customers.Count);
    }
}
