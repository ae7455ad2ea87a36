using System.Globalization;
using Clientele.Core;
using Clientele.Core.Maths;

namespace Clientele.Reports;

/// <summary>
/// Segments: RFM segments (shares, the R × F heat map, profiles, briefs) and the clusters of the chosen method (shares,
/// the PCA map, profiles, and the silhouette-by-k chart that justified k).
/// </summary>
internal sealed class SegmentsReportSection(SegmentsOverview segments, DateOnly asOf) : ReportSection
{
    public override string Id => "segments";

    public override string Title => "Segments";

    public override void Write(SectionWriter writer)
    {
        var rfm = segments.Rfm;
        var clusters = segments.Clusters;
        writer.Paragraph(
            $"{ReportFormat.Count(segments.Customers)} customers bought something before {ReportFormat.Date(asOf)}" +
            (segments.CustomersWithoutPurchases > 0 ? $" ({ReportFormat.Count(segments.CustomersWithoutPurchases)} more have only returns, so no scores)" : "") +
            ". Each has an RFM segment" + (clusters is null ? "." : $" and a cluster ({clusters.Title.ToLowerInvariant()}).") +
            " Revenue below is each customer's purchases less returns up to that date.");

        var figures = new List<KeyFigure> { new("customers", ReportFormat.Count(segments.Customers), $"as of {ReportFormat.Date(asOf)}") };
        if (rfm.Segments.MaxBy(s => s.RevenueShare) is { } top)
        {
            figures.Add(new KeyFigure($"of revenue from {top.Name}", ReportFormat.Percent(top.RevenueShare), $"who are {ReportFormat.Percent(top.Share)} of customers"));
        }
        if (rfm.Segments.MaxBy(s => s.Customers) is { } largest)
        {
            figures.Add(new KeyFigure("largest RFM segment", largest.Name, $"{ReportFormat.Count(largest.Customers)} customers ({ReportFormat.Percent(largest.Share)})"));
        }
        if (clusters is not null)
        {
            figures.Add(new KeyFigure(
                "clusters",
                clusters.Segments.Count(s => s.Key != "-1").ToString(CultureInfo.InvariantCulture),
                segments.KChoice is { } choice && choice.Table.FirstOrDefault(r => r.K == choice.ChosenK) is { } row
                    ? $"k chosen by silhouette ({row.Silhouette.ToString("0.000", CultureInfo.InvariantCulture)})"
                    : "k given"));
        }
        writer.KeyFigures(figures);

        writer.Heading(rfm.Title);
        writer.Note(rfm.Method);
        writer.BeginColumns();
        writer.Figure(Charts.Shares(rfm, "rfm-shares", SharesCaption(rfm)));
        writer.Figure(Charts.RfmHeatMap(segments.Grid, HeatMapCaption()));
        writer.EndColumns();
        writer.Table(ProfileTable(rfm, "rfm-profiles", "rfm"));
        WriteBehaviour(writer, rfm, "rfm-behaviour", "rfm");
        writer.Definitions(rfm.Segments.Select((s, i) => (s.Name, s.Brief ?? s.Label, (string?)ChartStyle.Colour(i, rfm.Segments.Count, rfm.Ranked))));

        if (clusters is not null)
        {
            writer.Heading(clusters.Title);
            writer.Note(clusters.Method);
            writer.BeginColumns();
            writer.Figure(Charts.Shares(clusters, "cluster-shares", SharesCaption(clusters)));
            if (segments.Space is { Rows: > 1 } space)
            {
                var pca = PrincipalComponents.Fit(space.Points, space.Rows, space.Dimensions);
                writer.Figure(Charts.ClusterMap(space, clusters, pca, ClusterMapCaption(space, pca)));
            }
            writer.EndColumns();
            writer.Table(ProfileTable(clusters, "cluster-profiles", "cluster"));
            WriteBehaviour(writer, clusters, "cluster-behaviour", "cluster");
            writer.Definitions(clusters.Segments.Select(s => (Charts.LegendName(s), s.Brief ?? s.Label, (string?)ClusterColour(s, clusters))));
            if (segments.KChoice is { } kChoice)
            {
                writer.Heading("Why this many clusters");
                writer.BeginColumns();
                writer.Figure(Charts.Silhouette(kChoice, $"{kChoice.Rule} The silhouette runs from −1 to 1: near 1, customers sit well inside their cluster; near 0, between two."));
                writer.BeginBlock();
                writer.Table(new ReportTable(
                    "k-selection",
                    "Each k tried",
                    [new TableColumn("k", Numeric: true), new TableColumn("inertia", Numeric: true, "Sum of squared distances to the cluster centres (lower = tighter; always falls as k grows)"), new TableColumn("silhouette", Numeric: true, "Mean silhouette (higher = better separated)")],
                    kChoice.Table.Select(r => new TableRow(
                    [
                        r.K == kChoice.ChosenK ? $"{r.K} ← chosen" : r.K.ToString(CultureInfo.InvariantCulture),
                        ReportFormat.Fixed(r.Inertia, 1),
                        r.Silhouette.ToString("0.000", CultureInfo.InvariantCulture),
                    ])
                    {
                        Emphasis = r.K == kChoice.ChosenK,
                        Data = new Dictionary<string, string> { ["k"] = ReportFormat.Exact(r.K), ["silhouette"] = ReportFormat.Exact(r.Silhouette) },
                    }).ToList()));
                writer.EndBlock();
                writer.EndColumns();
            }
        }

        writer.Facts(new
        {
            segments.Customers,
            segments.CustomersWithoutPurchases,
            Rfm = Facts(rfm),
            Clusters = clusters is null ? null : Facts(clusters),
            ChosenK = segments.KChoice?.ChosenK,
            KSelection = segments.KChoice?.Table.Select(r => new { r.K, r.Inertia, r.Silhouette }),
            RfGrid = Enumerable.Range(1, 5).Select(r => Enumerable.Range(1, 5).Select(f => segments.Grid.Customers[r - 1, f - 1]).ToArray()).ToArray(),
            Behaviour = segments.Behaviour is { } everyone ? BehaviourFacts(everyone, lifts: null) : null,
            segments.BehaviourSkipped,
        });
    }

