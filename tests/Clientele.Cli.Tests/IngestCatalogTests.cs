namespace Clientele.Cli.Tests;

/// <summary><c>ingest products</c> and <c>ingest reviews</c>: the orders' account (read = accepted + rejected, a rejects CSV) and one-line errors.</summary>
public sealed class IngestCatalogTests : IDisposable
{
    private readonly TempFolder _temp = new();

    private readonly TestStores _stores = new();

    public void Dispose()
    {
        _stores.Dispose();
        _temp.Dispose();
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void IngestProducts_MappedColumnsAndABadPrice_AccountAndRejectsCsv(string engine)
    {
        var store = _stores.Location(engine, "store");
        var file = _temp.Write("catalogue.csv", "sku,name,description,category,price\nA1,Red mug,,kitchen,4.50\nA2,Blue mug,,kitchen,cheap\n");

        var summary = Cli.Ok("ingest", "products", "--rejects", _stores.RejectsPath(), file, "--store", store, "--map", "product_id=sku", "--map", "title=name", "--output", "json", "--accept-rejects").Json();

        Assert.Equal("products", summary.GetProperty("layout").GetString());
        Assert.Equal(2, summary.GetProperty("read").GetInt64());
        Assert.Equal(1, summary.GetProperty("accepted").GetInt64());
        var rejects = Csv.Read(summary.GetProperty("rejects_file").GetString()!);
        Assert.Equal(["3", "price", "unparsable_number"], rejects[1][..3]);
        Assert.Equal(1L, StoreFile.Counts(store).Products);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void IngestReviews_TextOutput_PrintsTheAccountWithoutReturns(string engine)
    {
        var store = _stores.Location(engine, "store");
        var file = _temp.Write("reviews.csv", "customer_id,product_id,rating,text,date\n1,A,5,good,2020-01-01\n2,A,9,great,2020-01-02\n");

        var result = Cli.Ok("ingest", "reviews", "--rejects", _stores.RejectsPath(), file, "--store", store, "--accept-rejects");

        Assert.Contains("read 2 = accepted 1 + rejected 1", result.Out, StringComparison.Ordinal);
        Assert.Contains("rating outside 1–5", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("returns", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void IngestReviews_HalfRejectedWithoutAcceptRejects_OneLineErrorStoreUnchanged()
    {
        var store = _temp.File("store.duckdb");
        var file = _temp.Write("reviews.csv", "customer_id,product_id,rating,text,date\n1,A,5,good,2020-01-01\n2,A,9,great,2020-01-02\n");

        var result = Cli.Run("ingest", "reviews", file, "--store", store);

        Cli.AssertOneLineError(result, "1 of 2 lines were rejected (50.0 %), more than --max-rejected 10 % allows; most often: 1 rating outside 1–5");
        Assert.Contains("--accept-rejects", result.Err, StringComparison.Ordinal);
        Assert.True(File.Exists(_temp.File("rejects/reviews.csv.rejects.csv")), "the rejects report shows why");
        Assert.False(File.Exists(store), "a store made for this ingest goes when it stops: nothing is left but the rejects report");
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void IngestReviews_MissingColumn_OneLineError(string engine)
    {
        var store = _stores.Location(engine, "store");
        var file = _temp.Write("reviews.csv", "customer_id,product_id,stars,text,date\n1,A,5,good,2020-01-01\n");

        var result = Cli.Run("ingest", "reviews", "--rejects", _stores.RejectsPath(), file, "--store", store);

        Cli.AssertOneLineError(result, "lacks column rating");
    }
}
