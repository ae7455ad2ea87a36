using Clientele.Data.Store;

namespace Clientele.Features;

/// <summary>One customer bought one product on one day (purchase lines of that day merged; returns left out).</summary>
public readonly record struct PurchaseInteraction(string CustomerId, string ProductId, int Lines, DateOnly Day);

/// <summary>Customer × product purchases from the store, for the recommenders.</summary>
public static class PurchaseInteractionQuery
{
    /// <summary>Every (customer, product, day) with a purchase before <paramref name="asOf"/> (or all, when null).</summary>
    public static IReadOnlyList<PurchaseInteraction> Compute(ClienteleStore store, DateOnly? asOf = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        var end = (asOf ?? DateOnly.MaxValue.AddDays(-1)).ToDateTime(TimeOnly.MinValue);
        using var command = store.Command(
            """
            SELECT customer_id, product_id, count(*), CAST(ordered_at AS DATE)
            FROM order_lines
            WHERE NOT is_return AND product_id IS NOT NULL AND ordered_at < $end::TIMESTAMP
            GROUP BY customer_id, product_id, CAST(ordered_at AS DATE)
            ORDER BY customer_id COLLATE "C", product_id COLLATE "C", 4
            """,
            ("end", end));
        using var reader = command.ExecuteReader();
        var result = new List<PurchaseInteraction>();
        while (reader.Read())
        {
            result.Add(new PurchaseInteraction(reader.GetString(0), reader.GetString(1), checked((int)reader.GetInt64(2)), DateOnly.FromDateTime(reader.GetDateTime(3))));
        }
        return result;
    }

    /// <summary>
    /// The purchase lines before <paramref name="asOf"/> (or all; returns left out) and how many of them carry a
    /// product id: why a store has no interactions (no purchases at all, or a layout such as CDNOW that records none).
    /// </summary>
    public static (long Lines, long WithProduct) CountLines(ClienteleStore store, DateOnly? asOf = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        var end = (asOf ?? DateOnly.MaxValue.AddDays(-1)).ToDateTime(TimeOnly.MinValue);
        using var command = store.Command(
            """
            SELECT count(*), count(product_id)
            FROM order_lines
            WHERE NOT is_return AND ordered_at < $end::TIMESTAMP
            """,
            ("end", end));
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }
}
