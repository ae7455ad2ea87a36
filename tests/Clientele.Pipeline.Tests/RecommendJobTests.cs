using Clientele.Data.Ingest;
using Clientele.Tests;

namespace Clientele.Pipeline.Tests;

/// <summary>The Online Retail sample ingested once per engine for the class; recommend's runs only add versions to it.</summary>
public sealed class OnlineRetailStores : PerEngine<string>
{
    protected override string Make(string engine)
    {
        var store = Stores.Location(engine, "shop");
        IngestJob.Run(store, TestData.Sample("online_retail.csv.gz"), new IngestOptions { RejectsPath = Stores.RejectsPath() });
        return store;
    }
}

public sealed class RecommendJobTests(OnlineRetailStores shops) : IClassFixture<OnlineRetailStores>, IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Evaluate_OnlineRetailLastMonthHeldOut_AlsAndItemKnnBeatPopularity(string engine)
    {
        var store = shops.For(engine);
        // The issue's acceptance: a time-based split with the last month held out, NDCG@10.
        var evaluation = RecommendJob.Evaluate(new RecommendEvaluationRequest { StorePath = store, Algorithms = ["als", "item-knn-bm25", "item-knn"] });
        var ndcg = evaluation.Rows.ToDictionary(r => r.Name, r => r.Ndcg);
        Assert.True(ndcg["als"] > ndcg["popular"], $"ALS {ndcg["als"]} vs popularity {ndcg["popular"]}");
        Assert.True(ndcg["item-knn"] > ndcg["popular"], $"item-kNN {ndcg["item-knn"]} vs popularity {ndcg["popular"]}");
        Assert.True(ndcg["item-knn-bm25"] > ndcg["popular"]);
        Assert.True(evaluation.TestInteractions > 0);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Run_ItemKnn_EveryCustomerGetsRanksOneToTop(string engine)
    {
        var store = shops.For(engine);
        var result = RecommendJob.Run(new RecommendRequest { StorePath = store, OutputDirectory = _folder.File("out"), Algorithm = "item-knn", Top = 5 });
        var rows = File.ReadLines(result.RecommendationsFile).Skip(1).Select(l => l.Split(',')).ToArray();
        Assert.Equal("customer_id,rank,product_id,score,product_name,basis", File.ReadLines(result.RecommendationsFile).First());
        Assert.Equal(4_338, rows.Select(r => r[0]).Distinct().Count()); // every customer with a purchase (README's 4,338)
        Assert.All(rows.GroupBy(r => r[0]), g => Assert.Equal(["1", "2", "3", "4", "5"], g.Select(r => r[1])));
        Assert.True(File.ReadLines(result.SimilarProductsFile).Count() > 1);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Run_Als_FilesFromTheListsInHandAreTheStoresExportByteForByte(string engine)
    {
        // The run writes its files from the rows it saved; the export reads the version's rows back from the store (ORDER
        // BY id COLLATE "C", rank): the two must be the same bytes.
        var store = shops.For(engine);
        var result = RecommendJob.Run(new RecommendRequest { StorePath = store, OutputDirectory = _folder.File("run"), Algorithm = "als" });
        using var opened = Data.Store.ClienteleStore.OpenExisting(store);
        var exported = State.StoreExports.Recommendations(opened, result.Version, _folder.File("export"));

        Assert.Equal(File.ReadAllBytes(result.RecommendationsFile), File.ReadAllBytes(exported[0]));
        Assert.Equal(File.ReadAllBytes(result.SimilarProductsFile), File.ReadAllBytes(exported[1]));
        Assert.Equal(4_338 * 10, File.ReadLines(result.RecommendationsFile).Count() - 1);
    }

    [Fact]
    public void InStoreOrder_IdsBeyondUFFFF_SortedByCodePointAsTheCCollation()
    {
        // "\uD83D\uDE00" (U+1F600) is after "\uFFFD" by code point and in UTF-8 bytes (F0 9F … against EF BF BD), before it
        // in UTF-16's ordinal order: the rows come back in the store's order, ranks increasing within an id.
        var rows = new[]
        {
            new Data.Store.RecommendationRow("a\uD83D\uDE00", 1, "p", 1, "als"),
            new Data.Store.RecommendationRow("a\uFFFD", 2, "p", 1, "als"),
            new Data.Store.RecommendationRow("a\uFFFD", 1, "p", 1, "als"),
            new Data.Store.RecommendationRow("a", 1, "p", 1, "als"),
        };

        var ordered = State.StoreExports.InStoreOrder(rows, r => r.CustomerId, r => r.Rank);

        Assert.Equal([("a", 1), ("a\uFFFD", 1), ("a\uFFFD", 2), ("a\uD83D\uDE00", 1)], ordered.Select(r => (r.CustomerId, r.Rank)));
        Assert.True(State.StoreExports.CodePointOrder("a\uD83D\uDE00", "a\uFFFD") > 0);
        Assert.True(string.CompareOrdinal("a\uD83D\uDE00", "a\uFFFD") < 0);
        Assert.Same(ordered, State.StoreExports.InStoreOrder(ordered, r => r.CustomerId, r => r.Rank));
    }

    [Fact]
    public void RecommendationRows_EmptyListsBetween_IndexerAndEnumeratorGiveTheSameRows()
    {
        // Customers without a list (a, c, e) share their start with the next customer's rows.
        static Recommend.RecommendationResult List(params string[] items) => new([.. items.Select((id, n) => new Recommend.ScoredItem(id, 1f / (n + 1)))]);
        var rows = new RecommendJob.RecommendationRows(
            ["a", "b", "c", "d", "e"], [List(), List("p1", "p2"), List(), List("p3"), List()], ["als", "als", "als", "popular", "als"]);

        Data.Store.RecommendationRow[] expected =
        [
            new("b", 1, "p1", 1f, "als"), new("b", 2, "p2", 0.5f, "als"), new("d", 1, "p3", 1f, "popular"),
        ];
        Assert.Equal(3, rows.Count);
        Assert.Equal(2, rows.Customers);
        Assert.Equal(expected, rows);
        Assert.Equal(expected, Enumerable.Range(0, rows.Count).Select(n => rows[n]));
        Assert.Throws<ArgumentOutOfRangeException>(() => rows[3]);
        Assert.True(rows.InCodePointOrder);
        Assert.False(new RecommendJob.RecommendationRows(["b", "a"], [List("p"), List("p")], ["als", "als"]).InCodePointOrder);
        Assert.False(new RecommendJob.RecommendationRows(["a\uD83D\uDE00", "a\uFFFD"], [List("p"), List("p")], ["als", "als"]).InCodePointOrder);
    }

    [Fact]
    public void Run_UnknownAlgorithm_ClearError()
    {
        // Refused before the store is opened: one engine serves.
        var error = Assert.Throws<Core.ClienteleException>(() => RecommendJob.Run(new RecommendRequest { StorePath = shops.For(StoreEngines.DuckDb), OutputDirectory = _folder.Path, Algorithm = "magic" }));
        Assert.Contains("expected one of", error.Message, StringComparison.Ordinal);
    }
}
