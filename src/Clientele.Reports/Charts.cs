using System.Globalization;
using Clientele.Core.Maths;
using ScottPlot;

namespace Clientele.Reports;

/// <summary>The built-in sections' charts, each a ScottPlot plot in the report's style.</summary>
internal static class Charts
{
    /// <summary>Scatter charts draw at most this many customers (an even sample beyond), to keep the page small.</summary>
    public const int MaximumPoints = 5000;

    /// <summary>Every chart is drawn this wide (and scaled by the page): two fit side by side on a laptop, one on a phone.</summary>
    public const int ChartWidth = 640;

    private static readonly string[] MonthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    /// <summary>Net revenue per month (bars, left axis) and customers with a purchase that month (line, right axis).</summary>
    public static ReportFigure MonthlyActivity(IReadOnlyList<MonthlyActivity> months, string caption)
    {
        var plot = ChartStyle.NewPlot("Revenue and active customers per month");
        var positions = Enumerable.Range(0, months.Count).Select(i => (double)i).ToArray();
        var bars = months.Select((m, i) => new Bar
        {
            Position = i,
            Value = (double)m.Revenue,
            Size = 0.7,
            FillColor = ChartStyle.ToColor(ChartStyle.Primary).WithAlpha(m.Partial ? 0.45 : 1.0),
            LineWidth = 0,
        }).ToArray();
        var revenue = plot.Add.Bars(bars);
        revenue.LegendText = "net revenue (left axis)";
        var active = plot.Add.Scatter(positions, months.Select(m => (double)m.ActiveCustomers).ToArray(), ChartStyle.ToColor(ChartStyle.Secondary));
        active.LineWidth = 3;
        active.MarkerSize = 8;
        active.LegendText = "active customers (right axis)";
        active.Axes.YAxis = plot.Axes.Right;

        var (ticks, labels) = MonthTicks(months.Select(m => m.Month).ToArray(), MonthAxisWidth);
        ChartStyle.CategoryTicks(plot.Axes.Bottom, ticks.Select(i => (double)i).ToArray(), labels);
        if (months.Count > 0)
        {
            plot.Axes.Bottom.Label.Text = $"{MonthLabel(months[0].Month, withYear: true)} – {MonthLabel(months[^1].Month, withYear: true)}";
        }
        ChartStyle.FormatTicks(plot.Axes.Left, ChartStyle.AxisAmount);
        ChartStyle.FormatTicks(plot.Axes.Right, v => ReportFormat.Count((long)Math.Round(v)), integersOnly: true);
        plot.Axes.Left.Label.Text = "net revenue";
        plot.Axes.Right.Label.Text = "customers with a purchase";
        var maxRevenue = months.Count == 0 ? 1 : Math.Max(1, months.Max(m => (double)m.Revenue));
        var maxActive = months.Count == 0 ? 1 : Math.Max(1, months.Max(m => (double)m.ActiveCustomers));
        plot.Axes.SetLimitsY(0, maxRevenue * 1.18, plot.Axes.Left);
        plot.Axes.SetLimitsY(0, maxActive * 1.18, plot.Axes.Right);
        plot.Axes.SetLimitsX(-0.6, months.Count - 0.4);
        plot.ShowLegend(Alignment.UpperLeft);
        return new ReportFigure("monthly-revenue", "Revenue and active customers per month", caption, plot, ChartWidth, 460);
    }

