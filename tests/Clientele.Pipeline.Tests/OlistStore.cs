using Clientele.Data.Ingest;
using Clientele.Tests;

namespace Clientele.Pipeline.Tests;

/// <summary>
/// A store of the Olist sample (../shared/data/olist-sample) brought in as a shop would (docs/olist.md): orders ⨝ items ⨝
/// customers, the person is customer_unique_id, delivered orders only, one line per order and product (quantity = its
/// items), and the catalogue with its categories. Read in place; no Olist data is kept in the repository. Tests that use it
/// carry <c>[SharedDataFact(OlistSample.Orders, OlistSample.Items, OlistSample.Customers)]</c> (or the theory).
/// </summary>
public sealed class OlistStore : PerEngine<string>
{
    public string Folder => Stores.Folder.Path;

    /// <summary>The store on <paramref name="engine"/>, built on first use (so that a skipped test never reads the shared data).</summary>
    public string Store(string engine) => For(engine);

    protected override string Make(string engine)
    {
        var store = Stores.Location(engine, "olist");
        IngestJob.RunQuery(store, OlistSample.OrdersQuery(), new IngestOptions { RejectsPath = Stores.RejectsPath() });
        IngestJob.RunProducts(store, TestData.Shared(OlistSample.Products), new TableIngestOptions
        {
            Map = new Dictionary<string, string> { ["category"] = "product_category_name" },
            RejectsPath = Stores.RejectsPath(),
        });
        return store;
    }
}
