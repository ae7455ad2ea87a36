using System.Globalization;

namespace Clientele.Reports;

/// <summary>A segment as the segments-over-time chart names it.</summary>
/// <param name="Key">The key its counts are under in each <see cref="SegmentSnapshot"/>.</param>
/// <param name="Name">The name in the legend, e.g. "Champions" or "1: high value, recent, frequent".</param>
public sealed record TimelineSegment(string Key, string Name);

/// <summary>One segmentation's customers per segment.</summary>
/// <param name="Label">The segmentation as the axis names it, e.g. "v3 · 2011-12-10".</param>
/// <param name="Customers">Customers by segment key; a segment it put nobody in may be missing.</param>
public sealed record SegmentSnapshot(string Label, IReadOnlyDictionary<string, long> Customers);

/// <summary>Segments over time: the segments (best first when <paramref name="Ranked"/>) and each stored segmentation, oldest first.</summary>
public sealed record SegmentTimeline(string Title, IReadOnlyList<TimelineSegment> Segments, IReadOnlyList<SegmentSnapshot> Snapshots, bool Ranked);

/// <summary>A chart drawn as SVG, with its title and caption.</summary>
public sealed record RenderedFigure(string Name, string Title, string Caption, string Svg);

/// <summary>
/// The report's charts for a page other than the report (the service's dashboard): drawn by the same <c>Charts</c> in
/// the same style, as SVG, with the report's style sheet and captions.
/// </summary>
public static class DashboardFigures
{
    /// <summary>Gets the report's style sheet.</summary>
    public static string StyleSheet => ReportStyles.Css;

    /// <summary>Each segment's share of customers and of revenue (the report's shares chart).</summary>
    public static RenderedFigure Shares(SegmentGroup group, string name)
    {
        ArgumentNullException.ThrowIfNull(group);
        return Render(Charts.Shares(group, name, SharesCaption(group)));
    }

    /// <summary>Customers in each segment at each stored segmentation.</summary>
    public static RenderedFigure SegmentsOverTime(SegmentTimeline timeline, string name)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        return Render(Charts.SegmentsOverTime(timeline, name, SegmentsOverTimeCaption(timeline)));
    }

    /// <summary>The shares chart's title.</summary>
    public static string SharesTitle(SegmentGroup group) => Charts.SharesTitle(group);

    /// <summary>The segments-over-time chart's title.</summary>
    public static string SegmentsOverTimeTitle(SegmentTimeline timeline) => Charts.SegmentsOverTimeTitle(timeline);

    /// <summary>The shares chart's caption, as the report words it.</summary>
    public static string SharesCaption(SegmentGroup group) => SegmentsReportSection.SharesCaption(group);

    /// <summary>
    /// What to read from the segments-over-time chart: with one segmentation, that there is one point per segment and
    /// what adds the next; with more, the segment that changed most from the first to the last.
    /// </summary>
    public static string SegmentsOverTimeCaption(SegmentTimeline timeline)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        var snapshots = timeline.Snapshots;
        if (snapshots.Count == 0)
        {
            return "No segmentation is stored yet.";
        }
        if (snapshots.Count == 1)
        {
            return $"Only one segmentation is stored ({snapshots[0].Label}): one point per segment, no line yet. "
                + "Each later segmentation (clientele segment, or a refit) adds a point to every line.";
        }
        var (first, last) = (snapshots[0], snapshots[^1]);
        var parts = new List<string> { $"{ReportFormat.Count(snapshots.Count)} segmentations, from {first.Label} to {last.Label}." };
        var moved = timeline.Segments
            .Select(s => (s.Name, From: first.Customers.GetValueOrDefault(s.Key), To: last.Customers.GetValueOrDefault(s.Key)))
            .MaxBy(s => Math.Abs(s.To - s.From));
        if (moved.Name is not null && moved.To != moved.From)
        {
            parts.Add($"{moved.Name} changed most: from {ReportFormat.Count(moved.From)} to {ReportFormat.Count(moved.To)} customers.");
        }
        else
        {
            parts.Add("No segment's size changed from the first to the last.");
        }
        return string.Join(" ", parts);
    }

    /// <summary>The figure's SVG; the renderer disposes the figure.</summary>
    private static RenderedFigure Render(ReportFigure figure) =>
        new(figure.Name, figure.Title, figure.Caption, new FigureRenderer(null).Render(figure));

    /// <summary>A segmentation as the chart's axis names it: its version and as-of.</summary>
    public static string SnapshotLabel(long version, DateOnly? asOf) =>
        asOf is { } day ? $"v{version.ToString(CultureInfo.InvariantCulture)} · {day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}" : $"v{version.ToString(CultureInfo.InvariantCulture)}";
}
