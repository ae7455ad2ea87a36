using System.Security.Cryptography;
using System.Text;
using Clientele.Data.Store;
using Clientele.Features.Products;

namespace Clientele.Pipeline.Live;

/// <summary>What an erasure removed: rows per table (never the id).</summary>
public sealed record ErasureResult(IReadOnlyDictionary<string, long> RowsByTable)
{
    public long Rows => RowsByTable.Values.Sum();
}

/// <summary>
/// Erases a customer from the store in one transaction: every row of every table with a <c>customer_id</c>,
/// <c>person</c> or <c>visitor_id</c> column equal to the id (order lines, events, reviews, summaries, results,
/// campaign rows; tables added later are found the same way), the id in <c>received_events</c> replaced by its
/// tombstone (so a retried event id stays a duplicate and names no one), every saved recommender rewritten without the
/// customer's row and factors, and a tombstone in <c>erased_customers</c> that refuses the customer's late events. The
/// tombstone is a SHA-256 of the id, not the id. The products the customer bought, returned, viewed or carted have
/// their <c>product_summaries</c> rows made anew without the customer, as a rebuild would make them.
/// </summary>
public static class LiveErasure
{
    private static readonly string[] CustomerColumns = ["customer_id", "person", "visitor_id"];

    /// <summary>The tombstone of <paramref name="customerId"/>: what <c>erased_customers</c> keeps.</summary>
    public static string Tombstone(string customerId) =>
        "erased:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("clientele-customer:" + customerId)));

    /// <summary>Whether <paramref name="customerId"/> was erased.</summary>
    public static bool IsErased(ClienteleStore store, string customerId)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.Scalar<long>("SELECT count(*) FROM erased_customers WHERE customer_hash = $hash", ("hash", Tombstone(customerId))) > 0;
    }

    /// <summary>Erases the customer; null when the store has no row naming it (nothing to erase: 404).</summary>
    public static ErasureResult? Erase(ClienteleStore store, string customerId, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(customerId);
        ArgumentNullException.ThrowIfNull(time);
        var tombstone = Tombstone(customerId);
        var rows = new SortedDictionary<string, long>(StringComparer.Ordinal);
        using var transaction = store.BeginTransaction();
        var products = ProductsOf(store, customerId);
        foreach (var (table, column) in CustomerTables(store))
        {
            var deleted = store.Execute($"DELETE FROM {table} WHERE {column} = $id", ("id", customerId));
            if (deleted > 0)
            {
                rows[table] = rows.GetValueOrDefault(table) + deleted;
            }
        }
        ProductSummaryTables.Remake(store, products);
        var received = store.Execute("UPDATE received_events SET customer_id = $tombstone WHERE customer_id = $id", ("tombstone", tombstone), ("id", customerId));
        var models = EraseFromRecommenders(store, customerId);
        if (models > 0)
        {
            rows["model_artifact_parts (recommenders rewritten without the customer)"] = models;
        }
        if (rows.Count == 0 && received == 0)
        {
            return null;
        }
        if (received > 0)
        {
            rows["received_events (id replaced by its tombstone)"] = received;
        }
        if (!IsErased(store, customerId))
        {
            store.Execute("INSERT INTO erased_customers (customer_hash, erased_at) VALUES ($hash, $at)", ("hash", tombstone), ("at", time.GetUtcNow().UtcDateTime));
        }
        transaction.Commit();
        return new ErasureResult(rows);
    }

    /// <summary>The products whose counters the customer's order lines and events (as the erasure deletes them: by customer or visitor id) are in.</summary>
    private static List<string> ProductsOf(ClienteleStore store, string customerId)
    {
        using var command = store.Command(
            """
            SELECT product_id FROM order_lines WHERE customer_id = $id AND product_id IS NOT NULL
            UNION
            SELECT product_id FROM events WHERE (customer_id = $id OR visitor_id = $id) AND product_id IS NOT NULL
            """,
            ("id", customerId));
        using var reader = command.ExecuteReader();
        var products = new List<string>();
        while (reader.Read())
        {
            products.Add(reader.GetString(0));
        }
        return products;
    }

    /// <summary>Rewrites every saved recommender that knows the customer without the customer's row and factors; returns how many.</summary>
    private static int EraseFromRecommenders(ClienteleStore store, string customerId)
    {
        var rewritten = 0;
        foreach (var version in ModelRegistry.List(store, State.ModelKinds.Recommender))
        {
            Recommend.RecommenderModel? without;
            using (var stream = ModelRegistry.OpenArtifact(store, version.Version, State.StoredRecommendations.RecommenderArtifact))
            {
                if (stream is null || stream.Length == 0)
                {
                    continue;
                }
                without = Recommend.RecommenderModel.Load(stream).WithoutUser(customerId);
            }
            if (without is not null)
            {
                ModelRegistry.ReplaceArtifact(store, version.Version, State.StoredRecommendations.RecommenderArtifact, ModelArtifact.Written(without.Save));
                rewritten++;
            }
        }
        return rewritten;
    }

    /// <summary>Every base table with a column that holds a customer id, and that column (the registry's own tables excepted).</summary>
    private static List<(string Table, string Column)> CustomerTables(ClienteleStore store)
    {
        var found = new List<(string, string)>();
        using var command = store.Command(
            $"""
            SELECT c.table_name, c.column_name
            FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
            WHERE t.table_type = 'BASE TABLE' AND c.table_schema = current_schema()
              AND c.column_name IN ({string.Join(", ", CustomerColumns.Select(c => $"'{c}'"))})
              AND c.table_name NOT IN ('received_events', 'erased_customers')
            ORDER BY c.table_name, c.column_name
            """);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            found.Add((reader.GetString(0), reader.GetString(1)));
        }
        return found;
    }
}
