using System.Globalization;
using Clientele.Data.Store;
using Clientele.Pipeline.State;

namespace Clientele.Pipeline.Live;

/// <summary>A segment of one segmentation version: how many customers it put there and their revenue (monetary, net of returns).</summary>
/// <param name="Id">The RFM segment's name, or <c>cluster:N</c> (as <see cref="LiveLists.Segments"/> names them).</param>
/// <param name="Kind"><c>rfm</c> or <c>cluster</c>.</param>
/// <param name="Label">A cluster's label from its segmentation ("high value, recent, frequent"); null for an RFM segment.</param>
public sealed record LiveSegmentCount(string Id, string Kind, string? Label, long Customers, decimal Revenue);

/// <summary>One stored segmentation version and its segments, RFM segments (best first) then clusters.</summary>
/// <param name="AsOf">The first day the segmentation did not observe.</param>
/// <param name="IsCurrent">Whether it is the version profiles and lists use now.</param>
public sealed record LiveSegmentation(long Version, DateOnly? AsOf, DateTime FittedAt, bool IsCurrent, IReadOnlyList<LiveSegmentCount> Segments);

/// <summary>
/// Segments over time: every segmentation version the registry keeps, oldest first (by as-of, then version), with its
/// customers per RFM segment and per cluster as counted from <c>segment_results</c>. The registry keeps each version's
/// rows, so this is the store's history of segmentations, not an estimate; a store segmented once has one version.
/// </summary>
public static class LiveSegmentHistory
{
    /// <summary>Every segmentation version, oldest first; empty when nothing was segmented.</summary>
    public static IReadOnlyList<LiveSegmentation> Read(ClienteleStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var versions = ModelRegistry.List(store, ModelKinds.Segmentation);
        if (versions.Count == 0)
        {
            return [];
        }
        var byVersion = versions.ToDictionary(v => v.Version, _ => new List<LiveSegmentCount>());
        var labels = versions.ToDictionary(v => v.Version, v => ClusterLabels(store, v));
        using (var command = store.Command(
            """
            SELECT r.version, 'rfm', r.rfm_segment, count(*), sum(r.monetary)
            FROM segment_results r JOIN model_versions m ON m.version = r.version
            WHERE m.kind = $kind GROUP BY r.version, r.rfm_segment
            UNION ALL
            SELECT r.version, 'cluster', CAST(r.cluster AS VARCHAR), count(*), sum(r.monetary)
            FROM segment_results r JOIN model_versions m ON m.version = r.version
            WHERE m.kind = $kind AND r.cluster IS NOT NULL GROUP BY r.version, r.cluster
            """,
            ("kind", ModelKinds.Segmentation)))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var version = reader.GetInt64(0);
                var kind = reader.GetString(1);
                var key = reader.GetString(2);
                string? label = null;
                if (kind == "cluster")
                {
                    var number = int.Parse(key, CultureInfo.InvariantCulture);
                    label = number >= 1 && number <= labels[version].Count ? labels[version][number - 1] : null;
                    key = LiveLists.ClusterId(number);
                }
                byVersion[version].Add(new LiveSegmentCount(key, kind, label, reader.GetInt64(3), reader.GetDecimal(4)));
            }
        }
        return [.. versions
            .OrderBy(v => v.AsOf ?? DateOnly.MinValue).ThenBy(v => v.Version)
            .Select(v => new LiveSegmentation(v.Version, v.AsOf, v.FittedAt, v.IsCurrent, [.. byVersion[v.Version]
                .OrderBy(s => LiveLists.Order(s.Kind, s.Id))
                .ThenBy(s => s.Id, StringComparer.Ordinal)]))];
    }

    /// <summary>The clusters' labels (cluster N is the N-th), from the version's facts; none when it kept no clustering.</summary>
    private static IReadOnlyList<string> ClusterLabels(ClienteleStore store, ModelVersion version) =>
        ModelRegistry.Artifact(store, version.Version, StoredSegmentation.FactsArtifact) is { } facts
            ? StateJson.Read<SegmentationFacts>(facts, "a segmentation's facts").Clustering?.Labels ?? []
            : [];
}
