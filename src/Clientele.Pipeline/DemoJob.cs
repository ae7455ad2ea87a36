using Clientele.Core;
using Clientele.Data.Ingest;
using Clientele.Reports;

namespace Clientele.Pipeline;

/// <summary>What the demo did.</summary>
/// <param name="Store">The demo's store file; deleted after the run unless it was asked to be kept.</param>
/// <param name="Report">report.html and its figures, written at the end.</param>
public sealed record DemoResult(string SampleFile, string Store, bool StoreKept, IngestSummary Ingest, SegmentResult Segments, ReportFiles Report);

/// <summary>
/// The main job on bundled data: ingest samples/online_retail.csv.gz into a fresh DuckDB file in a temporary
/// folder, then RFM segments and k-means with k chosen automatically, outputs in the output folder, and report.html of them.
/// </summary>
public static class DemoJob
{
    public const string SampleRelativePath = "samples/online_retail.csv.gz";

    public static DemoResult Run(string outputDirectory, string? sampleFile = null, IProgress<IngestProgress>? progress = null, int seed = 42, bool keepStore = false)
    {
        var sample = sampleFile ?? FindSample()
            ?? throw new ClienteleException($"Cannot find {SampleRelativePath}: run the demo from the repository (or pass --data FILE).");
        var workDirectory = Directory.CreateTempSubdirectory("clientele-demo-").FullName;
        var store = Path.Combine(workDirectory, "demo.duckdb");
        try
        {
            var ingest = IngestJob.Run(store, sample, new IngestOptions { RejectsPath = Path.Combine(outputDirectory, "rejects.csv") }, progress);
            var segments = SegmentationJob.Run(new SegmentRequest
            {
                StorePath = store,
                OutputDirectory = outputDirectory,
                Method = SegmentMethod.KMeans,
                Seed = seed,
            });
            var report = ReportJob.Write(store, outputDirectory, segments, valueSkipped: "the demo segments only; clientele report --store S adds lifetime value and churn (keep the demo's store with --keep-store).");
            return new DemoResult(Path.GetFullPath(sample), store, keepStore, ingest, segments, report);
        }
        finally
        {
            if (!keepStore)
            {
                Directory.Delete(workDirectory, recursive: true);
            }
        }
    }

    /// <summary>Looks for the sample upwards from the working folder, then from the program's folder.</summary>
    public static string? FindSample()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, SampleRelativePath);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }
        return null;
    }
}
