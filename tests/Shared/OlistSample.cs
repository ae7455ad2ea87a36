namespace Clientele.Tests;

/// <summary>
/// The Olist sample (../shared/data/olist-sample; its licence forbids copying it into the repository) and docs/olist.md's
/// recipe for bringing its orders in: delivered orders ⨝ items ⨝ customers, the person (<c>customer_unique_id</c>) as
/// the customer, one line per order, product and price with its quantity. Tests that use it carry
/// <c>[SharedDataFact(OlistSample.Orders, OlistSample.Items, OlistSample.Customers)]</c>.
/// </summary>
public static class OlistSample
{
    public const string Orders = "olist-sample/olist_orders_dataset.csv.gz";
    public const string Items = "olist-sample/olist_order_items_dataset.csv.gz";
    public const string Customers = "olist-sample/olist_customers_dataset.csv.gz";
    public const string Reviews = "olist-sample/olist_order_reviews_dataset.csv.gz";
    public const string Products = "olist-sample/olist_products_dataset.csv.gz";

    /// <summary>The query of <c>clientele ingest orders --query</c> in docs/olist.md, over the shared files.</summary>
    public static string OrdersQuery() => $"""
        SELECT i.order_id,
               c.customer_unique_id       AS customer_id,
               i.product_id,
               count(*)                   AS quantity,
               i.price                    AS unit_price,
               o.order_purchase_timestamp AS ordered_at,
               c.customer_state           AS country
        FROM read_csv('{TestData.Shared(Orders)}') o
        JOIN read_csv('{TestData.Shared(Items)}') i USING (order_id)
        JOIN read_csv('{TestData.Shared(Customers)}') c USING (customer_id)
        WHERE o.order_status = 'delivered'
        GROUP BY ALL
        """;
}
