using System.Text.Json;
using System.Text.RegularExpressions;
using Clientele.Data.Ingest;
using Clientele.Pipeline;

namespace Clientele.Reports.Tests;

/// <summary>
/// The report of the full Online Retail sample on one engine, built once for every test of the collection: ingest into a
/// temporary store (a DuckDB file or a PostgreSQL database), refresh (k-means with k chosen, value models, ALS and its
/// evaluation), then <c>clientele report</c>'s job. The page is also copied to the test output folder
/// (report-screenshots/) beside the screenshots, for a person to open.
/// </summary>
public sealed partial class OnlineRetailReport
{
    public OnlineRetailReport(TestStores stores, string engine)
    {
        Folder = stores.Folder;
        Store = stores.Location(engine, "shop");
        Ingest = IngestJob.Run(Store, TestData.Sample("online_retail.csv.gz"), new IngestOptions { RejectsPath = stores.RejectsPath() });
        Output = Folder.File(engine + "-out");
        // What clientele refresh fits before its report: the report itself fits nothing.
        Refresh = Clientele.Pipeline.State.RefreshJob.Run(new Clientele.Pipeline.State.RefreshRequest { StorePath = Store, OutputDirectory = Folder.File(engine + "-refresh") });
        Result = ReportJob.Run(new ReportRequest { StorePath = Store, OutputDirectory = Output });
        Html = File.ReadAllText(Result.Files.Report);
        using (var facts = JsonDocument.Parse(FactsIsland().Match(Html) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("No data island in report.html.")))
        {
            Facts = facts.RootElement.Clone();
        }
        Directory.CreateDirectory(ArtifactsDirectory);
        var copy = engine == StoreEngines.DuckDb ? "online-retail-report.html" : $"online-retail-report-{engine}.html";
        File.Copy(Result.Files.Report, Path.Combine(ArtifactsDirectory, copy), overwrite: true);
    }

    /// <summary>Where screenshots and a copy of the report are kept after the run: the test output folder.</summary>
    public static string ArtifactsDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "report-screenshots");

    public TempFolder Folder { get; }

    /// <summary>The store: a DuckDB file, or a PostgreSQL database of its own.</summary>
    public string Store { get; }

    public string Output { get; }

    public IngestSummary Ingest { get; }

    public Clientele.Pipeline.State.RefreshResult Refresh { get; }

    public ReportResult Result { get; }

    public string Html { get; }

    /// <summary>The page's JSON data island (script#report-facts).</summary>
    public JsonElement Facts { get; }

    [GeneratedRegex("<script type=\"application/json\" id=\"report-facts\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex FactsIsland();
}

/// <summary>The report on each engine, made on first use (a run without PostgreSQL never makes that one).</summary>
public sealed class OnlineRetailReports : PerEngine<OnlineRetailReport>
{
    protected override OnlineRetailReport Make(string engine) => new(Stores, engine);
}

[CollectionDefinition(Name)]
public sealed class OnlineRetailReportGroup : ICollectionFixture<OnlineRetailReports>
{
    public const string Name = "Online Retail report";
}