    /// <summary>Each segment's share of customers and of revenue, side by side (horizontal bars, first segment on top).</summary>
    public static ReportFigure Shares(SegmentGroup group, string name, string caption)
    {
        var n = group.Segments.Count;
        var title = SharesTitle(group);
        var plot = ChartStyle.NewPlot(title);
        var customerBars = new List<Bar>();
        var revenueBars = new List<Bar>();
        for (var i = 0; i < n; i++)
        {
            var s = group.Segments[i];
            var y = n - 1 - i;
            customerBars.Add(new Bar
            {
                Position = y + 0.19,
                Value = s.Share * 100,
                Size = 0.36,
                FillColor = ChartStyle.ToColor(ChartStyle.Primary),
                LineWidth = 0,
                Label = ReportFormat.Percent(s.Share),
            });
            revenueBars.Add(new Bar
            {
                Position = y - 0.19,
                Value = s.RevenueShare * 100,
                Size = 0.36,
                FillColor = ChartStyle.ToColor(ChartStyle.Secondary),
                LineWidth = 0,
                Label = ReportFormat.Percent(s.RevenueShare),
            });
        }
        foreach (var (bars, legend) in new[] { (customerBars, "share of customers"), (revenueBars, "share of revenue") })
        {
            var plottable = plot.Add.Bars(bars);
            plottable.Horizontal = true;
            plottable.LegendText = legend;
            plottable.ValueLabelStyle.FontSize = 12;
            plottable.ValueLabelStyle.ForeColor = Color.FromHex("#3e4c59");
        }
        ChartStyle.CategoryTicks(
            plot.Axes.Left,
            Enumerable.Range(0, n).Select(i => (double)(n - 1 - i)).ToArray(),
            group.Segments.Select(LegendName).ToArray());
        ChartStyle.FormatTicks(plot.Axes.Bottom, v => v.ToString("0", CultureInfo.InvariantCulture) + " %");
        plot.Axes.Bottom.Label.Text = "% of all customers / of all revenue";
        var max = group.Segments.Count == 0 ? 1 : group.Segments.Max(s => Math.Max(s.Share, s.RevenueShare)) * 100;
        plot.Axes.SetLimitsX(0, (max * 1.2) + 1);
        plot.Axes.SetLimitsY(-0.6, n - 0.4);
        plot.ShowLegend(Edge.Bottom);
        return new ReportFigure(name, title, caption, plot, ChartWidth, Math.Max(320, 170 + (n * 48)));
    }

    /// <summary>Customers by R score (rows) × F score (columns), coloured by count, with the count in each cell.</summary>
    public static ReportFigure RfmHeatMap(RfmGrid grid, string caption)
    {
        const string Title = "Customers by recency (R) and frequency (F) score";
        var plot = ChartStyle.NewPlot(Title);
        var intensities = new double[5, 5];
        var max = 1.0;
        for (var r = 1; r <= 5; r++)
        {
            for (var f = 1; f <= 5; f++)
            {
                // Row 0 of a heat map is drawn at the top, cell (row, column) centred on (column, rows − 1 − row):
                // R = 5 (most recent) goes in row 0, so score r sits at y = r − 1 and score f at x = f − 1.
                intensities[5 - r, f - 1] = grid.Customers[r - 1, f - 1];
                max = Math.Max(max, grid.Customers[r - 1, f - 1]);
            }
        }
        var heatmap = plot.Add.Heatmap(intensities);
        // Blues runs from dark to light: reversed, more customers are darker. Drawn as rectangles, so that a browser
        // scaling the SVG does not blur the cells together as it would a 5 × 5 bitmap.
        heatmap.Colormap = new ScottPlot.Colormaps.Reversed(new ScottPlot.Colormaps.Blues());
        heatmap.RenderStrategy = new ScottPlot.Plottables.Heatmap.RenderStrategies.Rectangles();
        var bar = plot.Add.ColorBar(heatmap);
        bar.Label = "customers";
        bar.LabelStyle.FontSize = ChartStyle.AxisFontSize;
        bar.Axis.TickLabelStyle.FontSize = ChartStyle.TickFontSize;
        for (var r = 1; r <= 5; r++)
        {
            for (var f = 1; f <= 5; f++)
            {
                var count = grid.Customers[r - 1, f - 1];
                var text = plot.Add.Text(ReportFormat.Count(count), f - 1, r - 1);
                text.LabelFontSize = 15;
                text.LabelBold = true;
                text.Alignment = Alignment.MiddleCenter;
                text.LabelFontColor = count > max * 0.55 ? Colors.White : Color.FromHex("#1f2933");
            }
        }
        var ticks = new double[] { 0, 1, 2, 3, 4 };
        ChartStyle.CategoryTicks(plot.Axes.Bottom, ticks, ["1", "2", "3", "4", "5"]);
        ChartStyle.CategoryTicks(plot.Axes.Left, ticks, ["1", "2", "3", "4", "5"]);
        plot.Axes.Bottom.Label.Text = "F score (5 = most orders)";
        plot.Axes.Left.Label.Text = "R score (5 = bought most recently)";
        plot.Axes.SetLimits(-0.5, 4.5, -0.5, 4.5);
        plot.Grid.IsVisible = false;
        return new ReportFigure("rfm-heatmap", Title, caption, plot, ChartWidth, 560);
    }

