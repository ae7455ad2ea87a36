namespace Clientele.Cli.Tests;

/// <summary><c>ingest orders --query</c> from the command line.</summary>
public sealed class IngestQueryTests : IDisposable
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
    public void IngestOrdersQuery_TwoTablesJoined_EveryRowAccountedFor(string engine)
    {
        var store = _stores.Location(engine, "store");
        var orders = _temp.Write("orders.csv", "order,buyer,status,placed\nA,u1,delivered,2020-01-01 10:00:00\nB,u2,canceled,2020-01-02 11:00:00\nC,u1,delivered,2020-02-01 09:30:00\n");
        var items = _temp.Write("items.csv", "order,sku,price\nA,s1,10.5\nA,s2,4\nB,s1,10.5\nC,s3,7.25\n");
        var sql = $"""
            SELECT o."order" AS order_id, o.buyer AS customer_id, i.sku AS product_id, i.price AS unit_price, o.placed AS ordered_at
            FROM read_csv('{orders}') o JOIN read_csv('{items}') i USING ("order") WHERE o.status = 'delivered'
            """;

        var summary = Cli.Ok("ingest", "orders", "--rejects", _stores.RejectsPath(), "--query", sql, "--store", store, "--output", "json").Json();
        var text = Cli.Ok("ingest", "orders", "--rejects", _stores.RejectsPath(), "--query", sql, "--store", store);

        // Hand-counted: the delivered orders A and C have three items, 10.5 + 4 + 7.25 = 21.75; one person, u1.
        Assert.Equal((3L, 3L, 0L), (summary.GetProperty("read").GetInt64(), summary.GetProperty("accepted").GetInt64(), summary.GetProperty("rejected").GetInt64()));
        Assert.Equal("generic", summary.GetProperty("layout").GetString());
        Assert.Equal((3L, 1L, 1L, 3L), StoreFile.Counts(store));
        Assert.Contains("Already ingested", text.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void IngestOrdersQuery_SqlError_OneLineErrorNoStoreCreated()
    {
        var store = _temp.File("store.duckdb");

        Cli.AssertOneLineError(Cli.Run("ingest", "orders", "--query", "SELECT * FROM read_csv('missing.csv')", "--store", store), "--query: the query failed");
        Assert.False(File.Exists(store));
    }

    [Fact]
    public void IngestOrders_FileAndQueryOrNeither_OneLineError()
    {
        var store = _temp.File("store.duckdb");
        var file = _temp.Write("orders.csv", OnlineRetail.FiveGoodLines);

        Cli.AssertOneLineError(Cli.Run("ingest", "orders", file, "--query", "SELECT 1", "--store", store), "either a FILE or --query");
        Cli.AssertOneLineError(Cli.Run("ingest", "orders", "--store", store), "needs a FILE or --query");
        Assert.False(File.Exists(store));
    }
}
