using System.Globalization;
using Clientele.Data.Store;
using Clientele.Reports;

namespace Clientele.Pipeline;

/// <summary>The report's recommendations section: the evaluation table and example recommendations with product names.</summary>
public sealed class RecommendationsReportSection(RecommendEvaluation evaluation, RecommendResult recommendations, IReadOnlyDictionary<string, string> productNames) : ReportSection
{
    public override string Id => "recommendations";

    public override string Title => "Recommendations";

    public override void Write(SectionWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var k = evaluation.Rows.Count > 0 ? evaluation.Rows[0].K : 10;
        writer.Paragraph(
            $"Each algorithm learned from the purchases before the held-out period ({evaluation.Split} split: {evaluation.TrainInteractions:N0} purchases) and ranked products for every customer; "
            + $"the table measures how many of the {evaluation.TestInteractions:N0} new purchases in the held-out period were in each customer's top {k}. Popularity is the baseline to beat.");
        var best = evaluation.Rows.MaxBy(r => r.Ndcg);
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
            ],
            evaluation.Rows.Select(r => new TableRow([r.Name, F(r.Precision), F(r.Recall), F(r.Ndcg), F(r.HitRate), F(r.Coverage)])
            {
                Emphasis = r == best,
                Data = new Dictionary<string, string> { ["algorithm"] = r.Name, ["ndcg"] = r.Ndcg.ToString("R", CultureInfo.InvariantCulture) },
            }).ToArray()));
        writer.Table(new ReportTable(
            "recommendation-examples",
            $"What {recommendations.Algorithm} recommends to a few customers (products they have not bought yet)",
            [new TableColumn("customer"), new TableColumn("rank", Numeric: true), new TableColumn("product"), new TableColumn("description", Wrap: true)],
            recommendations.Examples.SelectMany(e => e.Result.Items.Take(5).Select((item, i) => new TableRow(
                [e.CustomerId, (i + 1).ToString(CultureInfo.InvariantCulture), item.ItemId, productNames.GetValueOrDefault(item.ItemId) ?? ProductNames.Fallback(item.ItemId)]))).ToArray()));
        writer.Facts(new
        {
            evaluation.Split,
            evaluation.TrainInteractions,
            evaluation.TestInteractions,
            Rows = evaluation.Rows.Select(r => new { r.Name, r.Precision, r.Recall, r.Ndcg, r.HitRate, r.Coverage }),
        });
    }

    private static string F(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);
}
