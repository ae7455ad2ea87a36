using System.Net;
using System.Net.Sockets;

namespace Clientele.Cli.Tests;

/// <summary>The commands on a PostgreSQL store (<c>--store</c> with a connection string) as on a DuckDB file.</summary>
public sealed class StoreEnginesCommandTests : IDisposable
{
    private readonly TestStores _stores = new();

    public void Dispose() => _stores.Dispose();

    [PostgresFact]
    public void SegmentValueRecommend_OnlineRetailOnPostgres_SameExportsAsOnDuckDb()
    {
        var outputs = new Dictionary<string, string>();
        foreach (var engine in new[] { StoreEngines.DuckDb, StoreEngines.Postgres })
        {
            var store = _stores.Location(engine);
            var output = _stores.Folder.File("out-" + engine);
            Cli.Ok("ingest", "orders", TestData.Sample("online_retail.csv.gz"), "--store", store, "--rejects", _stores.RejectsPath());
            Cli.Ok("segment", "--k", "4", "--store", store, "--out", output);
            Cli.Ok("value", "--store", store, "--out", output);
            Cli.Ok("recommend", "--store", store, "--out", output);
            outputs[engine] = output;
        }

        // Byte for byte, but for the line of each JSON file that names the store.
        foreach (var file in new[] { "customers.csv", "segments.json", "value-model.json", "recommendations.csv", "similar-products.csv" })
        {
            string[] Lines(string engine) => File.ReadAllLines(Path.Combine(outputs[engine], file))
                .Where(l => !l.TrimStart().StartsWith("\"store\":", StringComparison.Ordinal)).ToArray();
            var duck = Lines(StoreEngines.DuckDb);
            Assert.True(duck.Length > 1, $"{file} is empty");
            Assert.Equal(duck, Lines(StoreEngines.Postgres));
        }
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Ingest_SameBytesTwice_SecondAddsNothing(string engine)
    {
        var store = _stores.Location(engine);
        var orders = _stores.Folder.Write("orders.csv", OnlineRetail.FiveGoodLines);

        var first = Cli.Ok("ingest", "orders", orders, "--store", store, "--output", "json").Json();
        var second = Cli.Ok("ingest", "orders", orders, "--store", store, "--output", "json").Json();

        Assert.False(first.GetProperty("already_ingested").GetBoolean());
        Assert.True(second.GetProperty("already_ingested").GetBoolean());
        Assert.Equal((5L, 1L), (StoreFile.Counts(store).OrderLines, StoreFile.Counts(store).SourceFiles));
    }

    [Fact]
    public void Ingest_PostgresNotListening_OneLineErrorWithoutThePassword()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var orders = _stores.Folder.Write("orders.csv", OnlineRetail.FiveGoodLines);

        var result = Cli.Run("ingest", "orders", orders, "--store", $"postgres://ana:hunter2@127.0.0.1:{port}/shop");

        Cli.AssertOneLineError(result, $"Cannot connect to the PostgreSQL store postgres://ana@127.0.0.1:{port}/shop");
        Assert.DoesNotContain("hunter2", result.Err + result.Out, StringComparison.Ordinal);
    }
}
