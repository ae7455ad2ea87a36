using Clientele.Data.Ingest;
using Clientele.Tests;

namespace Clientele.Features.Tests;

public sealed class ProductTextQueryTests : IDisposable
{
    private readonly TestStores _stores = new();

    public void Dispose() => _stores.Dispose();

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Compute_CatalogueFields_JoinedWithFullStopsInOrdinalIdOrder(string engine)
    {
        using var store = _stores.Open(engine);
        var catalogue = _stores.Folder.Write("catalogue.csv", """
            product_id,title,description,category,price
            a1,  Heart holder ,White metal,home_decor,2.55
            B2,,,bed_bath_table,
            c3,,,,1.00
            """);
        new CatalogIngestor(store).IngestProducts(catalogue, new TableIngestOptions { RejectsPath = _stores.RejectsPath() });

        // c3 has no text; B2 comes before a1 (ordinal), whatever the database's collation.
        Assert.Equal(
            [new ProductText("B2", "bed bath table"), new ProductText("a1", "Heart holder. White metal. home decor")],
            ProductTextQuery.Compute(store));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void SaveEmbeddings_AgainForOneProduct_ReplacesOnlyItsVectorOfThatModel(string engine)
    {
        using var store = _stores.Open(engine);
        ProductTextQuery.SaveEmbeddings(store, "use-lite", [new("p1", "sha-1", [1f, -2.5f, float.Epsilon]), new("p2", "sha-2", [0.5f, 0.25f, 0f])]);
        ProductTextQuery.SaveEmbeddings(store, "other", [new("p1", "sha-x", [9f])]);
        ProductTextQuery.SaveEmbeddings(store, "use-lite", [new("p1", "sha-1b", [3f, 4f, 5f])]);

        var cached = ProductTextQuery.CachedEmbeddings(store, "use-lite");

        Assert.Equal(2, cached.Count);
        Assert.Equal("sha-1b", cached["p1"].Sha256);
        Assert.Equal([3f, 4f, 5f], cached["p1"].Vector);
        Assert.Equal("sha-2", cached["p2"].Sha256);
        Assert.Equal([0.5f, 0.25f, 0f], cached["p2"].Vector);
        Assert.Equal([9f], ProductTextQuery.CachedEmbeddings(store, "other")["p1"].Vector);
    }
}
