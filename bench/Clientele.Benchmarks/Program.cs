using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using Clientele.Benchmarks;

switch (args)
{
    case ["export-blobs", .. var rest]:
        return Commands.ExportBlobs(rest);
    case ["kmeans-once", .. var rest]:
        return Commands.KMeansOnce(rest);
    case ["kmeans-check", .. var rest]:
        return Commands.KMeansCheck(rest);
    case ["export-dbscan", .. var rest]:
        return ClusteringCommands.ExportDbscan(rest);
    case ["kmeans-compare", .. var rest]:
        return ClusteringCommands.KMeansCompare(rest);
    case ["hierarchical-once", .. var rest]:
        return ClusteringCommands.HierarchicalOnce(rest);
    case ["dbscan-once", .. var rest]:
        return ClusteringCommands.DbscanOnce(rest);
    case ["export-btyd", .. var rest]:
        return ValueCommands.ExportBtyd(rest);
    case ["value-once", .. var rest]:
        return ValueCommands.ValueOnce(rest);
    case ["export-short-texts", .. var rest]:
        return TextCommands.ExportShortTexts(rest);
    case ["use-lite-throughput", .. var rest]:
        return TextCommands.UseLiteThroughput(rest);
    case ["als-once", .. var rest]:
        return RecommendCommands.AlsOnce(rest);
    case ["export-store-csr", .. var rest]:
        return RecommendCommands.ExportStoreCsr(rest);
    case ["bpr-once", .. var rest]:
        return RecommendCommands.BprOnce(rest);
    case ["duckdb-sql", .. var rest]:
        return ChainCommands.DuckDbSql(rest);
    case ["help" or "--help" or "-h"]:
        Console.WriteLine(Commands.Usage);
        return 0;
}

// Results go beside this project, wherever the program is started from.
var config = DefaultConfig.Instance
    .WithArtifactsPath(Path.Combine(RepositoryRoot.Find(), "bench", "Clientele.Benchmarks", "BenchmarkDotNet.Artifacts"));
var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
return summaries.Any(summary => summary.HasCriticalValidationErrors || summary.Reports.Any(report => !report.Success)) ? 1 : 0;
