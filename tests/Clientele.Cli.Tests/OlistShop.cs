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

    /// <summary>
    /// Ingests Olist into <paramref name="store"/> with the shipped commands: the orders with docs/olist.md's
    /// <c>--query</c> recipe, the catalogue as it comes, and the reviews joined here to the person.
    /// </summary>
    public static void Ingest(TempFolder folder, string store)
    {
        Cli.Ok("ingest", "orders", "--store", store, "--query", OlistSample.OrdersQuery());
        Cli.Ok("ingest", "products", TestData.Shared(OlistSample.Products), "--store", store, "--map", "category=product_category_name");

        // Reviews belong to orders: the person from the order's customer, the product from the order's first item.
        var orders = Rows(folder, OlistSample.Orders).ToDictionary(r => r["order_id"]);
        var person = Rows(folder, OlistSample.Customers).ToDictionary(r => r["customer_id"], r => r["customer_unique_id"]);
        var firstProduct = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in Rows(folder, OlistSample.Items))
        {
            firstProduct.TryAdd(item["order_id"], item["product_id"]);
        }
        var reviews = new StringBuilder("customer_id,product_id,rating,text,date\n");
        foreach (var review in Rows(folder, OlistSample.Reviews))
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
