using Clientele.Data.Ingest;
using Clientele.Data.Store;
using Clientele.Tests;

namespace Clientele.Pipeline.Tests;

/// <summary>
/// Views and carts as weaker feedback against purchases alone, on a later period of the Taobao sample
/// (docs/implicit-feedback.md). The model comparison runs on DuckDB only (each evaluation fits twelve models); the
/// ingest and the interaction query are checked on both engines in the Features tests.
/// </summary>
public sealed class ImplicitFeedbackTests : IDisposable
{
    private const string Taobao = "clickstream/taobao_userbehavior_head.csv";

    private readonly TestStores _stores = new();

    public void Dispose() => _stores.Dispose();

    [SharedDataFact(Taobao)]
    public void EvaluateEvents_TaobaoLastTwoDays_ViewsAndCartsBeatPurchasesAlone()
    {
        var store = TaobaoStore(StoreEngines.DuckDb);

        var evaluation = RecommendJob.Evaluate(new RecommendEvaluationRequest
        {
            StorePath = store, Feedback = RecommendJob.Events, TestDays = 2, K = 20, Algorithms = ["als", "item-knn"],
        });

        // The held-out part and popularity, from pandas 1.5.3 independently of this code (/usr/bin/python3):
        //   d = pd.read_csv(path, header=None, names=["user","item","cat","behavior","ts"], dtype={"user": str, "item": str}).dropna(subset=["ts"])
        //   d["day"] = pd.to_datetime(d.ts.astype("int64"), unit="s").dt.date
        //   train, test = d[d.day < date(2017, 12, 2)], d[d.day >= date(2017, 12, 2)]
        //   bought = train[train.behavior == "buy"].groupby("user").item.apply(set)
        //   t = test[test.behavior == "buy"][["user","item"]].drop_duplicates(); t = t[t.user.isin(bought.index)]
        //   t = t[[i not in bought[u] for u, i in zip(t.user, t.item)]]        -> 286 purchases of 161 customers
        //   counts = frame.groupby("item").user.nunique()                      # frame: the training buys, or every training event
        //   order = sorted(counts.index, key=lambda i: (-counts[i], i.encode()))
        //   lists = {u: [i for i in order if i not in bought[u]][:20] for u in held-out customers}
        //   -> recall 0 and hit rate 0 for both; distinct items listed 22 of 1,281 bought (purchases),
        //      20 of 42,779 with an event (events)
        Assert.Equal(RecommendJob.Events, evaluation.Feedback);
        Assert.Equal((286, 161), (evaluation.TestInteractions, evaluation.HeldOutCustomers));
        var rows = evaluation.Rows.ToDictionary(r => r.Name);
        var purchasesOnly = RecommendJob.PurchasesOnlySuffix;
        Assert.Equal(["als", "item-knn", "popular", "als" + purchasesOnly, "item-knn" + purchasesOnly, "popular" + purchasesOnly], evaluation.Rows.Select(r => r.Name));
        foreach (var (name, items, catalogue) in new[] { ("popular", 20, 42_779), ("popular" + purchasesOnly, 22, 1_281) })
        {
            Assert.Equal((0.0, 0.0), (rows[name].Recall, rows[name].HitRate));
            Assert.Equal(items / (double)catalogue, rows[name].Coverage, 1e-12);
        }

        // The facts the comparison must show: with views and carts, ALS finds buys that purchases alone never do.
        Assert.True(rows["als"].Recall > 0.05, $"als recall@20 {rows["als"].Recall}");
        Assert.True(rows["als"].Recall > rows["als" + purchasesOnly].Recall);
        Assert.True(rows["item-knn"].Recall > rows["item-knn" + purchasesOnly].Recall);
        Assert.True(rows["als"].Ndcg > rows["popular"].Ndcg);
        Assert.Equal("als", evaluation.Best);
        Assert.True(evaluation.Comparisons.Single(c => c.Name == "als").Distinguishable);
    }

    [SharedDataFact(Taobao)]
    public void RecommendEvents_Taobao_ListsKeepViewedProductsButNotBoughtOnes()
    {
        var store = TaobaoStore(StoreEngines.DuckDb);
        var output = _stores.Folder.File("out");

        var result = RecommendJob.Run(new RecommendRequest { StorePath = store, OutputDirectory = output, Feedback = RecommendJob.Events, Top = 20 });

        Assert.Equal(RecommendJob.Events, result.Feedback);
        Assert.Equal(815, result.Customers);
        using var db = ClienteleStore.OpenExisting(store);
        var bought = db.Scalar<long>("""
            SELECT count(*) FROM recommendation_results r
            WHERE EXISTS (SELECT 1 FROM events e WHERE e.customer_id = r.customer_id AND e.product_id = r.product_id AND e.event_type = 'purchase')
            """);
        var viewed = db.Scalar<long>("""
            SELECT count(*) FROM recommendation_results r
            WHERE EXISTS (SELECT 1 FROM events e WHERE e.customer_id = r.customer_id AND e.product_id = r.product_id AND e.event_type = 'view')
            """);
        Assert.Equal(0, bought);
        Assert.True(viewed > 0, "no list holds a product its customer viewed");
    }

    private string TaobaoStore(string engine)
    {
        var location = _stores.Location(engine);
        using var store = ClienteleStore.Open(location);
        var map = new Dictionary<string, string> { ["customer_id"] = "1", ["product_id"] = "2", ["category"] = "3", ["event_type"] = "4", ["occurred_at"] = "5" };
        new EventIngestor(store).Ingest(TestData.Shared(Taobao), new EventIngestOptions { RejectsPath = _stores.RejectsPath(), Map = map });
        return location;
    }
}
