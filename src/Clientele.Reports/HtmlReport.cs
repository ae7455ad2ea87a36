using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Clientele.Core;

namespace Clientele.Reports;

/// <summary>What <see cref="HtmlReport.Write"/> wrote.</summary>
/// <param name="Figures">Every figure as SVG and PNG, in the order of the page.</param>
/// <param name="Bytes">The size of report.html.</param>
public sealed record ReportFiles(string Report, string FiguresDirectory, IReadOnlyList<string> Figures, long Bytes);

/// <summary>
/// The report: one self-contained HTML page (styles and charts inlined, no script, a content security policy that
/// forbids any fetch), readable on a laptop, a phone and on paper; and every chart again in figures/ as SVG and PNG.
/// </summary>
/// <remarks>
/// The page carries the numbers it shows in a JSON data island, <c>&lt;script type="application/json" id="report-facts"&gt;</c>,
/// and on table rows as data-* attributes, so that a program can check them against customers.csv and segments.json.
/// </remarks>
public static class HtmlReport
{
    public const string FileName = "report.html";

    public const string FiguresFolder = "figures";

    /// <summary>The id of the JSON data island.</summary>
    public const string FactsElementId = "report-facts";

    public const int FormatVersion = 1;

    private static readonly JsonSerializerOptions FactsJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new ExactDecimalJsonConverter() },
    };

    /// <summary>Writes report.html and figures/ into <paramref name="outputDirectory"/> (created if needed; earlier figures are replaced).</summary>
    public static ReportFiles Write(ReportData data, string outputDirectory)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputDirectory);
        Directory.CreateDirectory(outputDirectory);
        var figures = Path.GetFullPath(Path.Combine(outputDirectory, FiguresFolder));
        if (Directory.Exists(figures))
        {
            foreach (var old in Directory.EnumerateFiles(figures).Where(f => f.EndsWith(".svg", StringComparison.Ordinal) || f.EndsWith(".png", StringComparison.Ordinal)))
            {
                File.Delete(old);
            }
        }
        Directory.CreateDirectory(figures);
        var renderer = new FigureRenderer(figures);
        var rendered = false;
        string html;
        try
        {
            html = Render(data, renderer);
            rendered = true;
        }
        finally
        {
            // The PNGs still being drawn end before figures/ is handed back, whatever happened to the page.
            renderer.Complete(throwOnFailure: rendered);
        }
        var report = Path.GetFullPath(Path.Combine(outputDirectory, FileName));
        File.WriteAllText(report, html, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        return new ReportFiles(report, figures, renderer.Files, new FileInfo(report).Length);
    }

    /// <summary>The page as a string, without writing figures/.</summary>
    public static string Render(ReportData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Render(data, new FigureRenderer(null));
    }

    /// <summary>The sections in page order: the built-in ones that have data, then the additional ones.</summary>
    public static IReadOnlyList<ReportSection> Sections(ReportData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var sections = new List<ReportSection> { new DataReportSection(data.Data) };
        if (data.Segments is not null)
        {
            sections.Add(new SegmentsReportSection(data.Segments, data.AsOf));
        }
        if (data.Value is not null || data.ValueSkipped is not null)
        {
            sections.Add(new ValueReportSection(data.Value, data.ValueSkipped, data.AsOf));
        }
        sections.AddRange(data.AdditionalSections);
        var duplicate = sections.GroupBy(s => s.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Two report sections have the id \"{duplicate.Key}\".", nameof(data));
        }
        return sections;
    }

    private static string Render(ReportData data, FigureRenderer renderer)
    {
        var sections = Sections(data);
        var page = new StringBuilder(1 << 20);
        page.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        // Nothing on the page may be fetched: styles are inline, images are data: URIs, and there is no script to run.
        page.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">\n");
        page.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        page.Append("<title>").Append(Html.Encode(data.Title)).Append("</title>\n<style>").Append(ReportStyles.Css).Append("</style>\n</head>\n<body>\n");

        page.Append("<header class=\"top\"><div class=\"wrap\"><h1>").Append(Html.Encode(data.Title)).Append("</h1><p class=\"sub\">As of ")
            .Append(ReportFormat.Date(data.AsOf));
        if (data.Source is not null)
        {
            page.Append(" · ").Append(Html.Encode(data.Source));
        }
        page.Append("</p><nav>");
        foreach (var s in sections)
        {
            page.Append("<a href=\"#").Append(Html.Attribute(s.Id)).Append("\">").Append(Html.Encode(s.Title)).Append("</a>");
        }
        page.Append("</nav></div></header>\n<main class=\"wrap\">\n");

        var facts = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["format_version"] = FormatVersion,
            ["title"] = data.Title,
            ["as_of"] = ReportFormat.Date(data.AsOf),
        };
        foreach (var section in sections)
        {
            page.Append("<section id=\"").Append(Html.Attribute(section.Id)).Append("\">\n<h2>").Append(Html.Encode(section.Title)).Append("</h2>\n");
            var writer = new SectionWriter(page, renderer);
            section.Write(writer);
            writer.Close();
            facts[section.Id] = writer.SectionFacts;
            page.Append("</section>\n");
        }
        page.Append("</main>\n<footer class=\"wrap\"><p>Made by clientele from the same results as customers.csv, segments.json and value-model.json beside this file; ")
            .Append("every chart is also in ").Append(FiguresFolder).Append("/ as SVG and PNG. The numbers on this page are in its data island (script#")
            .Append(FactsElementId).Append(").</p></footer>\n");
        page.Append("<script type=\"application/json\" id=\"").Append(FactsElementId).Append("\">")
            .Append(JsonSerializer.Serialize(facts, FactsJson))
            .Append("</script>\n</body>\n</html>\n");
        return page.ToString();
    }

    /// <summary>The number of figures the page has (for a summary line).</summary>
    public static int CountFigures(ReportFiles files)
    {
        ArgumentNullException.ThrowIfNull(files);
        return files.Figures.Count(f => f.EndsWith(".svg", StringComparison.Ordinal));
    }
}
