using System.Text.RegularExpressions;
using Clientele.Recommend;
using Clientele.Recommend.Evaluation;
using Clientele.Reports;

namespace Clientele.Pipeline.Tests;

/// <summary>The report's recommendation section names a winner (in bold) only when it is distinguishable from popularity.</summary>
public sealed partial class RecommendationsReportSectionTests
{
    private static readonly EvaluationRow[] Rows =
    [
        new("als", 10, 4, 0.05, 0.05, 0.04, 0.03, 0.25, 0.01, 9, 1),
        new("popular", 10, 4, 0, 0, 0, 0, 0, 0.003, 8, 0),
    ];

    private static string Render(RecommendEvaluation evaluation, RecommendResult recommendations)
    {
        var data = new ReportData
        {
            Title = "shop",
            AsOf = new DateOnly(2024, 7, 1),
            Data = new DataOverview([], [], new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Unspecified), new DateTime(2024, 6, 30, 0, 0, 0, DateTimeKind.Unspecified), 4, 4, 40m, 0m, []),
            AdditionalSections = [new RecommendationsReportSection(evaluation, recommendations, new Dictionary<string, string>())],
        };
        return HtmlReport.Render(data);
    }

    private static RecommendResult Recommendations(string? fallback = null) => new(
        "popular", 4, 3, 5, "r.csv", "s.csv", [("a", new RecommendationResult([new ScoredItem("57c9a0b1c2d3e4f5a6b7c8d9e0f1a2b3", 3f)]))])
    {
        Fallback = fallback,
    };

    [Fact]
    public void Write_AlsAheadButNotDistinguishable_NoBoldRowAndTheVerdict()
    {
        // Before: the row with the highest NDCG was bold whatever the number of held-out customers (0.0000 everywhere on Olist).
        var comparison = BaselineComparison.Compare("als", "popular", [1, 0, 0, 0], [0, 0, 0, 0]);
        var evaluation = new RecommendEvaluation("time", 100, 4, Rows)
        {
            HeldOutCustomers = 4,
            Comparisons = [comparison],
            Verdict = RecommendJob.Verdict(null, [comparison], 4, 10, "time"),
        };

        var html = Render(evaluation, Recommendations("als learns from customers who bought more than one product, and these purchases have too few."));

        Assert.DoesNotContain("class=\"em\"", EvaluationTable().Match(html).Value, StringComparison.Ordinal);
        Assert.Contains("No algorithm is distinguishable from popularity on 4 held-out customers", html, StringComparison.Ordinal);
        Assert.Contains("these purchases have too few", html, StringComparison.Ordinal);
        Assert.Contains("product 57c9…", html, StringComparison.Ordinal); // a product the store has no name for
        Assert.DoesNotContain(">57c9a0b1c2d3e4f5a6b7c8d9e0f1a2b3<", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_AlsDistinguishable_AlsRowBold()
    {
        var comparison = new BaselineComparison("als", "popular", 400, 0.05, 0.03, 0.07, 60, 10, 1e-9, true);
        var evaluation = new RecommendEvaluation("time", 100, 400, Rows) { HeldOutCustomers = 400, Comparisons = [comparison], Best = "als", Verdict = "als beats popularity" };

        var table = EvaluationTable().Match(Render(evaluation, Recommendations())).Value;

        Assert.Matches("<tr class=\"em\" data-algorithm=\"als\"", table);
        Assert.Single(Regex.Matches(table, "class=\"em\""));
    }

    [GeneratedRegex("data-table=\"recommendation-evaluation\".*?</table>", RegexOptions.Singleline)]
    private static partial Regex EvaluationTable();
}
