using Clientele.Data.Ingest;
using Clientele.Tests;

namespace Clientele.Pipeline.Tests;

/// <summary>
/// A store of the Olist sample (../shared/data/olist-sample) brought in as a shop would (docs/olist.md): orders ⨝ items ⨝
/// customers, the person is customer_unique_id, delivered orders only, one line per order and product (quantity = its
/// items), and the catalogue with its categories. Read in place; no Olist data is kept in the repository. Tests that use it
/// carry <c>[SharedDataFact(OlistSample.Orders, OlistSample.Items, OlistSample.Customers)]</c>.
/// </summary>
public sealed class OlistStore : IDisposable
{
    private readonly TempFolder _folder = new();
    private string? _store;

    public string Folder => _folder.Path;

    /// <summary>The store, built on first use (so that a skipped test never reads the shared data).</summary>
    public string Store => _store ??= Build();

    public void Dispose() => _folder.Dispose();

    private string Build()
    {
        var store = _folder.File("olist.duckdb");
        IngestJob.RunQuery(store, OlistSample.OrdersQuery(), new IngestOptions { RejectsPath = _folder.File("rejects.csv") });
        IngestJob.RunProducts(store, TestData.Shared(OlistSample.Products), new TableIngestOptions
        {
            Map = new Dictionary<string, string> { ["category"] = "product_category_name" },
            RejectsPath = _folder.File("product-rejects.csv"),
        });
        return store;
    }
}