    /// <summary>Customers on the first two principal components of the clustering space, coloured by cluster, centroids marked.</summary>
    public static ReportFigure ClusterMap(ClusterSpace space, SegmentGroup clusters, PrincipalComponents pca, string caption)
    {
        const string Title = "Clusters on the two main directions of difference (PCA)";
        var plot = ChartStyle.NewPlot(Title);
        var step = Math.Max(1, (int)Math.Ceiling(space.Rows / (double)MaximumPoints));
        var byCluster = new SortedDictionary<int, (List<double> X, List<double> Y)>();
        for (var i = 0; i < space.Rows; i += step)
        {
            var point = pca.Project(space.Points.AsSpan(i * space.Dimensions, space.Dimensions));
            var id = space.ClusterOf[i];
            if (!byCluster.TryGetValue(id, out var list))
            {
                list = ([], []);
                byCluster[id] = list;
            }
            list.X.Add(point[0]);
            list.Y.Add(point.Length > 1 ? point[1] : 0);
        }
        var k = space.Centroids.Count;
        foreach (var (id, (xs, ys)) in byCluster)
        {
            var colour = ChartStyle.ToColor(ChartStyle.Colour(id - 1, k, ranked: false));
            var points = plot.Add.ScatterPoints(xs.ToArray(), ys.ToArray(), colour.WithAlpha(0.55));
            points.MarkerSize = 4;
            points.LegendText = ClusterName(clusters, id);
        }
        for (var c = 0; c < k; c++)
        {
            var centre = pca.Project(space.Centroids[c]);
            var y = centre.Length > 1 ? centre[1] : 0;
            var marker = plot.Add.Marker(centre[0], y, MarkerShape.FilledCircle, 26, ChartStyle.ToColor(ChartStyle.Colour(c, k, ranked: false)));
            marker.MarkerLineColor = Color.FromHex("#1f2933");
            marker.MarkerLineWidth = 2.5f;
            var label = plot.Add.Text((c + 1).ToString(CultureInfo.InvariantCulture), centre[0], y);
            label.LabelFontSize = 15;
            label.LabelBold = true;
            label.LabelFontColor = Colors.White;
            label.Alignment = Alignment.MiddleCenter;
        }
        var share = pca.ExplainedShare;
        plot.Axes.Bottom.Label.Text = $"first component ({ReportFormat.Percent(share[0])} of the variation)";
        plot.Axes.Left.Label.Text = share.Length > 1 ? $"second component ({ReportFormat.Percent(share[1])})" : "second component";
        plot.ShowLegend(Edge.Bottom);
        return new ReportFigure("cluster-map", Title, caption, plot, ChartWidth, 600);
    }

    /// <summary>Mean silhouette for each k tried, the chosen k marked.</summary>
    public static ReportFigure Silhouette(KChoice choice, string caption)
    {
        const string Title = "How well separated the clusters are, for each k";
        var plot = ChartStyle.NewPlot(Title);
        var ks = choice.Table.Select(r => (double)r.K).ToArray();
        var values = choice.Table.Select(r => r.Silhouette).ToArray();
        var line = plot.Add.Scatter(ks, values, ChartStyle.ToColor(ChartStyle.Primary));
        line.LineWidth = 3;
        line.MarkerSize = 9;
        if (choice.Table.FirstOrDefault(r => r.K == choice.ChosenK) is { } chosen)
        {
            var marker = plot.Add.Marker(chosen.K, chosen.Silhouette, MarkerShape.FilledCircle, 20, ChartStyle.ToColor(ChartStyle.Highlight));
            marker.MarkerLineColor = Colors.White;
            marker.MarkerLineWidth = 2;
            var label = plot.Add.Text($"chosen: k = {chosen.K}", chosen.K, chosen.Silhouette);
            label.LabelFontSize = 14;
            label.LabelBold = true;
            label.LabelFontColor = ChartStyle.ToColor(ChartStyle.Highlight);
            // Keep the label inside the plot when the chosen k is the first or the last tried.
            label.Alignment = chosen.K == choice.Table.Min(r => r.K) ? Alignment.LowerLeft : chosen.K == choice.Table.Max(r => r.K) ? Alignment.LowerRight : Alignment.LowerCenter;
            label.OffsetY = -16;
        }
        ChartStyle.CategoryTicks(plot.Axes.Bottom, ks, choice.Table.Select(r => r.K.ToString(CultureInfo.InvariantCulture)).ToArray());
        ChartStyle.FormatTicks(plot.Axes.Left, v => v.ToString("0.000", CultureInfo.InvariantCulture));
        plot.Axes.Bottom.Label.Text = "k, the number of clusters";
        plot.Axes.Left.Label.Text = "mean silhouette (higher = better separated)";
        var low = values.Length == 0 ? 0 : values.Min();
        var high = values.Length == 0 ? 1 : values.Max();
        var pad = Math.Max(0.01, (high - low) * 0.35);
        plot.Axes.SetLimitsY(low - pad, high + (pad * 1.4));
        plot.Axes.SetLimitsX(ks.Length == 0 ? 0 : ks.Min() - 0.5, ks.Length == 0 ? 1 : ks.Max() + 0.5);
        return new ReportFigure("silhouette-by-k", Title, caption, plot, ChartWidth, 440);
    }

