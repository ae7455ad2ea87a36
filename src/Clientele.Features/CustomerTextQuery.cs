using Clientele.Data.Store;

namespace Clientele.Features;

/// <summary>What one customer spent on one product (purchases less returns, before the as-of date).</summary>
public readonly record struct CustomerProductSpend(string CustomerId, string ProductId, int Quantity, double Spend);

/// <summary>One review as a customer wrote it.</summary>
public sealed record CustomerReview(string CustomerId, string? ProductId, double Rating, string? Text, DateTime ReviewedAt);

/// <summary>What customers bought and wrote, for text features: spend per product, and their reviews.</summary>
public static class CustomerTextQuery
{
    /// <summary>
    /// Net quantity and spend per customer and product before <paramref name="asOf"/> (all when null); pairs whose net
    /// spend is not positive (everything returned) are left out.
    /// </summary>
    public static IReadOnlyList<CustomerProductSpend> Spend(ClienteleStore store, DateOnly? asOf = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        var end = (asOf ?? DateOnly.MaxValue.AddDays(-1)).ToDateTime(TimeOnly.MinValue);
        using var command = store.Command(
            """
            SELECT customer_id, product_id, CAST(sum(quantity) AS BIGINT), CAST(sum(amount) AS DOUBLE PRECISION)
            FROM order_lines
            WHERE product_id IS NOT NULL AND ordered_at < $end::TIMESTAMP
            GROUP BY customer_id, product_id
            HAVING sum(amount) > 0
            ORDER BY customer_id COLLATE "C", product_id COLLATE "C"
            """,
            ("end", end));
        return ReadSpend(command);
    }

    internal static List<CustomerProductSpend> ReadSpend(System.Data.Common.DbCommand command)
    {
        using var reader = command.ExecuteReader();
        var result = new List<CustomerProductSpend>();
        while (reader.Read())
        {
            result.Add(new CustomerProductSpend(reader.GetString(0), reader.GetString(1), checked((int)reader.GetInt64(2)), reader.GetDouble(3)));
        }
        return result;
    }

    /// <summary>
    /// Every customer's reviews (text, rating, date, product), oldest first per customer; only those written before
    /// <paramref name="asOf"/> when it is given, and only <paramref name="customerId"/>'s when it is given. Customers
    /// without reviews are absent.
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<CustomerReview>> Reviews(ClienteleStore store, DateOnly? asOf = null, string? customerId = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        var end = (asOf ?? DateOnly.MaxValue.AddDays(-1)).ToDateTime(TimeOnly.MinValue);
        (string, object?)[] parameters = customerId is null ? [("end", end)] : [("end", end), ("customer", customerId)];
        using var command = store.Command(
            $"""
            SELECT customer_id, product_id, rating, text, reviewed_at
            FROM reviews
            WHERE reviewed_at < $end::TIMESTAMP{(customerId is null ? "" : " AND customer_id = $customer")}
            ORDER BY customer_id COLLATE "C", reviewed_at, file_id, line_number
            """,
            parameters);
        using var reader = command.ExecuteReader();
        var result = new Dictionary<string, IReadOnlyList<CustomerReview>>(StringComparer.Ordinal);
        List<CustomerReview>? current = null;
        while (reader.Read())
        {
            var review = new CustomerReview(
                reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetDouble(2), reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetDateTime(4));
            if (current is null || current[0].CustomerId != review.CustomerId)
            {
                current = [];
                result[review.CustomerId] = current;
            }
            current.Add(review);
        }
        return result;
    }
}
