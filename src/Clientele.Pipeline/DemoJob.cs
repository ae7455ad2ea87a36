using Clientele.Core;
using Clientele.Data.Ingest;
using Clientele.Marketing.Simulation;
using Clientele.Pipeline.Campaigns;
using Clientele.Reports;

namespace Clientele.Pipeline;

/// <summary>What the demo did.</summary>
/// <param name="Store">The demo's store file; deleted after the run unless it was asked to be kept.</param>
/// <param name="Report">report.html and its figures, written at the end.</param>
/// <param name="Campaign">The sample campaign planned, simulated and analysed; null when it was skipped (<paramref name="CampaignSkipped"/> says why).</param>
public sealed record DemoResult(string SampleFile, string Store, bool StoreKept, IngestSummary Ingest, SegmentResult Segments, ReportFiles Report, DemoCampaign? Campaign = null, string? CampaignSkipped = null);

/// <summary>The demo's campaign loop: the plan, the simulated outcomes with their known effects, and the analysis of them.</summary>
/// <param name="Seconds">The time the loop took (the demo is meant to stay quick).</param>
public sealed record DemoCampaign(CampaignPlanResult Plan, CampaignSimulateResult Simulation, CampaignAnalysisResult Analysis, double Seconds);

/// <summary>
/// The main job on bundled data: ingest samples/online_retail.csv.gz into a fresh DuckDB file in a temporary
/// folder, then RFM segments and k-means with k chosen automatically, outputs in the output folder, and report.html of them.
/// </summary>
public static class DemoJob
{
    public const string SampleRelativePath = "samples/online_retail.csv.gz";

    /// <summary>The seed of the demo's segmentation and simulation when none is given.</summary>
    public const int DefaultSeed = RandomSeed.Default;

    public static DemoResult Run(string outputDirectory, string? sampleFile = null, IProgress<IngestProgress>? progress = null, int seed = DefaultSeed, bool keepStore = false)
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
            var (campaign, campaignSkipped) = RunCampaign(store, outputDirectory, segments, seed);
            var report = ReportJob.Write(store, outputDirectory, segments, valueSkipped: "the demo segments only; clientele report --store S adds lifetime value and churn (keep the demo's store with --keep-store).");
            return new DemoResult(Path.GetFullPath(sample), store, keepStore, ingest, segments, report, campaign, campaignSkipped);
        }
        finally
        {
            if (!keepStore)
            {
                Directory.Delete(workDirectory, recursive: true);
            }
        }
    }

    public const string CampaignSpecRelativePath = "samples/campaign-winback.yaml";

    /// <summary>The true effects the demo simulates: the coupon adds 6 points of conversion, 10 in At Risk; the message nothing.</summary>
    public static readonly IReadOnlyList<string> CampaignEffects = ["coupon:*=0.06", "coupon:At Risk=0.10"];

    /// <summary>
    /// The campaign loop on the demo's customers: plan the sample win-back campaign from the segmentation's
    /// customers.csv, simulate its outcomes with <see cref="CampaignEffects"/>, analyse them, and record plan and results
    /// in the demo's store. A spec that does not fit the data (e.g. --data with other segments) skips the loop and says why.
    /// </summary>
    private static (DemoCampaign? Campaign, string? Skipped) RunCampaign(string store, string outputDirectory, SegmentResult segments, int seed)
    {
        var spec = Find(CampaignSpecRelativePath);
        if (spec is null)
        {
            return (null, $"{CampaignSpecRelativePath} not found");
        }
        var folder = Path.Combine(outputDirectory, "campaign");
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            var plan = CampaignPlanJob.Run(new CampaignPlanRequest { SpecFile = spec, StorePath = store, ProfileFile = segments.CustomersFile, OutputDirectory = folder });
            var effects = new TrueEffects();
            foreach (var effect in CampaignEffects)
            {
                CampaignSimulateJob.ParseEffect(effect, effects);
            }
            var outcomes = Path.Combine(folder, "outcomes.csv");
            var simulation = CampaignSimulateJob.Run(new CampaignSimulateRequest { SpecFile = spec, StorePath = store, Effects = effects, Seed = seed, OutputFile = outcomes });
            var analysis = CampaignAnalyzeJob.Run(new CampaignAnalyzeRequest { SpecFile = spec, OutcomesFile = outcomes, StorePath = store });
            return (new DemoCampaign(plan, simulation, analysis, stopwatch.Elapsed.TotalSeconds), null);
        }
        catch (ClienteleException e)
        {
            return (null, e.Message);
        }
    }

    /// <summary>Looks for the sample upwards from the working folder, then from the program's folder.</summary>
    public static string? FindSample() => Find(SampleRelativePath);

    private static string? Find(string relativePath)
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, relativePath);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }
        return null;
    }
}
