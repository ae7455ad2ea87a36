using Clientele.Data.Ingest;
using Clientele.Data.Store;
using Clientele.Pipeline.Live;
using Clientele.Tests;

namespace Clientele.Pipeline.Tests;

/// <summary>The live recommendations' explanations: what the model can say about a recommended product, and only that.</summary>
public sealed class LiveRecommendationsTests : IDisposable
{
    private readonly TestStores _stores = new();

    public void Dispose() => _stores.Dispose();

    [Fact]
    public void For_PopularityModel_NoPurchaseExplainsARecommendationAndTheExplanationSaysWhy()
    {
        // Olist showed it: under popularity every product's "similarity" is its popularity, so the customer's three most
        // popular purchases stood behind every recommendation, while the batch's list says "popular".
        var location = _stores.Location(StoreEngines.DuckDb);
        IngestJob.Run(location, TestData.Sample("online_retail.csv.gz"), new IngestOptions { RejectsPath = _stores.RejectsPath() });
        RecommendJob.Run(new RecommendRequest { StorePath = location, OutputDirectory = _stores.Folder.File("popular"), Algorithm = "popular" });
        using var store = ClienteleStore.Open(location);
        var popular = LiveModels.Load(store, LiveModels.CurrentVersions(store));
        var why = new List<string>();

        var items = LiveRecommendations.For(store, popular, "12347", 10, why);

        Assert.Equal(10, items.Count);
        Assert.All(items, i => Assert.Empty(i.Because));
        Assert.Contains(why, w => w.Contains("no purchase explains a recommendation", StringComparison.Ordinal));

        // ALS on the same store: its item factors tell products apart, and its recommendations come with purchases.
        RecommendJob.Run(new RecommendRequest { StorePath = location, OutputDirectory = _stores.Folder.File("als"), Algorithm = "als" });
        var als = LiveModels.Load(store, LiveModels.CurrentVersions(store));
        Assert.All(LiveRecommendations.For(store, als, "12347", 10, []), i => Assert.NotEmpty(i.Because));
    }

    [Fact]
    public void For_StoreWithoutProductIds_SaysNoRecommenderCanBeMadeNotToRunOne()
    {
        // CDNOW records no products: telling its user to run clientele recommend sent them to an error.
        var location = _stores.Location(StoreEngines.DuckDb, "cdnow");
        IngestJob.Run(location, TestData.Sample("CDNOW_sample.txt"), new IngestOptions { RejectsPath = _stores.RejectsPath() });
        using var store = ClienteleStore.Open(location);
        var why = new List<string>();

        var items = LiveRecommendations.For(store, LiveModels.Load(store, LiveModels.CurrentVersions(store)), "1", 10, why);

        Assert.Empty(items);
        Assert.Equal(["no recommender, and none can be made: none of the store's 6,919 purchase lines has a product id (a layout such as CDNOW records none), and clientele recommend needs them"], why);
    }
}
