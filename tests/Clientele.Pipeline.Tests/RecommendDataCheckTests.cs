using System.Text.RegularExpressions;
using Clientele.Core;
using Clientele.Data.Ingest;
using Clientele.Tests;

namespace Clientele.Pipeline.Tests;

/// <summary>Recommendations and their evaluation on the data shops really have: sparse (Olist), without product ids (CDNOW), empty.</summary>
public sealed partial class RecommendDataCheckTests : IDisposable
{
    private const string Olist = "olist-sample/olist_orders_dataset.csv.gz";

    private readonly TestStores _stores = new();
    private readonly OlistStore _olist = new();

    public void Dispose()
    {
        _olist.Dispose();
        _stores.Dispose();
    }

    [SharedDataTheory(Olist)]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Run_OlistAls_FallsBackToPopularityAndSaysWhyWithTheNumbers(string engine)
    {
        var store = _olist.Store(engine);

        var result = RecommendJob.Run(new RecommendRequest { StorePath = store, OutputDirectory = _stores.Folder.File("out"), Algorithm = "als" });

        // Before: every ALS score 0 and nearly every customer the same first product by item order. Now popularity, said.
        Assert.Equal(("popular", "als"), (result.Algorithm, result.RequestedAlgorithm));
        Assert.NotNull(result.Data);
        // The check's numbers, against an independent count (python3 over the same join: 204 of 5,092 customers with two
        // or more different products, 454 of 4,003 products linked); the ingest's rejects may move them slightly.
        Assert.InRange(result.Data.RepeatCustomerShare, 0.03, 0.05);
        Assert.InRange(result.Data.LinkedProductShare, 0.10, 0.13);
        Assert.Contains("bought two or more different products, below the 10% a personalised recommender needs", result.Fallback, StringComparison.Ordinal);
        var rows = File.ReadLines(result.RecommendationsFile).Skip(1).Select(CsvLine.Split).ToArray();
        Assert.Equal("customer_id,rank,product_id,score,product_name,basis", File.ReadLines(result.RecommendationsFile).First());
        Assert.All(rows, r => Assert.Equal("popular", r[5]));
        Assert.All(rows, r => Assert.DoesNotMatch(HexId(), r[4]));
        Assert.Contains(rows, r => r[4].Contains(" · ", StringComparison.Ordinal)); // "category · 57c9…"
        Assert.All(result.ExampleNames.Values, n => Assert.DoesNotMatch(HexId(), n));
    }

    [SharedDataTheory(Olist)]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void EvaluateAndRun_Olist_EveryAlgorithmBeatsPopularityOrFallsBack(string engine)
    {
        // The acceptance: on Olist, recommendations either beat popularity on a held-out period or say that they fall back to it.
        var store = _olist.Store(engine);

        var evaluation = RecommendJob.Evaluate(new RecommendEvaluationRequest { StorePath = store, Split = "leave-one-out" });

        Assert.Null(evaluation.Best);
        Assert.StartsWith("No algorithm is distinguishable from popularity on ", evaluation.Verdict, StringComparison.Ordinal);
        Assert.Equal(evaluation.Rows.Count - 1, evaluation.Comparisons.Count);
        foreach (var algorithm in RecommendJob.CoPurchaseAlgorithms)
        {
            var result = RecommendJob.Run(new RecommendRequest { StorePath = store, OutputDirectory = _stores.Folder.File("out-" + algorithm), Algorithm = algorithm });
            Assert.True(evaluation.Best == algorithm || result.Fallback is not null, $"{algorithm} neither beats popularity nor says it falls back");
        }
    }

