using Clientele.Data.Store;

namespace Clientele.Features;

/// <summary>
/// One product's net revenue and buyers in one segment: an RFM segment (<see cref="RfmSegment"/> set) or a cluster
/// (<see cref="Cluster"/> set).
/// </summary>
public readonly record struct SegmentProduct(string? RfmSegment, int? Cluster, string ProductId, double Revenue, long Buyers)
{
    /// <summary>The segment's customers whose net spend on the product is positive (what was bought and not all returned).</summary>
    public long NetSpenders { get; init; }
}

/// <summary>One customer's segments, as a segmentation read from files gives them.</summary>
public readonly record struct SegmentMember(string CustomerId, string RfmSegment, int? Cluster);

/// <summary>
/// Per segment and product, before the as-of day: net revenue (purchases less returns) and buyers (customers with a
/// purchase of it), for every RFM segment and every cluster of a segmentation, in one pass. Read from the customer
/// products summary when the summaries answer for the as-of (<see cref="CustomerInputs.SummariesAnswer(ClienteleStore, DateOnly?)"/>), else from
/// the order lines; the segments come from a stored segmentation version's rows, or from members a caller uploads.
/// </summary>
public static class SegmentProductQuery
{
    /// <summary>The segments of segmentation <paramref name="version"/> (its <c>segment_results</c> rows).</summary>
    /// <param name="summariesCurrent">Whether the summaries are current, when the caller knows already (<see cref="Summaries.CustomerSummaryTables.IsCurrent"/>); null to check here.</param>
    public static IReadOnlyList<SegmentProduct> ForVersion(ClienteleStore store, long version, DateOnly asOf, bool? summariesCurrent = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        return Run(store, "SELECT customer_id, rfm_segment, cluster FROM segment_results WHERE version = $version", asOf, summariesCurrent, ("version", version));
    }

    /// <summary>The segments of <paramref name="members"/>, uploaded to a temporary table for the query.</summary>
    public static IReadOnlyList<SegmentProduct> ForMembers(ClienteleStore store, IEnumerable<SegmentMember> members, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(members);
        store.Execute("DROP TABLE IF EXISTS segment_members; CREATE TEMP TABLE segment_members (customer_id VARCHAR, rfm_segment VARCHAR, cluster INTEGER)");
        using (var writer = store.BulkWriter("segment_members", "customer_id", "rfm_segment", "cluster"))
        {
            foreach (var member in members)
            {
                writer.Add(member.CustomerId).Add(member.RfmSegment).Add(member.Cluster).EndRow();
            }
            writer.Complete();
        }
        return Run(store, "SELECT customer_id, rfm_segment, cluster FROM segment_members", asOf, null);
    }

    private static List<SegmentProduct> Run(ClienteleStore store, string segments, DateOnly asOf, bool? summariesCurrent, params (string Name, object? Value)[] parameters)
    {
        // One row per customer and product: net revenue, and whether any of it was a purchase (not only returns).
        var fromSummaries = summariesCurrent is { } current ? CustomerInputs.SummariesAnswer(store, asOf, current) : CustomerInputs.SummariesAnswer(store, asOf);
        var customerProducts = fromSummaries
            ? "SELECT customer_id, product_id, purchased - returned AS revenue, purchase_lines > 0 AS bought FROM customer_products"
            : """
              SELECT customer_id, product_id, sum(amount) AS revenue, bool_or(NOT is_return) AS bought
              FROM order_lines
              WHERE product_id IS NOT NULL AND ordered_at < $as_of::TIMESTAMP
              GROUP BY customer_id, product_id
              """;
        // The join's rows are grouped once, by RFM segment, cluster and product, and those few cells then by segment and by
        // cluster: the sums of exact decimals and counts are the same as grouping the join's rows twice, for half the work.
        var sql = $"""
            WITH segments AS ({segments}),
            customer_products AS ({customerProducts}),
            cells AS (
                SELECT s.rfm_segment, s.cluster, p.product_id, sum(p.revenue) AS revenue,
                       count(*) FILTER (WHERE p.bought) AS buyers, count(*) FILTER (WHERE p.revenue > 0) AS spenders
                FROM customer_products p JOIN segments s ON s.customer_id = p.customer_id
                GROUP BY s.rfm_segment, s.cluster, p.product_id
            )
            SELECT GROUPING(rfm_segment) = 1 AS by_cluster, rfm_segment, cluster, product_id,
                   CAST(sum(revenue) AS DOUBLE PRECISION), CAST(sum(buyers) AS BIGINT), CAST(sum(spenders) AS BIGINT)
            FROM cells
            GROUP BY GROUPING SETS ((rfm_segment, product_id), (cluster, product_id))
            """;
        using var command = store.Command(sql, fromSummaries ? parameters : [.. parameters, ("as_of", asOf.ToDateTime(TimeOnly.MinValue))]);
        using var reader = command.ExecuteReader();
        var rows = new List<SegmentProduct>();
        while (reader.Read())
        {
            var byCluster = reader.GetBoolean(0);
            if (byCluster && reader.IsDBNull(2))
            {
                continue; // an RFM-only segmentation: its customers have no cluster
            }
            rows.Add(new SegmentProduct(
                byCluster ? null : reader.GetString(1),
                byCluster ? reader.GetInt32(2) : null,
                reader.GetString(3),
                reader.GetDouble(4),
                reader.GetInt64(5))
            {
                NetSpenders = reader.GetInt64(6),
            });
        }
        return rows;
    }
}
