using System.Text.Json;

namespace Clientele.Cli.Tests;

/// <summary><c>recommend</c> and <c>evaluate recommend</c> on stores that cannot carry them: a one-line error, exit 1.</summary>
public sealed class RecommendCommandTests : IDisposable
{
    private readonly TempFolder _temp = new();

    private readonly TestStores _stores = new();

    public void Dispose()
    {
        _stores.Dispose();
        _temp.Dispose();
    }

    private string CdnowStore()
    {
        var store = _temp.File("cdnow.duckdb");
        Cli.Ok("ingest", "orders", TestData.Sample("CDNOW_sample.txt"), "--store", store);
        return store;
    }

    [Fact]
    public void Recommend_CdnowNoProductIds_OneLineErrorExitOne()
    {
        // Before: evaluate recommend stopped with "Sequence contains no elements", exit 70.
        var store = CdnowStore();

        Cli.AssertOneLineError(Cli.Run("recommend", "--store", store, "--out", _temp.File("out")), "has a product id");
        Cli.AssertOneLineError(Cli.Run("evaluate", "recommend", "--store", store), "has a product id");
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void EvaluateRecommend_SmallShop_JsonCarriesVerdictAndComparisons(string engine)
    {
        // Three customers with two purchases each, a week apart: one held-out purchase each, far too few to tell.
        var lines = "order_id,customer_id,product_id,price,date\n"
            + "o1,a,tea,1.00,2024-01-01\no2,a,cups,1.00,2024-02-20\no3,b,tea,1.00,2024-01-02\no4,b,milk,1.00,2024-02-21\n"
            + "o5,c,cups,1.00,2024-01-03\no6,c,tea,1.00,2024-02-22\no7,d,milk,1.00,2024-01-04\no8,d,cups,1.00,2024-01-05\n";
        var store = _stores.Location(engine, "small");
        Cli.Ok("ingest", "orders", "--rejects", _stores.RejectsPath(), _temp.Write("small.csv", lines), "--store", store, "--schema", "generic",
            "--map", "order_id=order_id", "--map", "customer_id=customer_id", "--map", "product_id=product_id", "--map", "unit_price=price", "--map", "ordered_at=date");

        var json = Cli.Ok("evaluate", "recommend", "--store", store, "--algorithms", "item-knn", "--output", "json").Json();

        Assert.Equal(JsonValueKind.Null, json.GetProperty("best").ValueKind);
        Assert.Equal(3, json.GetProperty("held_out_customers").GetInt32());
        Assert.StartsWith("No algorithm is distinguishable from popularity on 3 held-out customers", json.GetProperty("verdict").GetString(), StringComparison.Ordinal);
        var comparison = Assert.Single(json.GetProperty("comparisons").EnumerateArray());
        Assert.Equal("item-knn", comparison.GetProperty("name").GetString());
        Assert.False(comparison.GetProperty("distinguishable").GetBoolean());
    }
}
