using Clientele.Data.Store;
using Clientele.Features.Summaries;

namespace Clientele.Features.Products;

/// <summary>
/// The per-product summaries (<c>product_summaries</c>, migration 16): made in bulk from <c>order_lines</c> and
/// <c>events</c> with <see cref="ProductSummarySchema.FillSql"/>, over every product by the order-line and the behaviour
/// rebuilds (each depends on one of the two sources, and the table on both), over a few products by an erasure
/// (<see cref="Remake"/>); kept one event at a time by <see cref="ProductSummaryWriter"/>. Both give the same rows.
/// Definitions: docs/summaries.md, "Products".
/// </summary>
public static class ProductSummaryTables
{
    /// <summary>
    /// Whether the rows account for exactly the store's order lines and events with a product id: as many purchase and
    /// return lines, the same money, as many views, cart adds and wishlist adds. False after an ingest of either since
    /// the last rebuild. The behaviour rebuild asks, so that a refresh after both orders and events were ingested
    /// makes the table once, in the order-line rebuild that comes first.
    /// </summary>
    public static bool IsCurrent(ClienteleStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        // One pass over each table: the order lines, the events and the product rows.
        using var command = store.Command("""
            SELECT l.lines = p.lines AND l.money = p.money AND e.views = p.views AND e.cart_adds = p.cart_adds AND e.wishlist_adds = p.wishlist_adds
            FROM (SELECT count(*) AS lines, coalesce(sum(amount), 0) AS money FROM order_lines WHERE product_id IS NOT NULL) AS l,
                 (SELECT count(*) FILTER (WHERE event_type = 'view') AS views,
                         count(*) FILTER (WHERE event_type = 'cart_add') AS cart_adds,
                         count(*) FILTER (WHERE event_type = 'wishlist_add') AS wishlist_adds
                  FROM events WHERE product_id IS NOT NULL) AS e,
                 (SELECT CAST(coalesce(sum(purchase_lines + return_lines), 0) AS BIGINT) AS lines, coalesce(sum(purchased - returned), 0) AS money,
                         CAST(coalesce(sum(views), 0) AS BIGINT) AS views, CAST(coalesce(sum(cart_adds), 0) AS BIGINT) AS cart_adds,
                         CAST(coalesce(sum(wishlist_adds), 0) AS BIGINT) AS wishlist_adds
                  FROM product_summaries) AS p
            """);
        return command.ExecuteScalar() is true;
    }

    /// <summary>
    /// Drops and makes the table anew from every order line and event, inside the caller's transaction. The lines are
    /// counted through <c>customer_products</c> (<see cref="ProductSummarySchema.FillSql"/>), which must be current.
    /// </summary>
    public static void RebuildInCurrentTransaction(ClienteleStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        SummaryStatements.Recreate(store, [ProductSummarySchema.Table], ProductSummarySchema.CreateTables);
        store.Execute(ProductSummarySchema.FillSql());
        SummaryStatements.CreateKeysAfterBulkFill(store, ProductSummarySchema.CreateKeys);
    }

    /// <summary>Rebuilds the table in a transaction of its own.</summary>
    public static void Rebuild(ClienteleStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var transaction = store.BeginTransaction();
        RebuildInCurrentTransaction(store);
        transaction.Commit();
    }

    /// <summary>
    /// Makes the rows of <paramref name="productIds"/> anew from the order lines and events the store holds now, inside
    /// the caller's transaction: an erasure's, after it deleted the customer's lines and events, so that the rows are
    /// what a rebuild without the customer gives. On PostgreSQL the rows are locked first, one at a time in id order
    /// (as <see cref="ProductSummaryWriter"/> takes them): the delete would take them in the order it finds them, and
    /// cross a writer of another silo adding to the same products (a deadlock). A writer's line not committed when the
    /// rows are made again is not in them; its counts are added to them when it gets the row.
    /// </summary>
    public static void Remake(ClienteleStore store, IEnumerable<string> productIds)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(productIds);
        var products = productIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (products.Length == 0)
        {
            return;
        }
        if (store.Kind == StoreKind.PostgreSql)
        {
            foreach (var product in products)
            {
                using var lockRow = store.Command("SELECT product_id FROM product_summaries WHERE product_id = $product FOR UPDATE", ("product", product));
                lockRow.ExecuteScalar();
            }
        }
        var parameters = products.Select((p, i) => ($"p{i}", (object?)p)).ToArray();
        var filter = $"product_id IN ({string.Join(", ", parameters.Select(p => "$" + p.Item1))})";
        store.Execute($"DELETE FROM product_summaries WHERE {filter}", parameters);
        store.Execute(ProductSummarySchema.FillSql(filter), parameters);
    }

    /// <summary>The rows, by product id; one product's row (or none) when <paramref name="productId"/> is given.</summary>
    public static IReadOnlyList<ProductSummary> Read(ClienteleStore store, string? productId = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        var sql = $"SELECT {ProductSummarySchema.Columns} FROM product_summaries {(productId is null ? "" : "WHERE product_id = $product")} ORDER BY product_id COLLATE \"C\"";
        using var command = productId is null ? store.Command(sql) : store.Command(sql, ("product", productId));
        using var reader = command.ExecuteReader();
        var rows = new List<ProductSummary>();
        while (reader.Read())
        {
            rows.Add(new ProductSummary(
                reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4),
                reader.GetDecimal(5), reader.GetDecimal(6), reader.GetInt64(7), reader.GetInt64(8),
                CustomerSummaryTables.NullableDateTime(reader, 9), CustomerSummaryTables.NullableDateTime(reader, 10),
                reader.GetInt64(11), reader.GetInt64(12), reader.GetInt64(13)));
        }
        return rows;
    }
}
