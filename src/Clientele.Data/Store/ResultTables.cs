using Clientele.Core;

namespace Clientele.Data.Store;

/// <summary>A recommended product for a customer, as the store keeps it (rank 1 is the best).</summary>
/// <param name="Basis">The algorithm the list came from (popularity when the asked one had no evidence for the customer).</param>
public sealed record RecommendationRow(string CustomerId, int Rank, string ProductId, double Score, string Basis);

/// <summary>A product similar to another, as the store keeps it (rank 1 is the most similar).</summary>
public sealed record SimilarProductRow(string ProductId, int Rank, string SimilarId, double Score);

/// <summary>A customer's value columns as the store keeps them; null where the model gave none or is not used.</summary>
public sealed record ValueRow(string CustomerId, double? ExpectedPurchases, double? ProbabilityAlive, double? ExpectedAverageSpend, double? Clv, double? ChurnRisk, double? HighValueProbability);

/// <summary>
/// The per-customer results of a model version: written once, with the version, and read back by version (exports
/// of an earlier version after <c>models use</c> are those of that version). Rows are read in customer order, by code
/// point (COLLATE "C"), whichever engine holds them.
/// </summary>
/// <remarks>
/// average_order_value is kept as a double: the feature query computes it in floating point (purchase value / orders), and
/// a decimal of 15 significant digits goes to a double and back unchanged, where a fixed scale would round it.
/// </remarks>
public static class ResultTables
{
    public static void WriteSegments(ClienteleStore store, long version, IEnumerable<CustomerSegments> customers)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(customers);
        using var writer = store.BulkWriter(
            "segment_results", "version", "customer_id", "first_purchase", "last_purchase", "recency_days", "frequency", "monetary", "tenure_days",
            "average_order_value", "distinct_products", "return_rate", "r_score", "f_score", "m_score", "rfm_segment", "cluster");
        foreach (var c in customers)
        {
            var f = c.Features;
            writer.Add(version).Add(f.CustomerId).Add(f.FirstPurchase).Add(f.LastPurchase).Add(f.RecencyDays).Add(f.Frequency).Add(f.Monetary)
                .Add(f.TenureDays).Add((double)f.AverageOrderValue).Add(f.DistinctProducts).Add(f.ReturnRate)
                .Add(c.RScore).Add(c.FScore).Add(c.MScore).Add(c.RfmSegment).Add(c.Cluster).EndRow();
        }
        writer.Complete();
    }

    public static IReadOnlyList<CustomerSegments> ReadSegments(ClienteleStore store, long version)
    {
        ArgumentNullException.ThrowIfNull(store);
        var rows = new List<CustomerSegments>();
        using var command = store.Command("""
            SELECT customer_id, first_purchase, last_purchase, recency_days, frequency, monetary, tenure_days, average_order_value,
                   distinct_products, return_rate, r_score, f_score, m_score, rfm_segment, cluster
            FROM segment_results WHERE version = $version ORDER BY customer_id COLLATE "C"
            """, ("version", version));
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(SegmentsAt(reader));
        }
        return rows;
    }

    /// <summary>
    /// A segmentation's rows in the order <see cref="ReadSegments"/> gives, each with its customer's row of value version
    /// <paramref name="value"/> (null where the value run has none), joined by the store and read a row at a time: an
    /// export of ten million customers holds neither table whole.
    /// </summary>
    public static IEnumerable<(CustomerSegments Segments, ValueRow? Value)> StreamSegmentsWithValues(ClienteleStore store, long segmentation, long value)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var command = store.Command("""
            SELECT s.customer_id, s.first_purchase, s.last_purchase, s.recency_days, s.frequency, s.monetary, s.tenure_days, s.average_order_value,
                   s.distinct_products, s.return_rate, s.r_score, s.f_score, s.m_score, s.rfm_segment, s.cluster,
                   v.customer_id, v.expected_purchases, v.p_alive, v.expected_avg_spend, v.clv, v.churn_risk, v.p_high_value
            FROM segment_results s LEFT JOIN value_results v ON v.version = $value AND v.customer_id = s.customer_id
            WHERE s.version = $segmentation ORDER BY s.customer_id COLLATE "C"
            """, ("segmentation", segmentation), ("value", value));
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return (SegmentsAt(reader), reader.IsDBNull(15) ? null : ValueAt(reader, 15));
        }
    }

    /// <summary>A segment row from the reader's columns 0–14 (ReadSegments' select list).</summary>
    private static CustomerSegments SegmentsAt(System.Data.Common.DbDataReader reader)
    {
        var features = new CustomerFeatures(
            reader.GetString(0), reader.GetDateTime(1), reader.GetDateTime(2), reader.GetInt32(3), reader.GetInt32(4), reader.GetDecimal(5),
            reader.GetInt32(6), (decimal)reader.GetDouble(7), reader.GetInt32(8), reader.GetDouble(9));
        return new CustomerSegments(features, reader.GetInt32(10), reader.GetInt32(11), reader.GetInt32(12), reader.GetString(13), reader.IsDBNull(14) ? null : reader.GetInt32(14));
    }

    /// <summary>A value row from the reader's columns <paramref name="first"/> to <paramref name="first"/> + 6 (ReadValues' select list).</summary>
    private static ValueRow ValueAt(System.Data.Common.DbDataReader reader, int first)
    {
        double? At(int i) => reader.IsDBNull(first + i) ? null : reader.GetDouble(first + i);
        return new ValueRow(reader.GetString(first), At(1), At(2), At(3), At(4), At(5), At(6));
    }

    public static void WriteValues(ClienteleStore store, long version, IEnumerable<ValueRow> values)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(values);
        using var writer = store.BulkWriter(
            "value_results", "version", "customer_id", "expected_purchases", "p_alive", "expected_avg_spend", "clv", "churn_risk", "p_high_value");
        foreach (var v in values)
        {
            writer.Add(version).Add(v.CustomerId).Add(v.ExpectedPurchases).Add(v.ProbabilityAlive).Add(v.ExpectedAverageSpend).Add(v.Clv)
                .Add(v.ChurnRisk).Add(v.HighValueProbability).EndRow();
        }
        writer.Complete();
    }

    public static IReadOnlyList<ValueRow> ReadValues(ClienteleStore store, long version)
    {
        ArgumentNullException.ThrowIfNull(store);
        var rows = new List<ValueRow>();
        using var command = store.Command("""
            SELECT customer_id, expected_purchases, p_alive, expected_avg_spend, clv, churn_risk, p_high_value
            FROM value_results WHERE version = $version ORDER BY customer_id COLLATE "C"
            """, ("version", version));
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(ValueAt(reader, 0));
        }
        return rows;
    }

    public static void WriteRecommendations(ClienteleStore store, long version, IEnumerable<RecommendationRow> rows)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(rows);
        using var writer = store.BulkWriter("recommendation_results", "version", "customer_id", "rank", "product_id", "score", "basis");
        foreach (var r in rows)
        {
            writer.Add(version).Add(r.CustomerId).Add(r.Rank).Add(r.ProductId).Add(r.Score).Add(r.Basis).EndRow();
        }
        writer.Complete();
    }

    /// <summary>A version's recommendations in customer and rank order; of one customer when <paramref name="customerId"/> is given.</summary>
    public static IReadOnlyList<RecommendationRow> ReadRecommendations(ClienteleStore store, long version, string? customerId = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        var rows = new List<RecommendationRow>();
        using var command = store.Command("""
            SELECT customer_id, rank, product_id, score, basis FROM recommendation_results
            WHERE version = $version AND (CAST($customer AS VARCHAR) IS NULL OR customer_id = $customer)
            ORDER BY customer_id COLLATE "C", rank
            """, ("version", version), ("customer", customerId));
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(new RecommendationRow(reader.GetString(0), reader.GetInt32(1), reader.GetString(2), reader.GetDouble(3), reader.GetString(4)));
        }
        return rows;
    }

    /// <summary>
    /// The lists of a version's first <paramref name="customers"/> customers (in code point order), in customer and rank
    /// order: the rows <see cref="ReadRecommendations"/> starts with, without reading every customer's list. Every list
    /// starts at rank 1, so the first customers are a top-n of the rank-1 rows (not a grouping of every row). The lists
    /// are then read up to the last of those ids as well: a range DuckDB checks against each row group's smallest and
    /// largest id before reading it, where the semi-join alone probed all ten million rows (0.2 s against 0.02 s).
    /// </summary>
    public static IReadOnlyList<RecommendationRow> ReadFirstRecommendations(ClienteleStore store, long version, int customers)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentOutOfRangeException.ThrowIfNegative(customers);
        var rows = new List<RecommendationRow>();
        using var command = store.Command(string.Create(System.Globalization.CultureInfo.InvariantCulture, $$"""
            WITH firsts AS (
                SELECT customer_id FROM recommendation_results WHERE version = $version AND rank = 1
                ORDER BY customer_id COLLATE "C" LIMIT {{customers}})
            SELECT customer_id, rank, product_id, score, basis FROM recommendation_results
            WHERE version = $version
              AND customer_id COLLATE "C" <= (SELECT max(customer_id COLLATE "C") FROM firsts)
              AND customer_id IN (SELECT customer_id FROM firsts)
            ORDER BY customer_id COLLATE "C", rank
            """), ("version", version));
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(new RecommendationRow(reader.GetString(0), reader.GetInt32(1), reader.GetString(2), reader.GetDouble(3), reader.GetString(4)));
        }
        return rows;
    }

    public static void WriteSimilarProducts(ClienteleStore store, long version, IEnumerable<SimilarProductRow> rows)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(rows);
        using var writer = store.BulkWriter("similar_product_results", "version", "product_id", "rank", "similar_id", "score");
        foreach (var r in rows)
        {
            writer.Add(version).Add(r.ProductId).Add(r.Rank).Add(r.SimilarId).Add(r.Score).EndRow();
        }
        writer.Complete();
    }

    public static IReadOnlyList<SimilarProductRow> ReadSimilarProducts(ClienteleStore store, long version)
    {
        ArgumentNullException.ThrowIfNull(store);
        var rows = new List<SimilarProductRow>();
        using var command = store.Command(
            "SELECT product_id, rank, similar_id, score FROM similar_product_results WHERE version = $version ORDER BY product_id COLLATE \"C\", rank", ("version", version));
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(new SimilarProductRow(reader.GetString(0), reader.GetInt32(1), reader.GetString(2), reader.GetDouble(3)));
        }
        return rows;
    }
}