    /// <summary>How many customers have each CLV, on a log scale (four bins per power of ten).</summary>
    public static ReportFigure ClvDistribution(IReadOnlyList<CustomerValueRow> customers, int horizonDays, string caption)
    {
        var title = $"Customers by predicted value over the next {horizonDays} days (CLV)";
        var plot = ChartStyle.NewPlot(title);
        const int BinsPerDecade = 4;
        var logs = customers.Select(c => Math.Log10(Math.Max(c.Clv, 1))).ToArray();
        var top = logs.Length == 0 ? 1 : Math.Max(1, Math.Ceiling(logs.Max()));
        var binCount = (int)(top * BinsPerDecade);
        var counts = new int[binCount];
        foreach (var l in logs)
        {
            counts[Math.Clamp((int)Math.Floor(l * BinsPerDecade), 0, binCount - 1)]++;
        }
        var bars = counts.Select((count, b) => new Bar
        {
            Position = (b + 0.5) / BinsPerDecade,
            Value = count,
            Size = 0.92 / BinsPerDecade,
            FillColor = ChartStyle.ToColor(ChartStyle.Primary),
            LineWidth = 0,
        }).ToArray();
        plot.Add.Bars(bars);
        if (customers.Count > 0)
        {
            var sorted = new double[customers.Count];
            for (var i = 0; i < sorted.Length; i++)
            {
                sorted[i] = customers[i].Clv;
            }
            Array.Sort(sorted); // as Order() puts them, without a key and an index per customer
            var median = sorted[sorted.Length / 2];
            var line = plot.Add.VerticalLine(Math.Log10(Math.Max(median, 1)), 2.5f, ChartStyle.ToColor(ChartStyle.Highlight), LinePattern.Dashed);
            line.LegendText = $"median {ReportFormat.Money(median)}";
            plot.ShowLegend(Alignment.UpperRight);
        }
        var decades = Enumerable.Range(0, (int)top + 1).Select(d => (double)d).ToArray();
        ChartStyle.CategoryTicks(plot.Axes.Bottom, decades, decades.Select(DecadeLabel).ToArray());
        ChartStyle.FormatTicks(plot.Axes.Left, v => ReportFormat.Count((long)Math.Round(v)), integersOnly: true);
        plot.Axes.Bottom.Label.Text = "CLV (log scale)";
        plot.Axes.Left.Label.Text = "customers";
        plot.Axes.SetLimitsY(0, Math.Max(1, counts.DefaultIfEmpty(0).Max()) * 1.15);
        plot.Axes.SetLimitsX(-0.1, top + 0.1);
        return new ReportFigure("clv-distribution", title, caption, plot, ChartWidth, 440);
    }

    /// <summary>P(alive) against days since the last purchase, coloured by how often the customer bought.</summary>
    public static ReportFigure AliveByRecency(IReadOnlyList<CustomerValueRow> customers, string caption)
    {
        const string Title = "P(alive) by days since the last purchase";
        var plot = ChartStyle.NewPlot(Title);
        (string Name, int Low, int High)[] bands = [("1 order", 1, 1), ("2–3 orders", 2, 3), ("4–9 orders", 4, 9), ("10+ orders", 10, int.MaxValue)];
        var step = Math.Max(1, (int)Math.Ceiling(customers.Count / (double)MaximumPoints));
        for (var b = 0; b < bands.Length; b++)
        {
            var (name, low, high) = bands[b];
            var members = customers.Where((c, i) => i % step == 0 && c.Frequency >= low && c.Frequency <= high).ToArray();
            if (members.Length == 0)
            {
                continue;
            }
            var points = plot.Add.ScatterPoints(
                members.Select(c => (double)c.RecencyDays).ToArray(),
                members.Select(c => c.ProbabilityAlive).ToArray(),
                ChartStyle.ToColor(ChartStyle.Categorical[b]).WithAlpha(0.6));
            points.MarkerSize = 4;
            points.LegendText = name;
        }
        ChartStyle.FormatTicks(plot.Axes.Left, v => ReportFormat.Percent(v).Replace(".0 %", " %", StringComparison.Ordinal));
        plot.Axes.Bottom.Label.Text = "days since the last purchase";
        plot.Axes.Left.Label.Text = "P(alive)";
        plot.Axes.SetLimitsY(-0.03, 1.05);
        plot.ShowLegend(Edge.Bottom);
        return new ReportFigure("p-alive-by-recency", Title, caption, plot, ChartWidth, 500);
    }

