using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Clientele.Cli.Tests;

/// <summary>clientele segment: its errors, and the contract of customers.csv and segments.json.</summary>
public sealed class SegmentCommandTests : IDisposable
{
    /// <summary>The first eleven columns of customers.csv are a contract (src/Clientele.Pipeline/CustomersCsv.cs).</summary>
    private const string ContractHeader = "customer_id,first_purchase,last_purchase,recency_days,frequency,monetary,r_score,f_score,m_score,rfm_segment,cluster";

    private const int Customers = 40;

    private readonly TempFolder _temp = new();

    private readonly TestStores _stores = new();

    public void Dispose()
    {
        _stores.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public void Segment_NonExistentStore_OneLineErrorStoreNotCreated()
    {
        var store = _temp.File("missing.duckdb");

        var result = Cli.Run("segment", "--store", store, "--out", _temp.File("out"), "--output", "json");

        Cli.AssertOneLineError(result, "missing.duckdb");
        Assert.False(File.Exists(store), "segment created a store file");
        Assert.False(File.Exists(store + ".wal"), "segment created a store WAL file");
        Assert.False(Directory.Exists(_temp.File("out")), "segment created its output folder without a store");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("four")]
    public void Segment_BadK_OneLineErrorNamingK(string k)
    {
        var store = SmallStore(StoreEngines.DuckDb);

        var result = Cli.Run("segment", "--store", store, "--method", "kmeans", "--k", k, "--out", _temp.File("out"), "--output", "json");

        Cli.AssertOneLineError(result, "--k");
        Assert.Contains(k, result.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("5", "3")]
    [InlineData("1", "10")]
    public void Segment_BadRangeOfK_OneLineErrorNamingMinK(string minK, string maxK)
    {
        var store = SmallStore(StoreEngines.DuckDb);

        var result = Cli.Run("segment", "--store", store, "--method", "kmeans", "--min-k", minK, "--max-k", maxK, "--out", _temp.File("out"), "--output", "json");

        Cli.AssertOneLineError(result, $"--min-k {minK}, --max-k {maxK}");
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Segment_ImpossibleAsOfDate_OneLineErrorNamingIt(string engine)
    {
        var store = SmallStore(engine);

        var result = Cli.Run("segment", "--store", store, "--as-of", "2011-13-45", "--out", _temp.File("out"), "--output", "json");

        Cli.AssertOneLineError(result, "2011-13-45");
        Assert.Contains("--as-of", result.Err, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Segment_KMeansK4_CustomersCsvOneRowPerCustomerClusters1To4(string engine)
    {
        var store = SmallStore(engine);
        var outDir = _temp.File("out");

        var summary = Cli.Ok("segment", "--store", store, "--method", "kmeans", "--k", "4", "--seed", "7", "--out", outDir, "--output", "json").Json();

        // 40 customers: written by SmallStore below.
        Assert.Equal(Customers, summary.GetProperty("customers").GetInt32());
        Assert.Equal(4, summary.GetProperty("clustering").GetProperty("k").GetInt32());

        var header = File.ReadLines(Path.Combine(outDir, "customers.csv")).First();
        Assert.StartsWith(ContractHeader, header, StringComparison.Ordinal);
        var rows = Csv.Read(Path.Combine(outDir, "customers.csv")).Skip(1).ToList();
        Assert.Equal(Customers, rows.Count);
        Assert.Equal(Customers, rows.Select(r => r[0]).Distinct().Count());
        Assert.Equal(
            Enumerable.Range(0, Customers).Select(CustomerId).Order(StringComparer.Ordinal),
            rows.Select(r => r[0]).Order(StringComparer.Ordinal));
        Assert.Equal([1, 2, 3, 4], rows.Select(r => int.Parse(r[10], CultureInfo.InvariantCulture)).Distinct().Order());
        // Customer c0 bought once (order 0 of SmallStore): frequency 1.
        Assert.Equal("1", rows.Single(r => r[0] == CustomerId(0))[4]);

        using var segments = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "segments.json")));
        Assert.Equal(1, segments.RootElement.GetProperty("format_version").GetInt32());
        Assert.Equal(4, segments.RootElement.GetProperty("clustering").GetProperty("k").GetInt32());
        Assert.Equal(Customers, segments.RootElement.GetProperty("customers").GetInt32());
        Assert.Equal(Customers, segments.RootElement.GetProperty("clustering").GetProperty("segments").EnumerateArray().Sum(s => s.GetProperty("size").GetInt32()));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Segment_Rfm_ClusterColumnEmptyNoKMeansSection(string engine)
    {
        var store = SmallStore(engine);
        var outDir = _temp.File("out");

        Cli.Ok("segment", "--store", store, "--method", "rfm", "--out", outDir, "--output", "json");

        var rows = Csv.Read(Path.Combine(outDir, "customers.csv"));
        Assert.StartsWith(ContractHeader, string.Join(',', rows[0]), StringComparison.Ordinal);
        Assert.Equal(Customers, rows.Count - 1); // 40 customers: written by SmallStore below
        Assert.All(rows.Skip(1), r => Assert.Equal("", r[10]));
        using var segments = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "segments.json")));
        Assert.False(segments.RootElement.TryGetProperty("clustering", out _));
    }

    private static string CustomerId(int i) => $"c{i}";

    /// <summary>
    /// A store with 40 customers: customer i places 1 + i % 6 orders, the last (i * 7) % 200 days before 2011-12-01,
    /// each of 1 + i % 4 units at (i % 10 + 1) × 1.25, in the generic layout. The spread of recency, frequency
    /// and monetary gives k-means four non-empty clusters to find.
    /// </summary>
    private string SmallStore(string engine)
    {
        var text = new StringBuilder("order,customer,date,quantity,price\n");
        var end = new DateOnly(2011, 12, 1);
        var order = 0;
        for (var i = 0; i < Customers; i++)
        {
            var last = end.AddDays(-((i * 7) % 200));
            for (var o = 0; o < 1 + (i % 6); o++)
            {
                var date = last.AddDays(-30 * o);
                text.Append(CultureInfo.InvariantCulture, $"{order++},{CustomerId(i)},{date:yyyy-MM-dd},{1 + (i % 4)},{((i % 10) + 1) * 1.25m}\n");
            }
        }
        var file = _temp.Write("orders.csv", text.ToString());
        var store = _stores.Location(engine, "store");
        var ingest = Cli.Ok("ingest", "orders", "--rejects", _stores.RejectsPath(), file, "--store", store, "--map", "order_id=order", "--map", "customer_id=customer",
            "--map", "ordered_at=date", "--map", "quantity=quantity", "--map", "unit_price=price", "--output", "json").Json();
        Assert.Equal(0, ingest.GetProperty("rejected").GetInt64());
        return store;
    }
}
