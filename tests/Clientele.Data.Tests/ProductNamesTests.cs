using Clientele.Data.Ingest;
using Clientele.Data.Store;
using Clientele.Tests;

namespace Clientele.Data.Tests;

public sealed class ProductNamesTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private readonly TestStores _stores = new();

    public void Dispose()
    {
        _stores.Dispose();
        _folder.Dispose();
    }

    /// <summary>
    /// Categories seen in events fill in where the catalogue has none (docs/events.md), counted by hand: p1's catalogue
    /// category stands; p2's events say hats twice and caps twice (a tie goes to the smaller bytes, caps) and bags once;
    /// p3 is in no catalogue but its events name it; p4's events carry no category, so it is in no catalogue row.
    /// </summary>
    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Load_CatalogueWithoutCategories_TakesTheCategoryItsEventsMostOftenCarry(string engine)
    {
        using var store = _stores.Open(engine);
        store.Execute("INSERT INTO products (product_id, description, title, category) VALUES ('p1', NULL, NULL, 'Shoes'), ('p2', NULL, NULL, '  ')");
        var events = _stores.Folder.Write("events.csv", """
            customer_id,event_type,product_id,category,timestamp
            A,view,p1,boots,2024-03-01T10:00:00Z
            A,view,p2,hats,2024-03-01T10:01:00Z
            A,cart_add,p2,hats,2024-03-01T10:02:00Z
            B,view,p2,caps,2024-03-01T10:03:00Z
            B,view,p2,caps,2024-03-01T10:04:00Z
            B,view,p2,bags,2024-03-01T10:05:00Z
            B,view,p3,bags,2024-03-01T10:06:00Z
            B,view,p4,,2024-03-01T10:07:00Z
            """);
        new EventIngestor(store).Ingest(events, new EventIngestOptions { RejectsPath = _stores.RejectsPath() });

        var rows = new List<(string, string, bool)>();
        using (var command = store.Command("SELECT product_id, category, category_from_events FROM product_catalogue ORDER BY product_id COLLATE \"C\""))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                rows.Add((reader.GetString(0), reader.GetString(1), reader.GetBoolean(2)));
            }
        }
        Assert.Equal([("p1", "Shoes", false), ("p2", "caps", true), ("p3", "bags", true)], rows);
        var names = ProductNames.Load(store);
        Assert.Equal(["Shoes · p1", "caps · p2", "bags · p3"], new[] { names["p1"], names["p2"], names["p3"] });
        Assert.False(names.ContainsKey("p4"));
    }

    [Fact]
    public void Load_EachKindOfCatalogueRow_GivesTheNameAPersonShouldRead()
    {
        using var store = ClienteleStore.Open(_folder.File("shop.duckdb"));
        store.Execute(
            """
            INSERT INTO products (product_id, description, title, category) VALUES
              ('85123A', 'WHITE HANGING HEART T-LIGHT HOLDER', NULL, NULL),
              ('T1', 'from the order lines', 'Its catalogue title', NULL),
              ('57c94a5e6b2b3e1a9f0d8c7b6a5e4d3c', NULL, NULL, 'cama_mesa_banho'),
              ('0f3c9b7a2e1d4c5b6a7f8e9d0c1b2a3f', '  ', '', NULL),
              ('SHORT', NULL, NULL, NULL)
            """);

        var names = ProductNames.Load(store);

        Assert.Equal("WHITE HANGING HEART T-LIGHT HOLDER", names["85123A"]);
        Assert.Equal("Its catalogue title", names["T1"]);
        Assert.Equal("cama mesa banho · 57c9…", names["57c94a5e6b2b3e1a9f0d8c7b6a5e4d3c"]);
        Assert.Equal("product 0f3c…", names["0f3c9b7a2e1d4c5b6a7f8e9d0c1b2a3f"]);
        Assert.Equal("product SHORT", names["SHORT"]);
        Assert.All(names.Values, name => Assert.False(string.IsNullOrWhiteSpace(name)));
    }

    [Theory]
    [InlineData("22423", "product 22423")]
    [InlineData("e481f51cbdc54678b7cc49136f2d6af7", "product e481…")]
    public void Fallback_UnknownProduct_IsNeverEmptyNorABareHexId(string id, string expected) =>
        Assert.Equal(expected, ProductNames.Fallback(id));
}
