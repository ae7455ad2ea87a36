namespace Clientele.Reports.Tests;

/// <summary>A small made-up report with every section, including the holdout comparison and a plugged-in section.</summary>
public static class SyntheticReport
{
    public static ReportData Create(int seed = 7)
    {
        var random = new Random(seed);
        var months = Enumerable.Range(0, 6).Select(i => new MonthlyActivity(new DateOnly(2024, 1 + i, 1), 1000m + (i * 250m), 40 + i, 30 + i, Partial: i == 5)).ToList();
        var data = new DataOverview(
            [new SourceFileSummary("orders.csv", "generic", 1000, 990, 10, 12)],
            [new RejectTally("missing customer id", null, 7), new RejectTally("unparsable number", "quantity", 3)],
            new DateTime(2024, 1, 1, 9, 0, 0, DateTimeKind.Unspecified),
            new DateTime(2024, 6, 20, 17, 0, 0, DateTimeKind.Unspecified),
            120,
            300,
            8000m,
            250m,
            months)
        {
            CatalogueFiles = [new SourceFileSummary("products.csv", "products", 50, 49, 1, 0)],
        };

        static FeatureLift[] Features(double recency, double orders, double spend) =>
        [
            new("recency_days", recency, recency, recency / 60),
            new("frequency", orders, orders, orders / 2.5),
            new("monetary", spend, spend, spend / 65),
            new("average_order_value", spend / orders, spend / orders, 1),
        ];
        var rfm = new SegmentGroup(
            "RFM segments",
            "R, F and M scores from 1 to 5.",
            [
                new SegmentRow("Champions", "Champions", "R 5, FM 5", "The best customers.", 30, 0.25, 4000m, 4000.0 / 7750, Features(5, 6, 133)),
                new SegmentRow("At Risk", "At Risk", "R 2, FM 4", "Slipping away.", 40, 1.0 / 3, 2500m, 2500.0 / 7750, Features(90, 2, 62)),
                new SegmentRow("Lost", "Lost", "R 1, FM 1", "Gone.", 50, 5.0 / 12, 1250m, 1250.0 / 7750, Features(160, 1, 25)),
            ],
            Ranked: true);
        var clusters = new SegmentGroup(
            "k-means clusters",
            "k-means with k = 2.",
            [
                new SegmentRow("1", "cluster 1", "high value, recent, frequent", null, 50, 50.0 / 120, 5500m, 5500.0 / 7750, Features(10, 5, 110)),
                new SegmentRow("2", "cluster 2", "low value, lapsed, one-off", null, 70, 70.0 / 120, 2250m, 2250.0 / 7750, Features(120, 1, 32)),
            ],
            Ranked: false);
        var points = new double[120 * 3];
        var clusterOf = new int[120];
        for (var i = 0; i < 120; i++)
        {
            clusterOf[i] = i < 50 ? 1 : 2;
            var centre = i < 50 ? 1.0 : -1.0;
            for (var j = 0; j < 3; j++)
            {
                points[(i * 3) + j] = centre + (random.NextDouble() - 0.5);
            }
        }
        var grid = new int[5, 5];
        var revenue = new decimal[5, 5];
        for (var i = 0; i < 120; i++)
        {
            grid[i % 5, (i / 5) % 5]++;
            revenue[i % 5, (i / 5) % 5] += 10m;
        }
        var segments = new SegmentsOverview(
            120,
            2,
            rfm,
            new RfmGrid(grid, revenue),
            clusters,
            new ClusterSpace(["recency_days", "frequency", "monetary"], "log1p, then standardised", points, clusterOf, [[1.0, 1.0, 1.0], [-1.0, -1.0, -1.0]]),
            new KChoice(2, "Highest silhouette.", [new KChoiceRow(2, 100, 0.61), new KChoiceRow(3, 80, 0.52), new KChoiceRow(4, 70, 0.48)]));
        var customers = Enumerable.Range(0, 120).Select(i => new CustomerValueRow(
            $"C{i:000}",
            RecencyDays: random.Next(1, 180),
            Frequency: random.Next(1, 12),
            Monetary: random.Next(10, 900),
            Segment: rfm.Segments[i % 3].Name,
            Cluster: i < 50 ? "1: high value, recent, frequent" : "2: low value, lapsed, one-off",
            ExpectedPurchases: random.NextDouble() * 5,
            ProbabilityAlive: random.NextDouble(),
            Clv: Math.Exp(random.NextDouble() * 9))).ToList();
        var value = new ValueOverview(
            "BG/NBD and Gamma-Gamma",
            365,
            0.01,
            [new ModelParameter("BG/NBD", "r", 0.24, 0.01), new ModelParameter("Gamma-Gamma", "p", 6.25, 1.2)],
            customers,
            new HoldoutComparison(
                new DateOnly(2024, 4, 1),
                new DateOnly(2024, 6, 21),
                "BG/NBD",
                120,
                150,
                160,
                0.8,
                [new HoldoutGroup("0", 60, 0.2, 0.25), new HoldoutGroup("1", 30, 0.8, 0.7), new HoldoutGroup("2+", 30, 2.1, 2.4)]),
            null,
            new ChurnSummary("no purchase in the 90 days after the cutoff", new DateOnly(2024, 1, 3), new DateOnly(2024, 4, 2), 100, 0.4,
                [new ChurnScore("churn model", 0.75, 0.2, 0.5, 0.6, 0.7), new ChurnScore("1 − P(alive)", 0.6, 0.3, 0.5, 0.5, 0.5)]),
            null);
        return new ReportData
        {
            Title = "Synthetic <shop> & co",
            AsOf = new DateOnly(2024, 6, 21),
            Source = "orders.csv",
            Data = data,
            Segments = segments,
            Value = value,
            AdditionalSections = [new CampaignsSection()],
        };
    }

    /// <summary>A section of a later capability, plugged in without touching ReportData.</summary>
    public sealed class CampaignsSection : ReportSection
    {
        public override string Id => "campaigns";

        public override string Title => "Campaigns";

        public override void Write(SectionWriter writer)
        {
            ArgumentNullException.ThrowIfNull(writer);
            writer.Paragraph("Two arms, one winner.");
            writer.Table(new ReportTable(
                "campaign-arms",
                "Arms",
                [new TableColumn("arm"), new TableColumn("conversion", Numeric: true)],
                [new TableRow(["control", "2.0 %"]), new TableRow(["offer", "3.1 %"]) { Emphasis = true }]));
            var plot = ChartStyle.NewPlot("Conversion by arm");
            plot.Add.Bars([2.0, 3.1]);
            writer.Figure(new ReportFigure("campaign-arms", "Conversion by arm", "The offer converts better.", plot, 640, 400));
            writer.Facts(new { Arms = 2 });
        }
    }
}
