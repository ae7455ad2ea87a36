using Clientele.Data.Ingest;
using Clientele.Tests;
using DuckDB.NET.Data;

namespace Clientele.Pipeline.Tests;

/// <summary>
/// A store of the Olist sample (../shared/data/olist-sample) joined as a shop would join it: orders ⨝ items ⨝ customers,
/// the person is customer_unique_id, delivered orders only, one line per order and product (quantity = its items).
/// The joined file is made here, in a temporary folder; no Olist data is kept in the repository. Tests that use it
/// carry <c>[SharedDataFact(OlistStore.Orders, OlistStore.Items, OlistStore.Customers)]</c>.
/// </summary>
public sealed class OlistStore : IDisposable
{
    public const string Orders = "olist-sample/olist_orders_dataset.csv.gz";
    public const string Items = "olist-sample/olist_order_items_dataset.csv.gz";
    public const string Customers = "olist-sample/olist_customers_dataset.csv.gz";

    private readonly TempFolder _folder = new();
    private string? _store;

    public string Folder => _folder.Path;

    /// <summary>The store, built on first use (so that a skipped test never reads the shared data).</summary>
    public string Store => _store ??= Build();

    public void Dispose() => _folder.Dispose();

    private string Build()
    {
        var joined = _folder.File("olist-joined.csv");
        using (var connection = new DuckDBConnection("DataSource=:memory:"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"""
                COPY (
                    SELECT o.order_id, c.customer_unique_id AS customer, i.product_id AS product, count(*) AS quantity, i.price,
                           strftime(o.order_purchase_timestamp, '%Y-%m-%d %H:%M:%S') AS ordered_at
                    FROM read_csv('{TestData.Shared(Orders)}') o
                    JOIN read_csv('{TestData.Shared(Items)}') i ON i.order_id = o.order_id
                    JOIN read_csv('{TestData.Shared(Customers)}') c ON c.customer_id = o.customer_id
                    WHERE o.order_status = 'delivered'
                    GROUP BY ALL
                    ORDER BY ordered_at, o.order_id, product
                ) TO '{joined}' (HEADER, DELIMITER ',')
                """;
            command.ExecuteNonQuery();
        }
        var store = _folder.File("olist.duckdb");
        IngestJob.Run(store, joined, new IngestOptions
        {
            Schema = OrderFileSchema.Generic,
            Map = new Dictionary<string, string>
            {
                ["order_id"] = "order_id",
                ["customer_id"] = "customer",
                ["product_id"] = "product",
                ["quantity"] = "quantity",
                ["unit_price"] = "price",
                ["ordered_at"] = "ordered_at",
            },
            RejectsPath = _folder.File("rejects.csv"),
        });
        return store;
    }
}
