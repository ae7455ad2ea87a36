using Clientele.Core;
using Clientele.Data.Ingest;
using Clientele.Data.Store;
using Clientele.Tests;

namespace Clientele.Data.Tests;

/// <summary><c>ingest orders --query</c>: a DuckDB query over the user's files, ingested like a file.</summary>
public sealed class QueryIngestTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private readonly TestStores _stores = new();

    public void Dispose()
    {
        _stores.Dispose();
        _folder.Dispose();
    }

    private ClienteleStore CreateStore(string engine) => _stores.Open(engine);

    [SharedDataTheory(OlistSample.Orders, OlistSample.Items, OlistSample.Customers)]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void IngestQuery_OlistRecipe_CountsMatchPandas(string engine)
    {
        using var store = CreateStore(engine);

        var summary = new OrderIngestor(store).IngestQuery(OlistSample.OrdersQuery(), new IngestOptions { RejectsPath = _stores.RejectsPath() });

        // Expected numbers from pandas 1.5.3 (python3-pandas), independently of DuckDB:
        //   o = orders[orders.order_status == 'delivered']; m = items.merge(o, on='order_id').merge(customers, on='customer_id')
        //   len(m.groupby(['order_id','product_id','price']).size()) = 5,377 lines; len(m) = 5,912 items;
        //   m.price.sum() = 723,118.76; m.order_id.nunique() = 5,172; m.customer_unique_id.nunique() = 5,092;
        //   40 persons with more than one order; purchases from 2016-10-04 21:35:54 to 2018-08-28 10:57:13.
        Assert.Equal("generic", summary.Layout);
        Assert.Equal(5_377, summary.Read);
        Assert.Equal(5_377, summary.Accepted);
        Assert.Equal(5_912L, store.Scalar<long>("SELECT sum(quantity)::BIGINT FROM order_lines"));
        Assert.Equal(723_118.76m, store.Scalar<decimal>("SELECT sum(amount) FROM order_lines"));
        Assert.Equal(5_172L, store.Scalar<long>("SELECT count(DISTINCT order_id) FROM order_lines"));
        Assert.Equal(5_092L, store.Scalar<long>("SELECT count(*) FROM customers"));
        Assert.Equal(40L, store.Scalar<long>("SELECT count(*) FROM (SELECT customer_id FROM orders GROUP BY customer_id HAVING count(*) > 1) AS repeat_buyers"));
        Assert.Equal(new DateTime(2016, 10, 4, 21, 35, 54), store.Scalar<DateTime>("SELECT min(ordered_at) FROM order_lines"));
        Assert.Equal(new DateTime(2018, 8, 28, 10, 57, 13), store.Scalar<DateTime>("SELECT max(ordered_at) FROM order_lines"));

        var again = new OrderIngestor(store).IngestQuery(OlistSample.OrdersQuery(), new IngestOptions { RejectsPath = _stores.RejectsPath() });
        Assert.True(again.AlreadyIngested);
        Assert.Equal(5_377L, store.Scalar<long>("SELECT count(*) FROM order_lines"));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void IngestQuery_ReferencedFileChanged_NewSourceOnlyNewRowsAdded(string engine)
    {
        var csv = _folder.Write("sales.csv", "id,who,when,value\n1,A,2020-01-01,10\n2,B,2020-01-02,20\n");
        var sql = $"SELECT id AS order_id, who AS customer_id, \"when\" AS ordered_at, value AS amount FROM read_csv('{csv}')";
        using var store = CreateStore(engine);
        var first = new OrderIngestor(store).IngestQuery(sql, new IngestOptions { RejectsPath = _stores.RejectsPath() });
        File.AppendAllText(csv, "3,C,2020-01-03,30\n");

        var second = new OrderIngestor(store).IngestQuery(sql, new IngestOptions { RejectsPath = _stores.RejectsPath() });

        Assert.Equal(2, first.Accepted);
        Assert.False(second.AlreadyIngested); // same text, other bytes in sales.csv
        Assert.Equal((3L, 1L, 2L), (second.Read, second.Accepted, second.Overlap));
        Assert.Equal(60m, store.Scalar<decimal>("SELECT sum(amount) FROM order_lines"));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void IngestQuery_BadValue_RejectNamesRowAndColumn(string engine)
    {
        var csv = _folder.Write("sales.csv", "id,who,when,value\n1,A,2020-01-01,10\n2,B,2020-01-02,ten\n3,C,2020-01-03,30\n");
        var sql = $"SELECT id AS order_id, who AS buyer, \"when\" AS ordered_at, value AS amount FROM read_csv('{csv}', all_varchar = true)";
        var report = _folder.File("q.rejects.csv");
        using var store = CreateStore(engine);

        var summary = new OrderIngestor(store).IngestQuery(sql, new IngestOptions
        {
            Map = new Dictionary<string, string> { ["customer_id"] = "buyer" },
            RejectsPath = report,
            Limits = new IngestLimits { AcceptRejects = true },
        });

        Assert.Equal((3L, 2L), (summary.Read, summary.Accepted));
        Assert.StartsWith("2,amount,unparsable_number,", File.ReadAllLines(report)[1], StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void IngestQuery_SqlError_OneLineErrorNothingIngested(string engine)
    {
        using var store = CreateStore(engine);

        var error = Assert.Throws<ClienteleException>(() => new OrderIngestor(store).IngestQuery("SELECT * FROM read_csv('no-such-file.csv')", new IngestOptions { RejectsPath = _stores.RejectsPath() }));

        Assert.StartsWith("--query: the query failed: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Equal(0L, store.Scalar<long>("SELECT count(*) FROM source_files"));
        Assert.Throws<ClienteleException>(() => OrderIngestor.CheckQuery("SELEC 1"));
    }

    [Fact]
    public void ReferencedFiles_LiteralsAndGlobs_ExistingFilesOnly()
    {
        var a = _folder.Write("a.csv", "x\n1\n");
        var b = _folder.Write("b.csv", "x\n2\n");
        _folder.Write("c.txt", "x\n3\n");

        var files = QueryRecordSource.ReferencedFiles($"SELECT * FROM read_csv('{_folder.Path}/*.csv') WHERE x <> 'a' UNION ALL SELECT * FROM read_csv('{a}')");

        Assert.Equal([a, b], files);
    }
}
