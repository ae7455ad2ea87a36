using Clientele.Core;

namespace Clientele.Reports.Tests;

/// <summary>
/// The behaviour tables under the segment profiles, on the synthetic report with behaviour added: what each cell shows,
/// a dash where a figure is undefined, no table without behaviour, and the page in Chromium at laptop and phone width.
/// </summary>
public sealed class BehaviourProfileTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>
    /// Everyone: 120 customers, 60 with events, 2 sessions each on average, 480 views and 24 purchases (5 %), 40 cart
    /// sessions of which 30 abandoned (75 %), a median of 10 days since the last visit, "hats" 25 % of the views.
    /// Champions: 15 of 30 with events, 3 sessions, 120 views and 12 purchases (10 %: lift 2), 10 cart sessions of which 5
    /// abandoned (50 %: lift 2/3), 5 days (lift 0.5). Lost: 10 of 50 with events, no view, no cart session, no category.
    /// </summary>
    private static ReportData WithBehaviour()
    {
        var data = SyntheticReport.Create();
        var segments = data.Segments!;
        var everyone = new SegmentBehaviour(120, 60, 2, 1, 4, 0.5, 480, 24, 40, 30, 10, "hats", 0.25, 1);
        var behaviour = new Dictionary<string, SegmentBehaviour>
        {
            ["Champions"] = new(30, 15, 3, 2, 4, 1, 120, 12, 10, 5, 5, "hats", 0.5, 2),
            ["At Risk"] = new(40, 35, 2.5, 2, 9, 0.6, 360, 12, 30, 25, 12, "bags", 0.4, 1.6),
            ["Lost"] = new(50, 10, 0.2, 0, 0, 0, 0, 0, 0, 0, 40, null, null, null),
            ["1"] = new(50, 40, 3, 3, 8, 0.7, 400, 20, 30, 20, 6, "hats", 0.3, 1.2),
            ["2"] = new(70, 20, 0.8, 0, 1.1, 0.3, 80, 4, 10, 10, 20, "bags", 0.5, 2),
        };
        SegmentGroup With(SegmentGroup group) => group with { Segments = [.. group.Segments.Select(s => s with { Behaviour = behaviour[s.Key] })] };
        return data with { Segments = segments with { Rfm = With(segments.Rfm), Clusters = With(segments.Clusters!), Behaviour = everyone } };
    }

    [Fact]
    public void Render_SegmentsWithBehaviour_CellsWithLiftsAndDashesWhereUndefined()
    {
        var html = HtmlReport.Render(WithBehaviour());

        Assert.Contains("data-table=\"rfm-behaviour\"", html, StringComparison.Ordinal);
        Assert.Contains("data-table=\"cluster-behaviour\"", html, StringComparison.Ordinal);
        var champions = Row(html, "rfm", "Champions");
        Assert.Contains(">50.0 % (1.00×)<", champions, StringComparison.Ordinal); // 15 / 30 against 60 / 120
        Assert.Contains(">10.0 % (2.00×)<", champions, StringComparison.Ordinal); // view → purchase 12 / 120 against 24 / 480
        Assert.Contains(">50.0 % (0.67×)<", champions, StringComparison.Ordinal); // abandonment 5 / 10 against 30 / 40
        Assert.Contains(">5 (0.50×)<", champions, StringComparison.Ordinal);
        Assert.Contains(">hats: 50.0 % (2.00×)<", champions, StringComparison.Ordinal);
        var lost = Row(html, "rfm", "Lost");
        Assert.Equal(3, CountOf(lost, ">–<")); // view → purchase, cart abandonment, category
        Assert.Contains(">0.0 (0.00×)<", lost, StringComparison.Ordinal); // views per customer 0 against 4
    }

    [Fact]
    public void Render_SegmentsWithoutBehaviour_NoBehaviourTableNoNote()
    {
        var html = HtmlReport.Render(SyntheticReport.Create());

        Assert.DoesNotContain("behaviour", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Report_WithBehaviourInChromium_NoErrorsAndThePageNeverScrollsSideways()
    {
        HeadlessChromium.Require();
        var files = HtmlReport.Write(WithBehaviour(), _folder.File("out"));
        foreach (var width in new[] { 1280, 390 })
        {
            var probe = HeadlessChromium.Probe(files.Report, width, 2400);

            Assert.Empty(probe.Errors);
            Assert.Empty(probe.Resources);
            Assert.True(probe.ScrollWidth <= probe.InnerWidth, $"The page is {probe.ScrollWidth} px wide in a {probe.InnerWidth} px window.");
        }
    }

    private static string Row(string html, string group, string segment)
    {
        var start = html.IndexOf($"data-group=\"{group}\" data-customers=", html.IndexOf($"data-table=\"{group}-behaviour\"", StringComparison.Ordinal), StringComparison.Ordinal);
        while (start >= 0)
        {
            var end = html.IndexOf("</tr>", start, StringComparison.Ordinal);
            var row = html[start..end];
            if (row.Contains($"data-segment=\"{segment}\"", StringComparison.Ordinal))
            {
                return row;
            }
            start = html.IndexOf($"data-group=\"{group}\" data-customers=", end, StringComparison.Ordinal);
        }
        throw new InvalidOperationException($"no {group} behaviour row for {segment}");
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }
}
