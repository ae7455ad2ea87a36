using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Clientele.Cli.Tests;

/// <summary>
/// Olist (../shared/data/olist-sample) brought in as a shop would (never copied into the repository): order lines of
/// delivered orders with the person (<c>customer_unique_id</c>) as the customer, one line per order and product with
/// its quantity; products with their Portuguese category; reviews with the person, the order's first product, the
/// score and the Portuguese comment.
/// </summary>
internal static class OlistShop
{
    public const string Orders = "olist-sample/olist_orders_dataset.csv.gz";
    public const string Customers = "olist-sample/olist_customers_dataset.csv.gz";
    public const string Items = "olist-sample/olist_order_items_dataset.csv.gz";
    public const string Reviews = "olist-sample/olist_order_reviews_dataset.csv.gz";
    public const string Products = "olist-sample/olist_products_dataset.csv.gz";

    /// <summary>
    /// Ingests Olist into <paramref name="store"/> with the shipped commands: the orders with docs/olist.md's
    /// <c>--query</c> recipe, the catalogue as it comes, and the reviews joined here to the person.
    /// </summary>
    public static void Ingest(TempFolder folder, string store)
    {
        string Csv(string file) => $"read_csv('{TestData.Shared(file)}')";
        Cli.Ok("ingest", "orders", "--store", store, "--query",
            $"""
            SELECT i.order_id, c.customer_unique_id AS customer_id, i.product_id, count(*) AS quantity, i.price AS unit_price,
                   o.order_purchase_timestamp AS ordered_at, c.customer_state AS country
            FROM {Csv(Orders)} o
            JOIN {Csv(Items)} i USING (order_id)
            JOIN {Csv(Customers)} c USING (customer_id)
            WHERE o.order_status = 'delivered'
            GROUP BY ALL
            """);
        Cli.Ok("ingest", "products", TestData.Shared(Products), "--store", store, "--map", "category=product_category_name");

        // Reviews belong to orders: the person from the order's customer, the product from the order's first item.
        var orders = Rows(folder, Orders).ToDictionary(r => r["order_id"]);
        var person = Rows(folder, Customers).ToDictionary(r => r["customer_id"], r => r["customer_unique_id"]);
        var firstProduct = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in Rows(folder, Items))
        {
            firstProduct.TryAdd(item["order_id"], item["product_id"]);
        }
        var reviews = new StringBuilder("customer_id,product_id,rating,text,date\n");
        foreach (var review in Rows(folder, Reviews))
        {
            var order = orders[review["order_id"]];
            reviews.Append(CultureInfo.InvariantCulture,
                $"{person[order["customer_id"]]},{firstProduct.GetValueOrDefault(review["order_id"], "")},{review["review_score"]},{Quote(review["review_comment_message"])},{review["review_creation_date"]}\n");
        }
        Cli.Ok("ingest", "reviews", folder.Write("olist-reviews.csv", reviews.ToString()), "--store", store);
    }

    private static string Quote(string text) => "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static List<Dictionary<string, string>> Rows(TempFolder folder, string file)
    {
        var plain = folder.File(Path.GetFileNameWithoutExtension(file));
        using (var input = new GZipStream(File.OpenRead(TestData.Shared(file)), CompressionMode.Decompress))
        using (var output = File.Create(plain))
        {
            input.CopyTo(output);
        }
        var records = Csv.Read(plain);
        var header = records[0];
        return records.Skip(1).Select(r => header.Select((h, i) => (h, i)).ToDictionary(p => p.h, p => r[p.i], StringComparer.Ordinal)).ToList();
    }
}
