using System.Diagnostics;
using Clientele.Data.Ingest;
using Clientele.Data.Store;
using Clientele.Features.Summaries;
using Clientele.Tests;

namespace Clientele.Features.Tests.Summaries;

/// <summary>
/// One store with all of Online Retail (returns, same-day cancellations) and the CDNOW sample (lines without product
/// ids; its customer ids 1 … 2357 do not meet Online Retail's 12346 … 18287) ingested, and its summary tables rebuilt in bulk.
/// </summary>
public sealed class SummaryStoreFixture : IDisposable
{
    private readonly TempFolder _folder = new();

    public SummaryStoreFixture()
    {
        Store = ClienteleStore.Open(_folder.File("shop.duckdb"));
        var ingestor = new OrderIngestor(Store);
        ingestor.Ingest(TestData.Sample("online_retail.csv.gz"), new IngestOptions { RejectsPath = _folder.File("rejects.csv") });
        ingestor.Ingest(TestData.Sample("CDNOW_sample.txt"), new IngestOptions { RejectsPath = _folder.File("rejects-cdnow.csv") });
        var clock = Stopwatch.StartNew();
        Counts = CustomerSummaryTables.Rebuild(Store);
        RebuildTime = clock.Elapsed;
    }

    public ClienteleStore Store { get; }

    public SummaryTableCounts Counts { get; }

    public TimeSpan RebuildTime { get; }

    public void Dispose()
    {
        Store.Dispose();
        _folder.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class SummaryStoreGroup : ICollectionFixture<SummaryStoreFixture>
{
    public const string Name = "Online Retail and CDNOW summary store";
}

/// <summary>Row-by-row comparison of two tables with a message naming the first difference.</summary>
internal static class Rows
{
    public static void AssertSame<T>(IReadOnlyList<T> expected, IReadOnlyList<T> actual, Func<T, string> key, string table)
    {
        var e = expected.OrderBy(key, StringComparer.Ordinal).ToList();
        var a = actual.OrderBy(key, StringComparer.Ordinal).ToList();
        for (var i = 0; i < Math.Min(e.Count, a.Count); i++)
        {
            Assert.True(Equals(e[i], a[i]), $"{table} row {i}: expected {e[i]}, got {a[i]}");
        }
        Assert.True(e.Count == a.Count, $"{table}: expected {e.Count} rows, got {a.Count}");
    }

    public static string Key(CustomerDay d) => $"{d.CustomerId}\u0001{d.Day:yyyy-MM-dd}";

    public static string Key(CustomerOrder o) => $"{o.CustomerId}\u0001{o.OrderId}";

    public static string Key(CustomerProduct p) => $"{p.CustomerId}\u0001{p.ProductId}";

    public static string Key(CustomerProductDay p) => $"{p.CustomerId}\u0001{p.ProductId}\u0001{p.Day:yyyy-MM-dd}";

    public static string Key(CustomerSummary s) => s.CustomerId;
}
