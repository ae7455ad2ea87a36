using System.Text;
using Clientele.Data.Store;
using Clientele.Pipeline.State;
using Clientele.Recommend;

namespace Clientele.Pipeline.Live;

/// <summary>A segment of the current segmentation and its customers at the segmentation's as-of.</summary>
/// <param name="Id">The RFM segment's name, or <c>cluster:N</c>.</param>
public sealed record LiveSegment(string Id, string Kind, long Customers);

/// <summary>The current segmentation's segments: the RFM segments and the clusters, as it assigned its customers.</summary>
public sealed record LiveSegments(long Version, DateOnly? AsOf, IReadOnlyList<LiveSegment> Segments);

/// <summary>A page of a segment's customers, in id order, and the cursor of the next page (null after the last).</summary>
public sealed record LiveCustomerPage(string Segment, long Version, IReadOnlyList<string> Customers, string? NextCursor);

/// <summary>A product's similar products.</summary>
public sealed record LiveSimilarProducts(string ProductId, long Version, IReadOnlyList<ScoredItem> Items, string? Reason);

/// <summary>
/// The lists the service reads: the current segmentation's segments and their customers (paged by a cursor, so a page
/// is the same however the list grows before it), and a product's similar products from the current recommender.
/// </summary>
public static class LiveLists
{
    /// <summary>How a cluster's id starts (<c>cluster:N</c>).</summary>
    public const string ClusterPrefix = "cluster:";

    /// <summary>How the routes name cluster <paramref name="cluster"/> as a segment: <c>cluster:N</c>.</summary>
    public static string ClusterId(int cluster) => ClusterPrefix + cluster.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The routes' order of segments: RFM segments best first, then clusters by number.</summary>
    public static (int Kind, int Place) Order(string kind, string id) =>
        kind == "rfm" ? (0, Segmentation.RfmSegments.Rank(id)) : (1, int.Parse(id[ClusterPrefix.Length..], System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The segments, or null when nothing was segmented.</summary>
    public static LiveSegments? Segments(ClienteleStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (ModelRegistry.Current(store, ModelKinds.Segmentation) is not { } version)
        {
            return null;
        }
        var segments = new List<LiveSegment>();
        using (var command = store.Command(
            """
            SELECT 'rfm', rfm_segment, count(*) FROM segment_results WHERE version = $version GROUP BY rfm_segment
            UNION ALL
            SELECT 'cluster', CAST(cluster AS VARCHAR), count(*) FROM segment_results WHERE version = $version AND cluster IS NOT NULL GROUP BY cluster
            """,
            ("version", version.Version)))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var kind = reader.GetString(0);
                segments.Add(new LiveSegment(kind == "rfm" ? reader.GetString(1) : ClusterPrefix + reader.GetString(1), kind, reader.GetInt64(2)));
            }
        }
        return new LiveSegments(version.Version, version.AsOf, [.. segments.OrderBy(s => Order(s.Kind, s.Id))]);
    }

    /// <summary>
    /// Up to <paramref name="limit"/> customers of the segment after <paramref name="cursor"/>; null when there is no
    /// segmentation or no such segment.
    /// </summary>
    /// <exception cref="FormatException">The cursor is not one this service gave.</exception>
    public static LiveCustomerPage? Customers(ClienteleStore store, string segment, string? cursor, int limit)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(segment);
        if (ModelRegistry.Current(store, ModelKinds.Segmentation) is not { } version)
        {
            return null;
        }
        var after = cursor is null ? "" : Decode(cursor);
        var isCluster = segment.StartsWith(ClusterPrefix, StringComparison.Ordinal);
        int? cluster = null;
        if (isCluster)
        {
            if (!int.TryParse(segment[ClusterPrefix.Length..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
            {
                return null;
            }
            cluster = number;
        }
        var filter = isCluster ? "cluster = $member" : "rfm_segment = $member";
        (string, object?) member = isCluster ? ("member", cluster) : ("member", segment);
        var exists = store.Scalar<long>($"SELECT count(*) FROM segment_results WHERE version = $version AND {filter}", ("version", version.Version), member);
        if (exists == 0)
        {
            return null;
        }
        var customers = new List<string>(limit + 1);
        using (var command = store.Command(
            $"""
            SELECT customer_id FROM segment_results
            WHERE version = $version AND {filter} AND customer_id COLLATE "C" > $after COLLATE "C"
            ORDER BY customer_id COLLATE "C" LIMIT $limit
            """,
            ("version", version.Version), member, ("after", after), ("limit", limit + 1)))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                customers.Add(reader.GetString(0));
            }
        }
        var more = customers.Count > limit;
        if (more)
        {
            customers.RemoveAt(limit);
        }
        return new LiveCustomerPage(segment, version.Version, customers, more ? Encode(customers[^1]) : null);
    }

    /// <summary>The product's similar products from the current recommender (its stored lists when its model does not save); null without a recommender.</summary>
    public static LiveSimilarProducts? Similar(ClienteleStore store, LiveModels models, string productId, int count)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(models);
        if (!models.Versions.TryGetValue(ModelKinds.Recommender, out var version))
        {
            return null;
        }
        if (models.Recommender is { } model)
        {
            var result = model.SimilarItems(productId, count);
            return new LiveSimilarProducts(productId, version, result.Items, result.Reason);
        }
        var rows = ResultTables.ReadSimilarProducts(store, version).Where(r => r.ProductId == productId).Take(count).ToArray();
        return new LiveSimilarProducts(productId, version, [.. rows.Select(r => new ScoredItem(r.SimilarId, (float)r.Score))],
            rows.Length == 0 ? $"no similar products stored for \"{productId}\"" : null);
    }

    private static string Encode(string customerId) => Convert.ToBase64String(Encoding.UTF8.GetBytes(customerId)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Decode(string cursor)
    {
        var text = cursor.Replace('-', '+').Replace('_', '/');
        text += new string('=', (4 - (text.Length % 4)) % 4);
        return Encoding.UTF8.GetString(Convert.FromBase64String(text));
    }
}
