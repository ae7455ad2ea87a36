using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Clientele.Cli.Tests;

/// <summary>
/// Olist (../shared/data/olist-sample) joined as a shop would join it, into CSV files in a test's temporary folder
/// (never into the repository): order lines of delivered orders with the person (<c>customer_unique_id</c>) as the
/// customer, one line per order and product with its quantity; reviews with the person, the order's first product, the
/// score and the Portuguese comment; products with their Portuguese category.
/// </summary>
internal static class OlistShop
{
    public const string Orders = "olist-sample/olist_orders_dataset.csv.gz";
    public const string Customers = "olist-sample/olist_customers_dataset.csv.gz";
    public const string Items = "olist-sample/olist_order_items_dataset.csv.gz";
    public const string Reviews = "olist-sample/olist_order_reviews_dataset.csv.gz";
    public const string Products = "olist-sample/olist_products_dataset.csv.gz";

    /// <summary>Ingests the joined files into <paramref name="store"/> with the shipped commands.</summary>
    public static void Ingest(TempFolder folder, string store)
    {
        var orders = Rows(folder, Orders).ToDictionary(r => r["order_id"]);
        var person = Rows(folder, Customers).ToDictionary(r => r["customer_id"], r => r["customer_unique_id"]);
        var items = Rows(folder, Items);

        var lines = new StringBuilder("order_id,customer_id,product_id,quantity,unit_price,ordered_at\n");
        foreach (var group in items.GroupBy(i => (Order: i["order_id"], Product: i["product_id"], Price: i["price"])))
        {
            var order = orders[group.Key.Order];
            if (order["order_status"] == "delivered")
            {
                lines.Append(CultureInfo.InvariantCulture,
                    $"{group.Key.Order},{person[order["customer_id"]]},{group.Key.Product},{group.Count()},{group.Key.Price},{order["order_purchase_timestamp"]}\n");
            }
        }
        Cli.Ok("ingest", "orders", folder.Write("olist-orders.csv", lines.ToString()), "--store", store, "--schema", "generic",
            "--map", "order_id=order_id", "--map", "customer_id=customer_id", "--map", "product_id=product_id",
            "--map", "quantity=quantity", "--map", "unit_price=unit_price", "--map", "ordered_at=ordered_at");

        var firstProduct = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in items)
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

        var products = new StringBuilder("product_id,category\n");
        foreach (var product in Rows(folder, Products))
        {
            products.Append(CultureInfo.InvariantCulture, $"{product["product_id"]},{product["product_category_name"]}\n");
        }
        Cli.Ok("ingest", "products", folder.Write("olist-products.csv", products.ToString()), "--store", store);
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