    private object Facts(SegmentGroup group) => new
    {
        group.Title,
        Segments = group.Segments.Select(s => new
        {
            s.Key,
            s.Name,
            s.Label,
            s.Customers,
            s.Share,
            s.Revenue,
            s.RevenueShare,
            Behaviour = s.Behaviour is { } b && segments.Behaviour is { } everyone ? BehaviourFacts(b, b.LiftsAgainst(everyone)) : null,
        }),
    };

    private static object BehaviourFacts(SegmentBehaviour b, BehaviourLifts? lifts) => new
    {
        b.Customers,
        b.CustomersWithEvents,
        b.ShareWithEvents,
        b.MeanSessions,
        b.MedianSessions,
        b.MeanViews,
        b.MeanCartAdds,
        b.Views,
        b.Purchases,
        b.ViewToPurchase,
        b.CartSessions,
        b.AbandonedSessions,
        b.CartAbandonment,
        b.MedianDaysSinceLastVisit,
        b.TopCategory,
        b.TopCategoryShare,
        Lifts = lifts,
    };

    /// <summary>The behaviour profile below a profile table, when the segments have behaviour; else the reason there is none, if any.</summary>
    private void WriteBehaviour(SectionWriter writer, SegmentGroup group, string name, string kind)
    {
        if (segments.Behaviour is { } everyone)
        {
            writer.Table(BehaviourTable(group, everyone, name, kind));
            writer.Note(
                $"Behaviour: the customers' events before {ReportFormat.Date(asOf)}. A customer without events counts as zero sessions, views and cart adds " +
                "and is left out of the rates and the days since the last visit. View → purchase is the segment's purchase events ÷ its view events, " +
                "and cart abandonment its cart sessions without a purchase ÷ its sessions with a cart add: rates over the segment's totals, " +
                "not means of each customer's rate, so that a customer with one view weighs as one view. In brackets: the lift against all customers.");
        }
        else if (segments.BehaviourSkipped is { } skipped)
        {
            writer.Note($"Behaviour: {skipped}");
        }
    }

