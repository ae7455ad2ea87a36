using Clientele.Data.Ingest;
using Clientele.Tests;

namespace Clientele.Pipeline.Tests;

/// <summary>
/// A store of the Olist sample (../shared/data/olist-sample) brought in as a shop would (docs/olist.md): orders ⨝ items ⨝
/// customers, the person is customer_unique_id, delivered orders only, one line per order and product (quantity = its
/// items), and the catalogue with its categories. Read in place; no Olist data is kept in the repository. Tests that use it
/// carry <c>[SharedDataFact(OlistStore.Orders, OlistStore.Items, OlistStore.Customers)]</c>.
/// </summary>
public sealed class OlistStore : IDisposable
{
    public const string Orders = "olist-sample/olist_orders_dataset.csv.gz";
    public const string Items = "olist-sample/olist_order_items_dataset.csv.gz";
    public const string Customers = "olist-sample/olist_customers_dataset.csv.gz";
    public const string Products = "olist-sample/olist_products_dataset.csv.gz";

    private readonly TempFolder _folder = new();
    private string? _store;

    public string Folder => _folder.Path;

    /// <summary>The store, built on first use (so that a skipped test never reads the shared data).</summary>
    public string Store => _store ??= Build();

    public void Dispose() => _folder.Dispose();

    private string Build()
    {
        // docs/olist.md's recipe, through the same job as `clientele ingest orders --query`, and the catalogue as it comes.
        string Csv(string file) => $"read_csv('{TestData.Shared(file)}')";
        var store = _folder.File("olist.duckdb");
        IngestJob.RunQuery(store, $"""
            SELECT i.order_id, c.customer_unique_id AS customer_id, i.product_id, count(*) AS quantity, i.price AS unit_price,
                   o.order_purchase_timestamp AS ordered_at, c.customer_state AS country
            FROM {Csv(Orders)} o
            JOIN {Csv(Items)} i USING (order_id)
            JOIN {Csv(Customers)} c USING (customer_id)
            WHERE o.order_status = 'delivered'
            GROUP BY ALL
            """, new IngestOptions { RejectsPath = _folder.File("rejects.csv") });
        IngestJob.RunProducts(store, TestData.Shared(Products), new TableIngestOptions
        {
            Map = new Dictionary<string, string> { ["category"] = "product_category_name" },
            RejectsPath = _folder.File("product-rejects.csv"),
        });
        return store;
    }
}
