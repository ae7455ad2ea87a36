using System.Globalization;
using Clientele.Reports;

namespace Clientele.Pipeline.Live;

/// <summary>A chart the dashboard can show: its name (the route's file stem), title and caption.</summary>
public sealed record LiveChart(string Name, string Title, string Caption);

/// <summary>
/// The dashboard's segment charts, drawn by the report's charts (<see cref="DashboardFigures"/>) from the stored
/// segmentations (<see cref="LiveSegmentHistory"/>): the current version's shares of customers and revenue, and
/// customers per segment at each version, for the RFM segments and, when the segmentation clustered, the clusters.
/// </summary>
public static class LiveSegmentCharts
{
    public const string RfmShares = "rfm-shares";
    public const string ClusterShares = "cluster-shares";
    public const string RfmOverTime = "rfm-over-time";
    public const string ClustersOverTime = "clusters-over-time";

    private const string RfmTitle = "RFM segments";
    private const string ClusterTitle = "Clusters";

    /// <summary>The charts this history has, in the order to show them; none without a current segmentation.</summary>
    public static IReadOnlyList<LiveChart> Available(IReadOnlyList<LiveSegmentation> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var charts = new List<LiveChart>();
        if (history.FirstOrDefault(v => v.IsCurrent) is not { } current)
        {
            return charts;
        }
        var rfmShares = Shares(current, "rfm");
        charts.Add(new LiveChart(RfmShares, DashboardFigures.SharesTitle(rfmShares), DashboardFigures.SharesCaption(rfmShares)));
        var rfmTimeline = Timeline(history, "rfm");
        charts.Add(new LiveChart(RfmOverTime, DashboardFigures.SegmentsOverTimeTitle(rfmTimeline), DashboardFigures.SegmentsOverTimeCaption(rfmTimeline)));
        if (current.Segments.Any(s => s.Kind == "cluster"))
        {
            var clusterShares = Shares(current, "cluster");
            charts.Add(new LiveChart(ClusterShares, DashboardFigures.SharesTitle(clusterShares), DashboardFigures.SharesCaption(clusterShares)));
            var clusterTimeline = Timeline(history, "cluster");
            charts.Add(new LiveChart(
                ClustersOverTime,
                DashboardFigures.SegmentsOverTimeTitle(clusterTimeline),
                DashboardFigures.SegmentsOverTimeCaption(clusterTimeline)
                    + " Clusters are numbered within each segmentation (1 has the highest mean spend), so a line follows a rank, not the same customers."));
        }
        return charts;
    }

    /// <summary>The chart named <paramref name="name"/> as SVG, or null when this history has no such chart.</summary>
    public static RenderedFigure? Render(IReadOnlyList<LiveSegmentation> history, string name)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (Available(history).All(c => c.Name != name))
        {
            return null;
        }
        var current = history.First(v => v.IsCurrent);
        return name switch
        {
            RfmShares => DashboardFigures.Shares(Shares(current, "rfm"), name),
            ClusterShares => DashboardFigures.Shares(Shares(current, "cluster"), name),
            RfmOverTime => DashboardFigures.SegmentsOverTime(Timeline(history, "rfm"), name),
            _ => DashboardFigures.SegmentsOverTime(Timeline(history, "cluster"), name),
        };
    }

    /// <summary>A segmentation's segments of one kind as the report's shares chart takes them (no profile features: the chart does not draw them).</summary>
    private static SegmentGroup Shares(LiveSegmentation version, string kind)
    {
        var segments = version.Segments.Where(s => s.Kind == kind).ToList();
        // Shares of the segmentation's customers and revenue: every customer is in one RFM segment and at most one cluster.
        var customers = Math.Max(1, segments.Sum(s => s.Customers));
        var revenue = segments.Sum(s => s.Revenue);
        return new SegmentGroup(
            kind == "rfm" ? RfmTitle : ClusterTitle,
            "",
            [.. segments.Select(s => new SegmentRow(
                Key(s), Key(s), s.Label ?? "", null, checked((int)s.Customers), s.Customers / (double)customers, s.Revenue,
                revenue == 0 ? 0 : (double)(s.Revenue / revenue), []))],
            Ranked: kind == "rfm");
    }

    /// <summary>Every version's customers per segment of one kind; the segments in the newest version's order, then any only older ones had.</summary>
    private static SegmentTimeline Timeline(IReadOnlyList<LiveSegmentation> history, string kind)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var version in history.Reverse())
        {
            foreach (var s in version.Segments.Where(s => s.Kind == kind))
            {
                // A cluster is named as the newest segmentation labels it; RFM segments by their names.
                names.TryAdd(Key(s), kind == "rfm" ? s.Id : s.Label is { Length: > 0 } label ? $"{Key(s)}: {label}" : $"cluster {Key(s)}");
            }
        }
        var order = kind == "rfm"
            ? names.Keys.OrderBy(Segmentation.RfmSegments.Rank).ThenBy(k => k, StringComparer.Ordinal)
            : names.Keys.OrderBy(k => int.Parse(k, CultureInfo.InvariantCulture));
        return new SegmentTimeline(
            kind == "rfm" ? RfmTitle : ClusterTitle,
            [.. order.Select(k => new TimelineSegment(k, names[k]))],
            [.. history.Select(v => new SegmentSnapshot(
                DashboardFigures.SnapshotLabel(v.Version, v.AsOf),
                v.Segments.Where(s => s.Kind == kind).ToDictionary(Key, s => s.Customers, StringComparer.Ordinal)))],
            Ranked: kind == "rfm");
    }

    /// <summary>The segment's key in the report's charts: the RFM segment's name, or the cluster's number.</summary>
    private static string Key(LiveSegmentCount segment) => segment.Kind == "cluster" ? segment.Id[LiveLists.ClusterPrefix.Length..] : segment.Id;
}