    /// <summary>The behaviour profile: each figure with its lift against everyone in brackets, the cell tinted by the lift.</summary>
    private static ReportTable BehaviourTable(SegmentGroup group, SegmentBehaviour everyone, string name, string kind)
    {
        var rows = new List<TableRow>();
        for (var i = 0; i < group.Segments.Count; i++)
        {
            var s = group.Segments[i];
            if (s.Behaviour is not { } b)
            {
                continue;
            }
            var lifts = b.LiftsAgainst(everyone);
            var colour = kind == "rfm" ? ChartStyle.Colour(i, group.Segments.Count, group.Ranked) : ClusterColour(s, group);
            rows.Add(new TableRow(
            [
                new TableCell(Charts.LegendName(s), Swatch: colour),
                Lifted(ReportFormat.Percent(b.ShareWithEvents), lifts.ShareWithEvents),
                Lifted(ReportFormat.Fixed(b.MeanSessions, 1), lifts.Sessions),
                Lifted(ReportFormat.Fixed(b.MeanViews, 1), lifts.Views),
                Lifted(ReportFormat.Fixed(b.MeanCartAdds, 1), lifts.CartAdds),
                Lifted(Rate(b.ViewToPurchase), lifts.ViewToPurchase),
                Lifted(Rate(b.CartAbandonment), lifts.CartAbandonment),
                Lifted(b.MedianDaysSinceLastVisit is { } days ? ReportFormat.Fixed(days, 0) : "–", lifts.DaysSinceLastVisit),
                Lifted(Category(b), lifts.TopCategory),
            ])
            {
                Data = BehaviourData(b, kind, s.Key),
            });
        }
        rows.Add(new TableRow(
        [
            "all customers",
            ReportFormat.Percent(everyone.ShareWithEvents),
            ReportFormat.Fixed(everyone.MeanSessions, 1),
            ReportFormat.Fixed(everyone.MeanViews, 1),
            ReportFormat.Fixed(everyone.MeanCartAdds, 1),
            Rate(everyone.ViewToPurchase),
            Rate(everyone.CartAbandonment),
            everyone.MedianDaysSinceLastVisit is { } all ? ReportFormat.Fixed(all, 0) : "–",
            Category(everyone),
        ])
        {
            Emphasis = true,
            Data = BehaviourData(everyone, kind + "-total", null),
        });
        return new ReportTable(
            name,
            $"{group.Title}: behaviour (lift in brackets = the segment's figure / all customers'; green above 1, red below)",
            [
                new TableColumn("segment"),
                new TableColumn("with events", Numeric: true, "Share of the segment's customers with any behaviour event"),
                new TableColumn("sessions", Numeric: true, "Mean sessions per customer (customers without events count 0; the median is in the data island)"),
                new TableColumn("views", Numeric: true, "Mean view events per customer"),
                new TableColumn("cart adds", Numeric: true, "Mean cart adds per customer"),
                new TableColumn("view → purchase", Numeric: true, "The segment's purchase events / its view events"),
                new TableColumn("cart abandonment", Numeric: true, "The segment's sessions with a cart add and no purchase / its sessions with a cart add"),
                new TableColumn("days since visit", Numeric: true, "Median days from the last event to the as-of date, over customers with events; lift = median / everyone's median"),
                new TableColumn("most viewed category", Numeric: false, "The category with most of the segment's views and its share of them (views with a category); lift = that share / the category's share of everyone's views", Wrap: true),
            ],
            rows);
    }

    private static string Rate(double? rate) => rate is { } r ? ReportFormat.Percent(r) : "–";

    private static string Category(SegmentBehaviour b) =>
        b.TopCategory is { } category && b.TopCategoryShare is { } share ? $"{category}: {ReportFormat.Percent(share)}" : "–";

    private static TableCell Lifted(string text, double? lift) => text == "–" || lift is not { } value
        ? new TableCell(text)
        : new TableCell($"{text} ({ReportFormat.Lift(value)})", Tint: LiftTint(value));

