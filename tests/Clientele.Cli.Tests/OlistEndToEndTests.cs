using System.Text.RegularExpressions;
using DuckDB.NET.Data;

namespace Clientele.Cli.Tests;

/// <summary>
/// The Olist sample as a shop would bring it in: orders ⨝ items ⨝ customers (the person is <c>customer_unique_id</c>,
/// delivered orders only, one line per item), the product catalogue (a category, no names) and the Portuguese reviews.
/// Orders through <c>ingest orders --query</c> (docs/olist.md), reviews joined here with DuckDB, both from
/// ../shared/data/olist-sample (Olist's licence forbids copying it into the repository).
/// </summary>
public sealed class OlistShop : IDisposable
{
    internal const string Folder = "olist-sample";

    public OlistShop()
    {
        Store = Temp.File("olist.duckdb");
        var data = Path.GetFullPath(Path.Combine(TestData.RepositoryRoot, "..", "shared", "data", Folder));
        if (!Directory.Exists(data))
        {
            return; // every test of the class is skipped by its SharedDataFact
        }
        string Csv(string name) => $"read_csv('{Path.Combine(data, name)}', header = true, all_varchar = true)";
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        void Export(string query, string file)
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"COPY ({query}) TO '{Temp.File(file)}' (HEADER, DELIMITER ',')";
            command.ExecuteNonQuery();
        }
        Export(
            $"""
            SELECT c.customer_unique_id AS customer_id, r.review_score AS rating, r.review_comment_message AS text, r.review_creation_date AS date
            FROM {Csv("olist_order_reviews_dataset.csv.gz")} r
            JOIN {Csv("olist_orders_dataset.csv.gz")} o USING (order_id)
            JOIN {Csv("olist_customers_dataset.csv.gz")} c USING (customer_id)
            ORDER BY r.review_creation_date, r.review_id
            """,
            "reviews.csv");
        // The recipe of docs/olist.md: the person is customer_unique_id, delivered orders only, one line per order,
        // product and price with its quantity (Olist repeats a row per unit).
        Cli.Ok("ingest", "orders", "--store", Store, "--query",
            $"""
            SELECT i.order_id, c.customer_unique_id AS customer_id, i.product_id, count(*) AS quantity, i.price AS unit_price,
                   o.order_purchase_timestamp AS ordered_at, c.customer_state AS country
            FROM {Csv("olist_orders_dataset.csv.gz")} o
            JOIN {Csv("olist_order_items_dataset.csv.gz")} i USING (order_id)
            JOIN {Csv("olist_customers_dataset.csv.gz")} c USING (customer_id)
            WHERE o.order_status = 'delivered'
            GROUP BY ALL
            """);
        Cli.Ok("ingest", "products", Path.Combine(data, "olist_products_dataset.csv.gz"), "--store", Store, "--map", "category=product_category_name");
        Cli.Ok("ingest", "reviews", Temp.File("reviews.csv"), "--store", Store);
    }

    public TempFolder Temp { get; } = new();

    public string Store { get; }

    public void Dispose() => Temp.Dispose();
}

public sealed partial class OlistEndToEndTests(OlistShop shop) : IClassFixture<OlistShop>
{
    private string Out(string name) => shop.Temp.File(name);

    public static TheoryData<string> Commands() =>
    [
        "segment --method rfm", "segment --method kmeans --k auto", "value", "recommend", "evaluate recommend",
        "evaluate value --calibration-end 2018-01-01", "brief", "report", "assign",
    ];

    [SharedDataTheory(OlistShop.Folder + "/olist_orders_dataset.csv.gz")]
    [MemberData(nameof(Commands))]
    public void Command_OnOlist_SucceedsOrSaysWhyInOneLine(string command)
    {
        var args = command.Split(' ').Concat(["--store", shop.Store]).ToList();
        if (!command.StartsWith("evaluate", StringComparison.Ordinal))
        {
            args.AddRange(["--out", Out("out-" + command.Replace(' ', '-'))]);
        }
        var result = Cli.Run([.. args]);
        if (result.ExitCode != 0)
        {
            Cli.AssertOneLineError(result, "");
        }
    }

    [SharedDataFact(OlistShop.Folder + "/olist_orders_dataset.csv.gz")]
    public void Brief_OnOlist_NamesNoProductByItsHexId()
    {
        Cli.Ok("brief", "--store", shop.Store, "--out", Out("briefs"));

        var markdown = File.ReadAllText(Out("briefs/briefs.md"));
        Assert.False(HexId().IsMatch(markdown), $"briefs.md names a product by its 32-character id: {HexId().Match(markdown).Value}");
        // briefs.json keeps ids in its id fields (product_id), as data; every text a person reads must not hold one.
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Out("briefs/briefs.json")));
        foreach (var (property, text) in Texts(json.RootElement, ""))
        {
            Assert.False(HexId().IsMatch(text), $"briefs.json {property} names a product by its 32-character id: {text}");
        }
    }

    /// <summary>Every string in a JSON document with the property it sits in, except id fields.</summary>
    private static IEnumerable<(string Property, string Text)> Texts(System.Text.Json.JsonElement element, string property) => element.ValueKind switch
    {
        System.Text.Json.JsonValueKind.Object => element.EnumerateObject()
            .Where(p => !p.Name.EndsWith("id", StringComparison.OrdinalIgnoreCase))
            .SelectMany(p => Texts(p.Value, p.Name)),
        System.Text.Json.JsonValueKind.Array => element.EnumerateArray().SelectMany(e => Texts(e, property)),
        System.Text.Json.JsonValueKind.String => [(property, element.GetString()!)],
        _ => [],
    };

    [GeneratedRegex("\\b[0-9a-f]{32}\\b")]
    private static partial Regex HexId();
}
