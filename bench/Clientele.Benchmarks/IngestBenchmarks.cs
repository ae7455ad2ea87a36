using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Clientele.Data.Ingest;
using Clientele.Pipeline;
using DuckDB.NET.Data;

namespace Clientele.Benchmarks;

/// <summary>
/// Ingest of <c>samples/online_retail.csv.gz</c> (541,909 lines) into a fresh DuckDB file: Clientele's
/// <see cref="IngestJob"/> (parse, validate, reject with reasons, dedupe, account the file) against DuckDB's own
/// <c>CREATE TABLE … AS SELECT * FROM read_csv(…)</c> of the same file, the baseline: the fastest load there is, with
/// no validation. The ratio is what Clientele's checks and bookkeeping cost.
/// </summary>
/// <remarks>One operation takes seconds, so each iteration is one operation (no pilot, no unrolling).</remarks>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class IngestBenchmarks
{
    private string _file = null!;
    private string _directory = null!;

    [GlobalSetup]
    public void Setup() => _file = RepositoryRoot.File("samples", "online_retail.csv.gz");

    [IterationSetup]
    public void CreateDirectory()
    {
        _directory = Path.Combine(Path.GetTempPath(), "clientele-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
    }

    [IterationCleanup]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    [Benchmark(Baseline = true, Description = "DuckDB read_csv (CTAS)")]
    public int DuckDbReadCsv()
    {
        using var connection = new DuckDBConnection($"Data Source={Path.Combine(_directory, "peer.duckdb")}");
        connection.Open();
        using var command = connection.CreateCommand();
        // read_csv takes no parameter for its path; the path is ours and quoted.
#pragma warning disable CA2100
        command.CommandText = $"CREATE TABLE t AS SELECT * FROM read_csv('{_file.Replace("'", "''", StringComparison.Ordinal)}')";
#pragma warning restore CA2100
        command.ExecuteNonQuery();
        command.CommandText = "SELECT count(*) FROM t";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Benchmark(Description = "Clientele IngestJob")]
    public IngestSummary Clientele() => IngestJob.Run(Path.Combine(_directory, "store.duckdb"), _file, new IngestOptions());
}
