using Clientele.Data.Store;

namespace Clientele.Features;

/// <summary>What one customer did with one product on one day: views, cart adds, wishlist adds and purchases.</summary>
public readonly record struct EventInteraction(string CustomerId, string ProductId, DateOnly Day, int Views, int CartAdds, int WishlistAdds, int Purchases);

/// <summary>
/// Customer × product × day counts of behaviour events and purchases, for recommenders that take views and carts as
/// weaker feedback. Views, cart adds and wishlist adds come from <c>events</c> (events of a product by a customer, or by
/// a visitor linked to one before the as-of; other anonymous visitors, searches and cart removes are not counted). Purchases come from one source so that none is
/// counted twice: the order lines (returns left out) when the store has an order line with a product id, else the
/// <c>purchase</c> events.
/// </summary>
public static class EventInteractionQuery
{
    /// <summary>True when purchases are read from order lines (some order line has a product id), false when from purchase events.</summary>
    public static bool PurchasesFromOrderLines(ClienteleStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var command = store.Command("SELECT EXISTS (SELECT 1 FROM order_lines WHERE product_id IS NOT NULL AND NOT is_return)");
        return Convert.ToBoolean(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Every (customer, product, day) with a counted event or purchase before <paramref name="asOf"/> (or all, when null).</summary>
    public static IReadOnlyList<EventInteraction> Compute(ClienteleStore store, DateOnly? asOf = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        var end = (asOf ?? DateOnly.MaxValue.AddDays(-1)).ToDateTime(TimeOnly.MinValue);
        var fromOrderLines = PurchasesFromOrderLines(store);
        var purchaseEvents = fromOrderLines ? "" : ", 'purchase'";
        var orderLines = fromOrderLines
            ? """
              SELECT customer_id, product_id, CAST(ordered_at AS DATE) AS day, 0 AS views, 0 AS cart_adds, 0 AS wishlist_adds, 1 AS purchases
              FROM order_lines
              WHERE NOT is_return AND product_id IS NOT NULL AND ordered_at < $end::TIMESTAMP
              UNION ALL
              """
            : "";
        using var command = store.Command(
            $"""
            SELECT customer_id, product_id, day,
                   CAST(sum(views) AS BIGINT), CAST(sum(cart_adds) AS BIGINT), CAST(sum(wishlist_adds) AS BIGINT), CAST(sum(purchases) AS BIGINT)
            FROM (
                {orderLines}
                SELECT linked_customer_id AS customer_id, product_id, CAST(occurred_at AS DATE) AS day,
                       CASE WHEN event_type = 'view' THEN 1 ELSE 0 END AS views,
                       CASE WHEN event_type = 'cart_add' THEN 1 ELSE 0 END AS cart_adds,
                       CASE WHEN event_type = 'wishlist_add' THEN 1 ELSE 0 END AS wishlist_adds,
                       CASE WHEN event_type = 'purchase' THEN 1 ELSE 0 END AS purchases
                FROM {Behaviour.BehaviourSummaryTables.People("(SELECT * FROM events WHERE occurred_at < $end::TIMESTAMP)")}
                WHERE linked_customer_id IS NOT NULL AND product_id IS NOT NULL
                  AND event_type IN ('view', 'cart_add', 'wishlist_add'{purchaseEvents})
            ) AS counted
            GROUP BY customer_id, product_id, day
            ORDER BY customer_id COLLATE "C", product_id COLLATE "C", day
            """,
            ("end", end));
        using var reader = command.ExecuteReader();
        var result = new List<EventInteraction>();
        while (reader.Read())
        {
            result.Add(new EventInteraction(
                reader.GetString(0), reader.GetString(1), DateOnly.FromDateTime(reader.GetDateTime(2)),
                Count(reader, 3), Count(reader, 4), Count(reader, 5), Count(reader, 6)));
        }
        return result;
    }

    private static int Count(System.Data.Common.DbDataReader reader, int column) => checked((int)reader.GetInt64(column));
}
