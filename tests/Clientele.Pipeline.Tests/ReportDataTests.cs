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
