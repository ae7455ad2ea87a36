using Clientele.Data.Store;
using Clientele.Tests;

namespace Clientele.Data.Tests;

public sealed class ProductNamesTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

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