    [SharedDataTheory(Olist)]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Evaluate_OlistLastMonth_FewHeldOutCustomersNoWinner(string engine)
    {
        // Before: 5 purchases held out, 0.0000 everywhere, and "als" in bold in the report.
        var evaluation = RecommendJob.Evaluate(new RecommendEvaluationRequest { StorePath = _olist.Store(engine) });

        Assert.Null(evaluation.Best);
        Assert.True(evaluation.HeldOutCustomers < 30, $"{evaluation.HeldOutCustomers} held-out customers");
        Assert.Contains($"on {evaluation.HeldOutCustomers} held-out customers", evaluation.Verdict, StringComparison.Ordinal);
        Assert.Contains("--test-days", evaluation.Verdict, StringComparison.Ordinal);
        Assert.All(evaluation.Comparisons, c => Assert.False(c.Distinguishable));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Evaluate_OnlineRetailLastMonth_NamesAlsWithItsInterval(string engine)
    {
        var store = _stores.Location(engine, "retail");
        IngestJob.Run(store, TestData.Sample("online_retail.csv.gz"), new IngestOptions { RejectsPath = _stores.RejectsPath() });

        var evaluation = RecommendJob.Evaluate(new RecommendEvaluationRequest { StorePath = store, Algorithms = ["als"] });

        // Dense data, 1,272 held-out customers: ALS is distinguishably better (its interval is well above 0).
        var als = Assert.Single(evaluation.Comparisons);
        Assert.True(als.Distinguishable && als.Low > 0, $"{als}");
        Assert.Equal("als", evaluation.Best);
        Assert.StartsWith($"als beats popularity on {evaluation.HeldOutCustomers:N0} held-out customers: NDCG@10 +", evaluation.Verdict, StringComparison.Ordinal);
        Assert.True(evaluation.Data!.IsSufficient);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Run_ItemKnnCustomersWithoutNeighbours_GetPopularityAndTheBasisSaysSo(string engine)
    {
        // Eight customers buy two of tea, cups and milk; two buy a product nobody else bought (no neighbour, so item-kNN has
        // no score for anything). 80 % repeat customers, 3 of 5 products linked: the data check passes.
        string[] baskets = ["cups,tea", "cups,milk", "tea,milk", "cups,tea", "cups,milk", "tea,milk", "cups,tea", "tea,milk"];
        var lines = "order_id,customer_id,product_id,price,date\n"
            + string.Concat(baskets.Select((b, n) => string.Concat(b.Split(',').Select(p => $"o{n + 1},c{n + 1},{p},1.00,2024-01-0{n + 1}\n"))))
            + "o9,lone1,saffron,9.00,2024-01-09\no10,lone2,caviar,9.00,2024-01-09\n";
        var store = _stores.Location(engine, "small");
        IngestJob.Run(store, _stores.Folder.Write("small.csv", lines), new IngestOptions
        {
            Schema = OrderFileSchema.Generic,
            Map = new Dictionary<string, string> { ["order_id"] = "order_id", ["customer_id"] = "customer_id", ["product_id"] = "product_id", ["unit_price"] = "price", ["ordered_at"] = "date" },
            RejectsPath = _stores.RejectsPath(),
        });

        var result = RecommendJob.Run(new RecommendRequest { StorePath = store, OutputDirectory = _stores.Folder.File("out"), Algorithm = "item-knn", Top = 2 });

        Assert.Null(result.Fallback);
        Assert.Equal(2, result.FallbackCustomers);
        var rows = File.ReadLines(result.RecommendationsFile).Skip(1).Select(CsvLine.Split).ToArray();
        Assert.Equal(["popular"], rows.Where(r => r[0].StartsWith("lone", StringComparison.Ordinal)).Select(r => r[5]).Distinct());
        Assert.Equal(["item-knn"], rows.Where(r => r[0].StartsWith('c')).Select(r => r[5]).Distinct());
        // By hand: tea has 6 buyers, cups and milk 5 each (the tie goes to the lower item index, cups): lone1 gets tea, cups.
        Assert.Equal(["tea", "cups"], rows.Where(r => r[0] == "lone1").Select(r => r[2]));
        // Saffron and caviar have no co-buyer: no similar products, counted, rather than a list in item order.
        Assert.Equal(2, result.ProductsWithoutSimilar);
        var similar = File.ReadLines(result.SimilarProductsFile).Skip(1).Select(CsvLine.Split).ToArray();
        Assert.Equal(["cups", "milk", "tea"], similar.Select(r => r[0]).Distinct().Order(StringComparer.Ordinal));
        Assert.All(similar, r => Assert.Equal("item-knn", r[6]));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void RunAndEvaluate_CdnowNoProductIds_OneLineErrorNamingProductIds(string engine)
    {
        var store = _stores.Location(engine, "cdnow");
        IngestJob.Run(store, TestData.Sample("CDNOW_sample.txt"), new IngestOptions { RejectsPath = _stores.RejectsPath() });

        var run = Assert.Throws<ClienteleException>(() => RecommendJob.Run(new RecommendRequest { StorePath = store, OutputDirectory = _stores.Folder.File("out") }));
        var evaluate = Assert.Throws<ClienteleException>(() => RecommendJob.Evaluate(new RecommendEvaluationRequest { StorePath = store }));

        // The CDNOW sample: 6,919 purchase lines (../shared/data/cdnow/README.md), none with a product id. The store is
        // named as messages name it: the file's path, or postgres://user@host:port/database.
        var named = Data.Store.StoreLocation.Parse(store).DisplayName;
        Assert.Equal($"recommend: none of the 6,919 purchase lines in {named} has a product id (a layout such as CDNOW records none); it needs order lines with product ids.", run.Message);
        Assert.StartsWith("evaluate recommend: none of the 6,919 purchase lines", evaluate.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Evaluate_EmptyStore_OneLineErrorNamingIngest(string engine)
    {
        var store = _stores.Location(engine, "empty");
        Data.Store.ClienteleStore.Open(store).Dispose();

        var error = Assert.Throws<ClienteleException>(() => RecommendJob.Evaluate(new RecommendEvaluationRequest { StorePath = store }));

        Assert.Equal($"evaluate recommend: {Data.Store.StoreLocation.Parse(store).DisplayName} has no purchases; it needs order lines with product ids (clientele ingest orders FILE).", error.Message);
    }

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex HexId();
}
