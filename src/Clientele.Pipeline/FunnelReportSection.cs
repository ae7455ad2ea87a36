using System.Globalization;
using Clientele.Features;
using Clientele.Reports;

namespace Clientele.Pipeline;

/// <summary>
/// The report's funnel section: people who visited, viewed a product, added to a cart and bought, overall and per
/// segment, with the share kept (and so the drop) at each step (definitions in <see cref="FunnelQuery"/>).
/// </summary>
public sealed class FunnelReportSection(IReadOnlyList<FunnelRow> rows) : ReportSection
{
    public override string Id => "funnel";

    public override string Title => "Funnel";

    public override void Write(SectionWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var all = rows[0];
        writer.Paragraph(
            "From the behaviour events: the people who visited (any event), viewed a product, added one to a cart and bought (a purchase event, or a purchase order line in the events' period). "
            + "Each step counts everyone who took it, so a buyer who never used the cart still counts as a buyer; the share under each step is of the step before it, and the drop is the rest.");
        writer.KeyFigures(
        [
            new KeyFigure("visitors", N(all.Visitors)),
            new KeyFigure("viewed a product", N(all.Viewers), Share(all.Viewers, all.Visitors) + " of visitors"),
            new KeyFigure("added to a cart", N(all.Carts), Share(all.Carts, all.Viewers) + " of viewers"),
            new KeyFigure("bought", N(all.Buyers), Share(all.Buyers, all.Carts) + " of cart users"),
        ]);
        writer.Table(new ReportTable(
            "funnel",
            "People at each step, overall and per segment (share of the step before; drop = 100 % − share)",
            [
                new TableColumn("segment"),
                new TableColumn("visitors", Numeric: true),
                new TableColumn("viewed", Numeric: true),
                new TableColumn("carted", Numeric: true),
                new TableColumn("bought", Numeric: true),
                new TableColumn("bought / visitors", Numeric: true, Explanation: "the whole funnel's conversion"),
            ],
            rows.Select(r => new TableRow(
            [
                Name(r),
                N(r.Visitors),
                $"{N(r.Viewers)} ({Share(r.Viewers, r.Visitors)})",
                $"{N(r.Carts)} ({Share(r.Carts, r.Viewers)})",
                $"{N(r.Buyers)} ({Share(r.Buyers, r.Carts)})",
                Share(r.Buyers, r.Visitors),
            ])
            { Emphasis = r.Grouping is null }).ToArray()));
        writer.Facts(new { Rows = rows });
    }

    private static string Name(FunnelRow row) => row.Grouping switch
    {
        null => "everyone",
        "none" => "not in the segmentation (anonymous, or no purchase before its as-of)",
        "rfm" => row.Segment ?? "",
        _ => $"{row.Grouping} cluster {row.Segment}",
    };

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Share(long part, long whole) => whole == 0 ? "–" : ((double)part / whole).ToString("0.0 %", CultureInfo.InvariantCulture);
}
