using Clientele.Data.Store;

namespace Clientele.Features;

/// <summary>
/// People at each step of the shop's funnel: visitors (any event), viewers (a product view), carts (a cart add) and
/// buyers (a purchase event, or a purchase order line within the events' period). Each step counts the people who took
/// it, whether or not they took the one before (a buyer who bought straight from a search counts as a buyer, not as a
/// viewer), so the step-to-step rate is a share of people, not a path.
/// </summary>
/// <param name="Segment">The RFM segment or cluster (as text), or null for everyone.</param>
/// <param name="Grouping">"rfm", the clustering's method name, or null for everyone; "none" for people the segmentation does not hold (anonymous visitors, customers without a purchase before its as-of).</param>
public sealed record FunnelRow(string? Grouping, string? Segment, long Visitors, long Viewers, long Carts, long Buyers);

/// <summary>The funnel overall and per segment of a stored segmentation, from the <c>events</c> table (docs/events.md).</summary>
public static class FunnelQuery
{
    /// <summary>Whether the store holds any behaviour events (the funnel needs them).</summary>
    public static bool HasEvents(ClienteleStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.Scalar<long>("SELECT count(*) FROM (SELECT 1 FROM events LIMIT 1) AS e") > 0;
    }

    /// <summary>
    /// Everyone's funnel first, then one row per RFM segment, per cluster (when the segmentation has clusters) and one for
    /// people outside the segmentation, when <paramref name="segmentation"/> (a <c>segmentation</c> version) is given.
    /// </summary>
    public static IReadOnlyList<FunnelRow> Compute(ClienteleStore store, long? segmentation = null, string clusterGrouping = "kmeans")
    {
        ArgumentNullException.ThrowIfNull(store);
        // One row per person (a visitor linked to a customer is that customer): which steps they took. Order lines count as purchases within the events' period only, so a
        // customer's purchases from years before the tracking began do not make them a buyer of this funnel.
        const string People = """
            WITH period AS (SELECT min(occurred_at) AS first_at, max(occurred_at) AS last_at FROM events),
            steps AS (
                SELECT person, max(linked_customer_id) AS customer_id,
                       bool_or(event_type = 'view') AS viewed,
                       bool_or(event_type = 'cart_add') AS carted,
                       bool_or(event_type = 'purchase') AS bought
                FROM event_people
                GROUP BY person
            ),
            ordered AS (
                SELECT DISTINCT l.customer_id
                FROM order_lines l, period p
                WHERE NOT l.is_return AND l.ordered_at >= p.first_at AND l.ordered_at <= p.last_at
            ),
            people AS (
                SELECT s.person, s.customer_id, s.viewed, s.carted, s.bought OR o.customer_id IS NOT NULL AS bought
                FROM steps s LEFT JOIN ordered o ON o.customer_id = s.customer_id
            )
            """;
        const string Counts = "count(*), count(*) FILTER (WHERE viewed), count(*) FILTER (WHERE carted), count(*) FILTER (WHERE bought)";
        var rows = new List<FunnelRow>();
        using (var command = store.Command($"{People} SELECT {Counts} FROM people"))
        using (var reader = command.ExecuteReader())
        {
            reader.Read();
            rows.Add(new FunnelRow(null, null, reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3)));
        }
        if (segmentation is not { } version)
        {
            return rows;
        }
        var sql = $"""
            {People},
            segmented AS (
                SELECT p.*, r.rfm_segment, CAST(r.cluster AS VARCHAR) AS cluster, r.customer_id IS NULL AS outside
                FROM people p LEFT JOIN (SELECT customer_id, rfm_segment, cluster FROM segment_results WHERE version = $version) AS r
                     ON r.customer_id = p.customer_id
            )
            SELECT 'rfm', rfm_segment, {Counts} FROM segmented WHERE NOT outside GROUP BY rfm_segment
            UNION ALL
            SELECT 'cluster', cluster, {Counts} FROM segmented WHERE NOT outside AND cluster IS NOT NULL GROUP BY cluster
            UNION ALL
            SELECT 'none', NULL, {Counts} FROM segmented WHERE outside
            """;
        using (var command = store.Command(sql, ("version", version)))
        using (var reader = command.ExecuteReader())
        {
            var segments = new List<FunnelRow>();
            while (reader.Read())
            {
                var grouping = reader.GetString(0);
                var row = new FunnelRow(grouping == "cluster" ? clusterGrouping : grouping, reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5));
                if (row.Grouping != "none" || row.Visitors > 0)
                {
                    segments.Add(row);
                }
            }
            rows.AddRange(segments
                .OrderBy(r => r.Grouping == "rfm" ? 0 : r.Grouping == "none" ? 2 : 1)
                .ThenByDescending(r => r.Visitors)
                .ThenBy(r => r.Segment, StringComparer.Ordinal));
        }
        return rows;
    }
}
