using Clientele.Data.Store;
using Clientele.Features.Products;

namespace Clientele.Pipeline.Live;

/// <summary>A product's popularity counters as the store holds them (docs/summaries.md, "Products").</summary>
public sealed record LiveProduct(string ProductId, ProductSummary Counters);

/// <summary>A product's counters read from <c>product_summaries</c>: what <c>GET /v1/products/{id}</c> answers.</summary>
public static class LiveProducts
{
    /// <summary>
    /// The product's counters; zero for a product the catalogue lists and no line or event has counted yet; null for a
    /// product the store does not know.
    /// </summary>
    public static LiveProduct? Read(ClienteleStore store, string productId)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(productId);
        if (ProductSummaryTables.Read(store, productId) is [var counters])
        {
            return new LiveProduct(productId, counters);
        }
        return store.Scalar<long>("SELECT count(*) FROM products WHERE product_id = $product", ("product", productId)) > 0
            ? new LiveProduct(productId, ProductSummary.Empty(productId))
            : null;
    }
}
