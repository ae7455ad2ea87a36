using System.Globalization;
using Clientele.Data.Store;
using Clientele.Reports;

namespace Clientele.Pipeline;

/// <summary>
/// The report's recommendations section: the evaluation table and example recommendations with product names. A row
/// is shown in bold only when its algorithm is distinguishably better than popularity (<see cref="RecommendEvaluation.Best"/>);
/// otherwise the verdict says that no algorithm is, on how many held-out customers.
/// </summary>
public sealed class RecommendationsReportSection(RecommendEvaluation? evaluation, RecommendResult recommendations, IReadOnlyDictionary<string, string> productNames) : ReportSection
{
    public override string Id => "recommendations";

    public override string Title => "Recommendations";

    public override void Write(SectionWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (evaluation is null)
        {
            writer.Paragraph(
                $"These are the store's current recommendations ({recommendations.Algorithm}, version {recommendations.Version}). How they compare with popularity on held-out purchases is measured by clientele evaluate recommend (or clientele refresh); this report shows that table once it has run.");
        }
        else
        {
            WriteEvaluation(writer, evaluation);
        }
        if (recommendations.Fallback is not null)
        {
            writer.Paragraph(recommendations.Fallback);
        }
        else if (recommendations.FallbackCustomers > 0)
        {
            writer.Paragraph($"{recommendations.Algorithm} had no evidence for {recommendations.FallbackCustomers:N0} of {recommendations.Customers:N0} customers (every score 0): they get the most popular products instead.");
        }
        writer.Table(new ReportTable(
            "recommendation-examples",
            $"What {recommendations.Algorithm} recommends to a few customers (products they have not bought yet)",
            [new TableColumn("customer"), new TableColumn("rank", Numeric: true), new TableColumn("product", Wrap: true)],
            recommendations.Examples.SelectMany(e => e.Result.Items.Take(5).Select((item, i) => new TableRow(
                [e.CustomerId, (i + 1).ToString(CultureInfo.InvariantCulture), productNames.GetValueOrDefault(item.ItemId) ?? ProductNames.Fallback(item.ItemId)]))).ToArray()));
        writer.Facts(evaluation is null ? new { recommendations.Algorithm, recommendations.Version, recommendations.Fallback } : (object)new
        {
            evaluation.Split,
            evaluation.TrainInteractions,
            evaluation.TestInteractions,
            evaluation.HeldOutCustomers,
            evaluation.Best,
            evaluation.Verdict,
            recommendations.Fallback,
            Comparisons = evaluation.Comparisons.Select(c => new { c.Name, c.Difference, c.Low, c.High, c.Better, c.Worse, c.SignTestP, c.Distinguishable }),
            Rows = evaluation.Rows.Select(r => new { r.Name, r.Precision, r.Recall, r.Ndcg, r.HitRate, r.Coverage }),
        });
    }

    private static void WriteEvaluation(SectionWriter writer, RecommendEvaluation evaluation)
    {
        var k = evaluation.Rows.Count > 0 ? evaluation.Rows[0].K : 10;
        writer.Paragraph(
            $"Each algorithm learned from the purchases before the held-out period ({evaluation.Split} split: {evaluation.TrainInteractions:N0} purchases) and ranked products for every customer; "
            + $"the table measures how many of the {evaluation.TestInteractions:N0} new purchases in the held-out period were in each customer's top {k}. Popularity is the baseline to beat.");
        writer.Paragraph(evaluation.Verdict);
        var comparisons = evaluation.Comparisons.ToDictionary(c => c.Name, StringComparer.Ordinal);
        writer.Table(new ReportTable(
            "recommendation-evaluation",
            $"Ranking quality at {k} (higher is better)",
            [
                new TableColumn("algorithm"),
                new TableColumn($"precision@{k}", Numeric: true),
                new TableColumn($"recall@{k}", Numeric: true),
                new TableColumn($"NDCG@{k}", Numeric: true, Explanation: "discounted gain of the hits by rank, 1 = perfect"),
                new TableColumn($"hit rate@{k}", Numeric: true, Explanation: "share of customers with at least one hit"),
                new TableColumn("coverage", Numeric: true, Explanation: "share of the catalogue ever recommended"),
                new TableColumn("NDCG − popularity", Numeric: true, Explanation: "mean difference per held-out customer, with its 95% bootstrap interval"),
            ],
            evaluation.Rows.Select(r => new TableRow([r.Name, F(r.Precision), F(r.Recall), F(r.Ndcg), F(r.HitRate), F(r.Coverage), Difference(comparisons.GetValueOrDefault(r.Name))])
            {
                Emphasis = r.Name == evaluation.Best,
                Data = new Dictionary<string, string> { ["algorithm"] = r.Name, ["ndcg"] = r.Ndcg.ToString("R", CultureInfo.InvariantCulture) },
            }).ToArray()));
    }

    private static string F(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);

    /// <summary>"+0.0123 (+0.0081 to +0.0165)"; the baseline's own row is empty.</summary>
    public static string Difference(Clientele.Recommend.Evaluation.BaselineComparison? c) => c is null
        ? ""
        : string.Create(CultureInfo.InvariantCulture, $"{c.Difference:+0.0000;-0.0000;0.0000} ({c.Low:+0.0000;-0.0000;0.0000} to {c.High:+0.0000;-0.0000;0.0000})");
}