    /// <summary>Mean predicted and actual holdout purchases per customer, by purchases in the calibration period.</summary>
    public static ReportFigure Holdout(HoldoutComparison holdout, string caption)
    {
        const string Title = "Predicted versus actual purchases in the holdout period";
        var plot = ChartStyle.NewPlot(Title);
        var n = holdout.ByFrequency.Count;
        var predicted = holdout.ByFrequency.Select((g, i) => new Bar
        {
            Position = i - 0.19,
            Value = g.PredictedMean,
            Size = 0.36,
            FillColor = ChartStyle.ToColor(ChartStyle.Primary),
            LineWidth = 0,
        }).ToList();
        var actual = holdout.ByFrequency.Select((g, i) => new Bar
        {
            Position = i + 0.19,
            Value = g.ActualMean,
            Size = 0.36,
            FillColor = ChartStyle.ToColor(ChartStyle.Secondary),
            LineWidth = 0,
        }).ToList();
        plot.Add.Bars(predicted).LegendText = $"predicted ({holdout.Model})";
        plot.Add.Bars(actual).LegendText = "actual";
        ChartStyle.CategoryTicks(plot.Axes.Bottom, Enumerable.Range(0, n).Select(i => (double)i).ToArray(), holdout.ByFrequency.Select(g => g.Frequency).ToArray());
        ChartStyle.FormatTicks(plot.Axes.Left, v => v.ToString("0.#", CultureInfo.InvariantCulture));
        plot.Axes.Bottom.Label.Text = "repeat purchases before the holdout";
        plot.Axes.Left.Label.Text = "mean purchases per customer in the holdout";
        var max = n == 0 ? 1 : holdout.ByFrequency.Max(g => Math.Max(g.PredictedMean, g.ActualMean));
        plot.Axes.SetLimitsY(0, Math.Max(0.1, max * 1.2));
        plot.Axes.SetLimitsX(-0.6, n - 0.4);
        plot.ShowLegend(Alignment.UpperLeft);
        return new ReportFigure("holdout", Title, caption, plot, ChartWidth, 440);
    }

    /// <summary>
    /// Customers in each segment at each stored segmentation (one line per segment, a point per segmentation, oldest
    /// left); with one segmentation, one point per segment and no line.
    /// </summary>
    public static ReportFigure SegmentsOverTime(SegmentTimeline timeline, string name, string caption)
    {
        var title = SegmentsOverTimeTitle(timeline);
        var plot = ChartStyle.NewPlot(title);
        var n = timeline.Snapshots.Count;
        var positions = Enumerable.Range(0, n).Select(i => (double)i).ToArray();
        for (var s = 0; s < timeline.Segments.Count; s++)
        {
            var segment = timeline.Segments[s];
            // A segment a segmentation put nobody in has no row there: zero customers, not a gap.
            var counts = timeline.Snapshots.Select(p => (double)p.Customers.GetValueOrDefault(segment.Key)).ToArray();
            var line = plot.Add.Scatter(positions, counts, ChartStyle.ToColor(ChartStyle.Colour(s, timeline.Segments.Count, timeline.Ranked)));
            line.LineWidth = n > 1 ? 3 : 0;
            line.MarkerSize = 9;
            line.LegendText = segment.Name;
        }
        ChartStyle.CategoryTicks(plot.Axes.Bottom, positions, timeline.Snapshots.Select(p => p.Label).ToArray());
        ChartStyle.FormatTicks(plot.Axes.Left, v => ReportFormat.Count((long)Math.Round(v)), integersOnly: true);
        plot.Axes.Bottom.Label.Text = "segmentation (as of)";
        plot.Axes.Left.Label.Text = "customers";
        var max = timeline.Snapshots.SelectMany(p => p.Customers.Values).DefaultIfEmpty(1).Max();
        plot.Axes.SetLimitsY(0, Math.Max(1, max) * 1.12);
        plot.Axes.SetLimitsX(-0.5, Math.Max(0, n - 1) + 0.5);
        plot.ShowLegend(Edge.Bottom);
        return new ReportFigure(name, title, caption, plot, ChartWidth, Math.Max(420, 340 + (((timeline.Segments.Count + 2) / 3) * 30)));
    }