    private static Dictionary<string, string> BehaviourData(SegmentBehaviour b, string group, string? segment)
    {
        var data = new Dictionary<string, string>
        {
            ["group"] = group,
            ["customers"] = ReportFormat.Exact(b.Customers),
            ["with-events"] = ReportFormat.Exact(b.CustomersWithEvents),
            ["mean-sessions"] = ReportFormat.Exact(b.MeanSessions),
            ["median-sessions"] = ReportFormat.Exact(b.MedianSessions),
            ["mean-views"] = ReportFormat.Exact(b.MeanViews),
            ["mean-cart-adds"] = ReportFormat.Exact(b.MeanCartAdds),
            ["views"] = ReportFormat.Exact(b.Views),
            ["purchases"] = ReportFormat.Exact(b.Purchases),
            ["cart-sessions"] = ReportFormat.Exact(b.CartSessions),
            ["abandoned-sessions"] = ReportFormat.Exact(b.AbandonedSessions),
        };
        if (segment is not null)
        {
            data["segment"] = segment;
        }
        if (b.MedianDaysSinceLastVisit is { } days)
        {
            data["median-days-since-visit"] = ReportFormat.Exact(days);
        }
        if (b.TopCategory is { } category)
        {
            data["top-category"] = category;
        }
        return data;
    }

    internal static string SharesCaption(SegmentGroup group)
    {
        var over = group.Segments.Where(s => s.RevenueShare > s.Share).OrderByDescending(s => s.RevenueShare / Math.Max(s.Share, 1e-9)).FirstOrDefault();
        var under = group.Segments.Where(s => s.Share > 0.05).OrderBy(s => s.RevenueShare / Math.Max(s.Share, 1e-9)).FirstOrDefault();
        var parts = new List<string> { "A segment whose orange bar is longer than its blue one brings more than its share of revenue." };
        if (over is not null)
        {
            parts.Add($"{Charts.LegendName(over)} bring {ReportFormat.Percent(over.RevenueShare)} of revenue with {ReportFormat.Percent(over.Share)} of customers.");
        }
        if (under is not null && under != over)
        {
            parts.Add($"{Charts.LegendName(under)}: {ReportFormat.Percent(under.Share)} of customers, only {ReportFormat.Percent(under.RevenueShare)} of revenue.");
        }
        return string.Join(" ", parts);
    }

    private string HeatMapCaption()
    {
        var total = 0;
        var topCorner = segments.Grid.Customers[4, 4];
        var bottomCorner = segments.Grid.Customers[0, 0];
        foreach (var c in segments.Grid.Customers)
        {
            total += c;
        }
        return "Each cell counts the customers with that recency score (row) and frequency score (column); darker = more customers. " +
            $"Top right ({ReportFormat.Count(topCorner)}): recent and frequent, the best customers. " +
            $"Bottom left ({ReportFormat.Count(bottomCorner)}): one order, long ago. " +
            $"Total {ReportFormat.Count(total)}.";
    }

    private static string ClusterMapCaption(ClusterSpace space, PrincipalComponents pca)
    {
        string Loadings(int component) => string.Join(
            ", ",
            Enumerable.Range(0, space.Dimensions)
                .OrderByDescending(j => Math.Abs(pca.Components[component][j]))
                .Select(j => $"{space.FeatureNames[j]} {(pca.Components[component][j] >= 0 ? "+" : "−")}{Math.Abs(pca.Components[component][j]).ToString("0.00", CultureInfo.InvariantCulture)}"));
        var sampled = space.Rows > Charts.MaximumPoints ? $" An even sample of about {ReportFormat.Count(Charts.MaximumPoints)} of the {ReportFormat.Count(space.Rows)} customers is drawn." : "";
        var second = pca.Components.Length > 1 ? $"; the second, {Loadings(1)}" : "";
        return $"Each dot is a customer, placed by the features the clustering used ({space.Transform}); big numbered dots are the cluster centres. " +
            $"The first component weighs {Loadings(0)}{second}.{sampled}";
    }

    private static string ClusterColour(SegmentRow row, SegmentGroup group) =>
        int.TryParse(row.Key, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id)
            ? ChartStyle.Colour(id - 1, group.Segments.Count(s => s.Key != "-1"), ranked: false)
            : ChartStyle.Muted;

