using System.Text.Json;
using System.Text.RegularExpressions;

namespace Clientele.Reports.Tests;

/// <summary>The page from a made-up <see cref="ReportData"/>: every section, escaping, plugged-in sections, and in a browser.</summary>
public sealed partial class HtmlReportTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Write_EverySection_InChromiumEveryChartIncludingHoldoutAndPluggedInSectionDrawn()
    {
        Directory.CreateDirectory(OnlineRetailReport.ArtifactsDirectory);
        var files = HtmlReport.Write(SyntheticReport.Create(), _folder.File("out"));
        var html = File.ReadAllText(files.Report);

        var probe = HeadlessChromium.Probe(files.Report, 1280, 2400);

        Assert.Empty(probe.Errors);
        Assert.Empty(probe.Resources);
        ReportBrowserTests.AssertEveryChartDrawn(probe, html, minimumWidth: 400);
        Assert.Equal(
            ["monthly-revenue", "rfm-shares", "rfm-heatmap", "cluster-shares", "cluster-map", "silhouette-by-k", "clv-distribution", "p-alive-by-recency", "holdout", "campaign-arms"],
            probe.Charts.Select(c => c.Name));
        HeadlessChromium.Screenshot(files.Report, Path.Combine(OnlineRetailReport.ArtifactsDirectory, "synthetic-390.png"), 390, 2400);
    }

    [Fact]
    public void Render_TextWithMarkup_Escaped()
    {
        var html = HtmlReport.Render(SyntheticReport.Create() with { Title = "<script>alert(1)</script> & \"quotes\"" });

        Assert.DoesNotContain("<script>alert(1)", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;", html, StringComparison.Ordinal);
        // The data island cannot be closed early by a title: "<" is escaped in JSON.
        Assert.Single(Regex.Matches(html, "</script>"));
    }

    [Fact]
    public void Render_PluggedInSection_InNavigationSectionsAndDataIsland()
    {
        var html = HtmlReport.Render(SyntheticReport.Create());

        Assert.Contains("<a href=\"#campaigns\">Campaigns</a>", html, StringComparison.Ordinal);
        Assert.Contains("<section id=\"campaigns\">", html, StringComparison.Ordinal);
        Assert.True(html.IndexOf("<section id=\"value\">", StringComparison.Ordinal) < html.IndexOf("<section id=\"campaigns\">", StringComparison.Ordinal));
        using var facts = JsonDocument.Parse(FactsIsland().Match(html).Groups[1].Value);
        Assert.Equal(2, facts.RootElement.GetProperty("campaigns").GetProperty("arms").GetInt32());
        Assert.Equal(120, facts.RootElement.GetProperty("segments").GetProperty("customers").GetInt32());
    }

    [Fact]
    public void Render_ProductFileInTheStore_OwnTableOutsideTheOrderAccount()
    {
        var html = HtmlReport.Render(SyntheticReport.Create());

        Assert.Contains("data-table=\"catalogue-files\"", html, StringComparison.Ordinal);
        Assert.Contains("Rows: read 1,000 = accepted 990 + rejected 10", html, StringComparison.Ordinal);
        using var facts = JsonDocument.Parse(FactsIsland().Match(html).Groups[1].Value);
        var data = facts.RootElement.GetProperty("data");
        Assert.Equal(1000, data.GetProperty("rows_read").GetInt64());
        Assert.Equal(1, data.GetProperty("catalogue_files")[0].GetProperty("rows_rejected").GetInt64());
    }

    [Fact]
    public void Render_MoneyWithTrailingZeros_SamePageAsWithout()
    {
        // PostgreSQL's sums of numeric(24, 6) keep six decimal places (4549.400000), DuckDB's come without them (4549.4):
        // the same amounts must make the same page, data attributes and data island included.
        var report = SyntheticReport.Create();
        const decimal SixPlaces = 0.000000m;
        var data = report.Data with
        {
            PurchaseValue = report.Data.PurchaseValue + SixPlaces,
            ReturnValue = report.Data.ReturnValue + SixPlaces,
            Months = report.Data.Months.Select(m => m with { Revenue = m.Revenue + SixPlaces }).ToList(),
        };
        var rfm = report.Segments!.Rfm with { Segments = report.Segments.Rfm.Segments.Select(r => r with { Revenue = r.Revenue + SixPlaces }).ToList() };
        Assert.Equal("4000.000000", rfm.Segments[0].Revenue.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var html = HtmlReport.Render(report with { Data = data, Segments = report.Segments with { Rfm = rfm } });

        // (The figures are left out: ScottPlot numbers its SVG clip paths anew on every render.)
        Assert.Equal(InlinedImage().Replace(HtmlReport.Render(report), ""), InlinedImage().Replace(html, ""));
        Assert.Contains("data-revenue=\"4000\"", html, StringComparison.Ordinal);
        Assert.Contains("\"purchase_value\":8000,", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_NoValue_SectionSaysWhy()
    {
        var html = HtmlReport.Render(SyntheticReport.Create() with { Value = null, ValueSkipped = "the fit failed (singular information)." });

        Assert.Contains("No value section: the fit failed (singular information).", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-figure=\"clv-distribution\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ValueWithCautions_ListedWithTheAliveVersusChurnSentenceAndInTheDataIsland()
    {
        var report = SyntheticReport.Create();
        var value = report.Value! with
        {
            Cautions = ["97 of 100 customers (97 %) bought on one day only", "99.7 % of the 4,116 held-out customers churned"],
            AliveVersusChurn = "P(alive) and churn risk answer different questions.",
        };

        var html = HtmlReport.Render(report with { Value = value });

        Assert.Contains("<h3>What these data cannot tell</h3>", html, StringComparison.Ordinal);
        Assert.Contains("<li>97 of 100 customers (97 %) bought on one day only</li>", html, StringComparison.Ordinal);
        // Beside the "probably still active" figure and again in the churn part: wherever alive and churned meet.
        var page = html[..html.IndexOf("<script", StringComparison.Ordinal)];
        Assert.Equal(2, page.Split("P(alive) and churn risk answer different questions.").Length - 1);
        using var facts = JsonDocument.Parse(FactsIsland().Match(html).Groups[1].Value);
        Assert.Equal(2, facts.RootElement.GetProperty("value").GetProperty("cautions").GetArrayLength());
    }

    [Fact]
    public void Render_SkippedSection_InNavigationWithItsReason()
    {
        var report = SyntheticReport.Create();
        var html = HtmlReport.Render(report with { AdditionalSections = [new SkippedReportSection("recommendations", "Recommendations", "the store has no product ids.")] });

        Assert.Contains("<a href=\"#recommendations\">Recommendations</a>", html, StringComparison.Ordinal);
        Assert.Contains("No recommendations section: the store has no product ids.", html, StringComparison.Ordinal);
        using var facts = JsonDocument.Parse(FactsIsland().Match(html).Groups[1].Value);
        Assert.Equal("the store has no product ids.", facts.RootElement.GetProperty("recommendations").GetProperty("skipped").GetString());
    }

    [Fact]
    public void Render_NoSegmentsNoValue_DataSectionOnly()
    {
        var html = HtmlReport.Render(SyntheticReport.Create() with { Segments = null, Value = null, AdditionalSections = [] });

        Assert.Contains("<section id=\"data\">", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<section id=\"segments\">", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<section id=\"value\">", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Sections_TwoWithTheSameId_Throws()
    {
        var data = SyntheticReport.Create() with { AdditionalSections = [new SyntheticReport.CampaignsSection(), new SyntheticReport.CampaignsSection()] };

        Assert.Throws<ArgumentException>(() => HtmlReport.Sections(data));
    }

    [Fact]
    public void Write_Twice_FiguresReplacedNotAccumulated()
    {
        var folder = _folder.File("again");
        var first = HtmlReport.Write(SyntheticReport.Create(), folder);
        var second = HtmlReport.Write(SyntheticReport.Create() with { AdditionalSections = [] }, folder);

        Assert.Equal(first.Figures.Count - 2, second.Figures.Count);
        Assert.Equal(second.Figures.Order(), Directory.GetFiles(second.FiguresDirectory).Order());
    }

    [GeneratedRegex("<script type=\"application/json\" id=\"report-facts\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex FactsIsland();

    [GeneratedRegex("data:image/[^\"]+")]
    private static partial Regex InlinedImage();
}
