using System.Globalization;
using System.Text;
using Clientele.Language.Briefs;

namespace Clientele.Pipeline;

/// <summary>briefs.md: every segment's brief, grouped by segmentation method, for a person to read.</summary>
public static class BriefsMarkdown
{
    public static string Render(BriefResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var md = new StringBuilder();
        var facts = result.Facts;
        var total = facts.Segments.Count > 0 ? facts.Segments[0].TotalCustomers : 0;
        md.Append("# Segment briefs\n\n");
        md.Append(CultureInfo.InvariantCulture,
            $"{total.ToString("N0", CultureInfo.InvariantCulture)} customers as of {facts.AsOf:yyyy-MM-dd}, from {Path.GetFileName(facts.SegmentsFile)} and the store {facts.Store}. ");
        md.Append(CultureInfo.InvariantCulture, $"Written by: {result.Writer}.");
        if (facts.ValueColumns.Count > 0)
        {
            md.Append(CultureInfo.InvariantCulture, $" Value facts from the columns {string.Join(", ", facts.ValueColumns)} of customers.csv.");
        }
        md.Append(" Every number comes from briefs.json's facts; the angle follows fixed rules on recency, orders and spend.\n");
        if (result.SentimentSkipped is { } sentiment)
        {
            // Which reviews no model read, and so why a segment's brief tells its stars rather than its reviews' sentiment.
            md.Append('\n').Append(char.ToUpperInvariant(sentiment[0])).Append(sentiment, 1, sentiment.Length - 1).Append(sentiment.EndsWith('.') ? "\n" : ".\n");
        }
        foreach (var group in result.Segments.GroupBy(s => s.Facts.Method))
        {
            md.Append(CultureInfo.InvariantCulture, $"\n## {GroupTitle(group.Key)}\n");
            foreach (var segment in group)
            {
                var f = segment.Facts;
                md.Append(CultureInfo.InvariantCulture,
                    $"\n### {Heading(f)} · {f.Customers.ToString("N0", CultureInfo.InvariantCulture)} customers ({BriefText.Percent(f.CustomerShare, BriefLanguage.English)})\n");
                foreach (var brief in segment.Briefs)
                {
                    var chinese = brief.Language == BriefLanguage.Chinese;
                    md.Append('\n').Append(brief.Description);
                    if (brief.Source == BriefSource.LanguageModel)
                    {
                        md.Append(chinese ? "（由语言模型撰写）" : " *(written by the language model)*");
                    }
                    md.Append("\n\n").Append(chinese ? "**营销建议：**" : "**Suggested angle:** ").Append(brief.AngleText).Append('\n');
                }
            }
        }
        if (result.Warnings.Count > 0)
        {
            md.Append("\n## Warnings\n\n");
            foreach (var warning in result.Warnings)
            {
                md.Append("- ").Append(warning).Append('\n');
            }
        }
        return md.ToString();
    }

    private static string GroupTitle(string method) => method switch
    {
        "rfm" => "RFM segments",
        "kmeans" => "k-means clusters",
        "gmm" => "Gaussian-mixture clusters",
        _ => $"{method} clusters",
    };

    private static string Heading(SegmentFacts f) => f.Kind switch
    {
        SegmentKind.RfmSegment => f.Name,
        SegmentKind.Noise => "Noise",
        _ => (f.Name.Length > 0 ? char.ToUpperInvariant(f.Name[0]) + f.Name[1..] : f.Name) + (f.Label.Length > 0 ? $": {f.Label}" : ""),
    };
}
