using System.Text.Json;
using System.Text.RegularExpressions;
using Clientele.Data.Ingest;
using Clientele.Pipeline;

namespace Clientele.Reports.Tests;

/// <summary>
/// The report of the full Online Retail sample, built once for every test of the collection: ingest into a temporary
/// store, refresh (k-means with k chosen, value models, ALS and its evaluation), then <c>clientele report</c>'s job. The page is also copied
/// to the test output folder (report-screenshots/) beside the screenshots, for a person to open.
/// </summary>
public sealed partial class OnlineRetailReport : IDisposable
{
    public OnlineRetailReport()
    {
        Folder = new TempFolder();
        Store = Folder.File("shop.duckdb");
        Ingest = IngestJob.Run(Store, TestData.Sample("online_retail.csv.gz"), new IngestOptions { RejectsPath = Folder.File("rejects.csv") });
        Output = Folder.File("out");
        // What clientele refresh fits before its report: the report itself fits nothing.
        Refresh = Clientele.Pipeline.State.RefreshJob.Run(new Clientele.Pipeline.State.RefreshRequest { StorePath = Store, OutputDirectory = Folder.File("refresh") });
        Result = ReportJob.Run(new ReportRequest { StorePath = Store, OutputDirectory = Output });
        Html = File.ReadAllText(Result.Files.Report);
        using (var facts = JsonDocument.Parse(FactsIsland().Match(Html) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("No data island in report.html.")))
        {
            Facts = facts.RootElement.Clone();
        }
        Directory.CreateDirectory(ArtifactsDirectory);
        File.Copy(Result.Files.Report, Path.Combine(ArtifactsDirectory, "online-retail-report.html"), overwrite: true);
    }

    /// <summary>Where screenshots and a copy of the report are kept after the run: the test output folder.</summary>
    public static string ArtifactsDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "report-screenshots");

    public TempFolder Folder { get; }

    public string Store { get; }

    public string Output { get; }

    public IngestSummary Ingest { get; }

    public Clientele.Pipeline.State.RefreshResult Refresh { get; }

    public ReportResult Result { get; }

    public string Html { get; }

    /// <summary>The page's JSON data island (script#report-facts).</summary>
    public JsonElement Facts { get; }

    public void Dispose() => Folder.Dispose();

    [GeneratedRegex("<script type=\"application/json\" id=\"report-facts\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex FactsIsland();
}

[CollectionDefinition(Name)]
public sealed class OnlineRetailReportGroup : ICollectionFixture<OnlineRetailReport>
{
    public const string Name = "Online Retail report";
}
