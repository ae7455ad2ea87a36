namespace Clientele.Data.Store;

/// <summary>
/// The per-product summary's schema (added by migration 16): one row per product with an order line or a view, cart
/// add or wishlist add event, holding its popularity counters (docs/summaries.md, "Products"). Like
/// <see cref="SummarySchema"/>, the table holds nothing that <c>order_lines</c> and <c>events</c> do not: the bulk
/// rebuild drops and re-creates it with this text and <see cref="FillSql"/>, which migration 16 also runs once so that a
/// store whose other summaries are current starts with its products' rows.
/// </summary>
public static class ProductSummarySchema
{
    /// <summary>The table.</summary>
    public const string Table = "product_summaries";

    /// <summary>The columns in the table's order; the first is the key.</summary>
    public const string Columns =
        "product_id, purchase_lines, return_lines, quantity, returned_quantity, purchased, returned, buyers, purchase_orders, " +
        "first_purchase_at, last_purchase_at, views, cart_adds, wishlist_adds";

    /// <summary>Creates the table (DuckDB and PostgreSQL alike), without its key (<see cref="CreateKeys"/>).</summary>
    public const string CreateTables = """
        CREATE TABLE product_summaries (
            product_id        VARCHAR NOT NULL,
            purchase_lines    BIGINT NOT NULL,
            return_lines      BIGINT NOT NULL,
            quantity          BIGINT NOT NULL,
            returned_quantity BIGINT NOT NULL,
            purchased         DECIMAL(38, 6) NOT NULL,
            returned          DECIMAL(38, 6) NOT NULL,
            buyers            BIGINT NOT NULL,
            purchase_orders   BIGINT NOT NULL,
            first_purchase_at TIMESTAMP,
            last_purchase_at  TIMESTAMP,
            views             BIGINT NOT NULL,
            cart_adds         BIGINT NOT NULL,
            wishlist_adds     BIGINT NOT NULL
        );
        """;

    /// <summary>The table's unique key, which the one-event-at-a-time upserts rely on (<c>IF NOT EXISTS</c>, as for the other summaries).</summary>
    public const string CreateKeys = "CREATE UNIQUE INDEX IF NOT EXISTS product_summaries_key ON product_summaries (product_id);";

    /// <summary>
    /// Inserts the rows of every product, or of the products <paramref name="productFilter"/> names (a condition on
    /// <c>product_id</c>, such as <c>product_id IN ($p0, $p1)</c>), from <c>customer_products</c>, <c>order_lines</c> and
    /// <c>events</c>. Purchase and return lines, units, money, buyers (the customers with a purchase line of the product)
    /// and the first and last sale are the product's <c>customer_products</c> rows summed, so those rows must account for
    /// the order lines (<c>CustomerSummaryTables.IsCurrent</c>) or be kept with them live; <c>purchase_orders</c>, the
    /// (customer, order) pairs with a purchase line of it, come from the order lines. Summing the customers' rows instead
    /// of grouping every line by product, customer and order takes 1.5 s instead of 3.7 at eleven million lines.
    /// </summary>
    public static string FillSql(string? productFilter = null)
    {
        var only = productFilter is null ? "" : $"AND {productFilter}";
        return $"""
            INSERT INTO product_summaries ({Columns})
            SELECT coalesce(l.product_id, e.product_id),
                   coalesce(l.purchase_lines, 0), coalesce(l.return_lines, 0), coalesce(l.quantity, 0), coalesce(l.returned_quantity, 0),
                   coalesce(l.purchased, 0), coalesce(l.returned, 0), coalesce(l.buyers, 0), coalesce(o.purchase_orders, 0),
                   l.first_purchase_at, l.last_purchase_at,
                   coalesce(e.views, 0), coalesce(e.cart_adds, 0), coalesce(e.wishlist_adds, 0)
            FROM (
                SELECT product_id,
                       CAST(sum(purchase_lines) AS BIGINT) AS purchase_lines, CAST(sum(return_lines) AS BIGINT) AS return_lines,
                       CAST(sum(quantity) AS BIGINT) AS quantity, CAST(sum(returned_quantity) AS BIGINT) AS returned_quantity,
                       sum(purchased) AS purchased, sum(returned) AS returned,
                       count(*) FILTER (WHERE purchase_lines > 0) AS buyers,
                       min(first_purchase_at) AS first_purchase_at, max(last_purchase_at) AS last_purchase_at
                FROM customer_products
                WHERE TRUE {only}
                GROUP BY product_id) AS l
            LEFT JOIN (
                SELECT product_id, count(*) AS purchase_orders
                FROM (SELECT DISTINCT product_id, customer_id, order_id FROM order_lines WHERE product_id IS NOT NULL AND NOT is_return {only}) AS bought
                GROUP BY product_id) AS o ON o.product_id = l.product_id
            FULL OUTER JOIN (
                SELECT product_id,
                       count(*) FILTER (WHERE event_type = 'view') AS views,
                       count(*) FILTER (WHERE event_type = 'cart_add') AS cart_adds,
                       count(*) FILTER (WHERE event_type = 'wishlist_add') AS wishlist_adds
                FROM events
                WHERE product_id IS NOT NULL AND event_type IN ('view', 'cart_add', 'wishlist_add') {only}
                GROUP BY product_id) AS e ON e.product_id = l.product_id
            """;
    }
}