    /// <summary>The shares chart's title, drawn in it.</summary>
    public static string SharesTitle(SegmentGroup group) => $"{group.Title}: customers and revenue";

    /// <summary>The segments-over-time chart's title, drawn in it.</summary>
    public static string SegmentsOverTimeTitle(SegmentTimeline timeline) => $"{timeline.Title}: customers at each segmentation";

    /// <summary>The name of cluster <paramref name="id"/> in the legend: "1: high value, recent, frequent".</summary>
    public static string ClusterName(SegmentGroup clusters, int id) =>
        clusters.Segments.FirstOrDefault(s => s.Key == id.ToString(CultureInfo.InvariantCulture)) is { } row ? LegendName(row) : id < 0 ? "noise" : $"cluster {id}";

    /// <summary>How a segment is named in charts and tables: its name, or for a numbered cluster "1: high value, recent, frequent".</summary>
    public static string LegendName(SegmentRow row) =>
        row.Key == "-1" ? "noise" : int.TryParse(row.Key, NumberStyles.Integer, CultureInfo.InvariantCulture, out _) ? $"{row.Key}: {row.Label}" : row.Name;

    /// <summary>10^d as a short amount: 1, 10, 100, 1k, 10k, 100k, 1M …</summary>
    private static string DecadeLabel(double d) => (int)d switch
    {
        0 => "≤ 1",
        < 3 => Math.Pow(10, d).ToString("0", CultureInfo.InvariantCulture),
        < 6 => Math.Pow(10, d - 3).ToString("0", CultureInfo.InvariantCulture) + "k",
        < 9 => Math.Pow(10, d - 6).ToString("0", CultureInfo.InvariantCulture) + "M",
        _ => Math.Pow(10, d - 9).ToString("0", CultureInfo.InvariantCulture) + "bn",
    };

    /// <summary>The width in pixels the monthly chart's bars span: the chart less its two value axes and their labels.</summary>
    internal const double MonthAxisWidth = ChartWidth - 160;

    /// <summary>The gap in pixels kept between two month labels.</summary>
    internal const double MonthLabelGap = 4;

    /// <summary>
    /// The months to label and their labels: every month while the labels fit side by side (the years are in the axis
    /// label), else every 2nd, 3rd, 4th, 6th or 12th calendar month with its year (Jan, Apr, Jul, Oct for every 3rd), the
    /// first step whose widest label, measured in the chart's font, fits in the space between two labelled months.
    /// </summary>
    /// <param name="months">The first day of each month, in order, one per bar.</param>
    /// <param name="axisWidth">The width in pixels the bars span.</param>
    internal static (int[] Indices, string[] Labels) MonthTicks(IReadOnlyList<DateOnly> months, double axisWidth)
    {
        ArgumentNullException.ThrowIfNull(months);
        if (months.Count == 0)
        {
            return ([], []);
        }
        using var typeface = SkiaSharp.SKTypeface.FromFamilyName(ChartStyle.FontFamily);
        using var font = new SkiaSharp.SKFont(typeface, ChartStyle.TickFontSize);
        var slot = axisWidth / months.Count;
        int[] indices = [];
        string[] labels = [];
        foreach (var every in new[] { 1, 2, 3, 4, 6, 12, 24, 60, 120 })
        {
            indices = Enumerable.Range(0, months.Count).Where(i => every == 1 || (((months[i].Year * 12) + months[i].Month - 1) % every == 0)).ToArray();
            labels = indices.Select(i => MonthLabel(months[i], withYear: every > 1)).ToArray();
            if (labels.Length == 0 || labels.Max(l => font.MeasureText(l)) + MonthLabelGap <= every * slot)
            {
                break;
            }
        }
        return (indices, labels);
    }

    private static string MonthLabel(DateOnly month, bool withYear) =>
        withYear ? $"{MonthNames[month.Month - 1]} {month.Year.ToString(CultureInfo.InvariantCulture)}" : MonthNames[month.Month - 1];
}