    /// <summary>The profile table: size, revenue, the features in their units, and lifts against everyone.</summary>
    private static ReportTable ProfileTable(SegmentGroup group, string name, string kind)
    {
        var rows = new List<TableRow>();
        for (var i = 0; i < group.Segments.Count; i++)
        {
            var s = group.Segments[i];
            var colour = kind == "rfm" ? ChartStyle.Colour(i, group.Segments.Count, group.Ranked) : ClusterColour(s, group);
            var spend = Feature(s, "monetary");
            var orders = Feature(s, "frequency");
            var recency = Feature(s, "recency_days");
            var aov = Feature(s, "average_order_value");
            rows.Add(new TableRow(
            [
                new TableCell(Charts.LegendName(s), Swatch: colour),
                ReportFormat.Count(s.Customers),
                ReportFormat.Percent(s.Share),
                ReportFormat.Money(s.Revenue),
                ReportFormat.Percent(s.RevenueShare),
                recency is null ? "–" : ReportFormat.Fixed(recency.Median, 0),
                orders is null ? "–" : ReportFormat.Fixed(orders.Mean, 1),
                spend is null ? "–" : ReportFormat.Money(spend.Mean),
                aov is null ? "–" : ReportFormat.Money(aov.Mean),
                LiftCell(spend),
                LiftCell(orders),
            ])
            {
                Data = new Dictionary<string, string>
                {
                    ["group"] = kind,
                    ["segment"] = s.Key,
                    ["customers"] = ReportFormat.Exact(s.Customers),
                    ["share"] = ReportFormat.Exact(s.Share),
                    ["revenue"] = ReportFormat.Exact(s.Revenue),
                    ["revenue-share"] = ReportFormat.Exact(s.RevenueShare),
                },
            });
        }
        var customers = group.Segments.Sum(s => s.Customers);
        var revenue = group.Segments.Sum(s => s.Revenue);
        double Weighted(string feature) => customers == 0 ? double.NaN : group.Segments.Sum(s => (Feature(s, feature)?.Mean ?? double.NaN) * s.Customers) / customers;
        rows.Add(new TableRow(
        [
            "all customers",
            ReportFormat.Count(customers),
            ReportFormat.Percent(1),
            ReportFormat.Money(revenue),
            ReportFormat.Percent(1),
            "",
            ReportFormat.Fixed(Weighted("frequency"), 1),
            ReportFormat.Money(Weighted("monetary")),
            ReportFormat.Money(Weighted("average_order_value")),
            ReportFormat.Lift(1),
            ReportFormat.Lift(1),
        ])
        {
            Emphasis = true,
            Data = new Dictionary<string, string> { ["group"] = kind + "-total", ["customers"] = ReportFormat.Exact(customers) },
        });
        return new ReportTable(
            name,
            $"{group.Title}: profiles (lift = the segment's mean / everyone's mean; green above 1, red below)",
            [
                new TableColumn("segment"),
                new TableColumn("customers", Numeric: true),
                new TableColumn("share", Numeric: true, "Share of all customers"),
                new TableColumn("revenue", Numeric: true, "Purchases less returns, summed over the segment"),
                new TableColumn("of revenue", Numeric: true, "Share of everyone's revenue"),
                new TableColumn("days since last order", Numeric: true, "Median recency in days"),
                new TableColumn("orders", Numeric: true, "Mean number of purchase orders"),
                new TableColumn("spend", Numeric: true, "Mean monetary value (purchases less returns)"),
                new TableColumn("order value", Numeric: true, "Mean average order value"),
                new TableColumn("spend lift", Numeric: true, "Mean spend / everyone's mean spend"),
                new TableColumn("orders lift", Numeric: true, "Mean orders / everyone's mean orders"),
            ],
            rows);
    }

    private static FeatureLift? Feature(SegmentRow row, string feature) => row.Features.FirstOrDefault(f => f.Feature == feature);

    private static TableCell LiftCell(FeatureLift? lift) => lift is null
        ? new TableCell("–")
        : new TableCell(ReportFormat.Lift(lift.Lift), Tint: LiftTint(lift.Lift));

    /// <summary>Green above 1, red below, stronger the further from 1 (on a log scale; saturating at 8× or 1/8).</summary>
    internal static string? LiftTint(double lift)
    {
        if (!double.IsFinite(lift) || lift <= 0)
        {
            return null;
        }
        var strength = Math.Min(1, Math.Abs(Math.Log2(lift)) / 3);
        var (r, g, b) = lift >= 1 ? (89, 161, 79) : (225, 87, 89);
        static int Mix(int channel, double t) => (int)Math.Round(255 + ((channel - 255) * t));
        var t = 0.55 * strength;
        return $"#{Mix(r, t):x2}{Mix(g, t):x2}{Mix(b, t):x2}";
    }
}
