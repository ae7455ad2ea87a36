using System.ComponentModel;
using Clientele.Pipeline.Live;

namespace Clientele.Server;

/// <summary><c>GET /v1/products/{id}</c>, a product's popularity counters, and its similar products: through <see cref="ILiveProducts"/>, in this process or on the cluster.</summary>
public static class ProductsApi
{
    public static IEndpointRouteBuilder MapProductsApi(this IEndpointRouteBuilder routes)
    {
        var products = routes.MapGroup("/v1/products").RequireAuthorization(KeyPolicies.Read);
        products.MapGet("/{id}", GetProduct)
            .WithName("GetProduct")
            .WithSummary("A product's popularity counters")
            .WithDescription(
                "The product's purchase and return lines, units, money, buyers, orders, first and last sale, views, cart adds and wishlist adds, "
                + "from its product_summaries row (kept in the events' transactions; on a cluster answered by the product's grain, at most a second old). "
                + "A product the catalogue lists and nothing has counted yet answers zeros.")
            .Produces<ProductResponse>()
            .ProducesProblem(400)
            .ProducesProblem(404);
        products.MapGet("/{id}/similar", Similar)
            .WithName("GetSimilarProducts")
            .WithSummary("A product's similar products")
            .WithDescription("The products most similar to it under the current recommender, best first; count 1 to 100, 10 by default.")
            .Produces<SimilarProductsResponse>()
            .ProducesProblem(400)
            .ProducesProblem(404);
        return routes;
    }

    private static async Task<IResult> GetProduct(string id, ILiveProducts products, CancellationToken cancellation)
    {
        if (CheckProductId(id) is { } bad)
        {
            return bad;
        }
        var product = await products.Product(id, cancellation).ConfigureAwait(false);
        return product is null
            ? Problems.NotFound($"No product \"{id}\" in the store.")
            : TypedResults.Ok(ProductResponse.From(product));
    }

    private static async Task<IResult> Similar(string id, ILiveProducts products, CancellationToken cancellation, int count = 10)
    {
        if (count is < 1 or > 100)
        {
            return Problems.BadRequest($"count {count}: from 1 to 100.", "/count");
        }
        if (CheckProductId(id) is { } bad)
        {
            return bad;
        }
        var similar = await products.Similar(id, count, cancellation).ConfigureAwait(false);
        if (similar is null)
        {
            return Problems.NotFound("No recommender in the store yet: clientele recommend makes one.");
        }
        return similar.Items.Count == 0
            ? Problems.NotFound(similar.Reason ?? $"No product \"{id}\" in the current recommender.")
            : TypedResults.Ok(new SimilarProductsResponse(similar.ProductId, similar.Version, [.. similar.Items.Select(i => new SimilarProductResponse(i.ItemId, i.Score))]));
    }

    /// <summary>A product id from a route: 400 unless it is an id as an event's product_id must be.</summary>
    private static IResult? CheckProductId(string id) =>
        LiveEventBatch.IdProblem(id, "the product id") is { } problem ? Problems.BadRequest(problem, "/id") : null;
}

/// <summary>A product's popularity counters (docs/summaries.md, "Products").</summary>
public sealed record ProductResponse(
    [property: Description("The product.")] string ProductId,
    [property: Description("Order lines of it that are not returns.")] long PurchaseLines,
    [property: Description("Return lines of it.")] long ReturnLines,
    [property: Description("Units on the purchase lines.")] long UnitsSold,
    [property: Description("Units on the return lines (positive).")] long UnitsReturned,
    [property: Description("Sum of the purchase lines' amounts.")] decimal Purchased,
    [property: Description("Sum of the return lines' amounts, positive.")] decimal Returned,
    [property: Description("Customers with a purchase line of it.")] long Buyers,
    [property: Description("Orders with a purchase line of it.")] long Orders,
    [property: Description("Its first purchase line; null when never bought.")] DateTime? FirstPurchaseAt,
    [property: Description("Its last purchase line; null when never bought.")] DateTime? LastPurchaseAt,
    [property: Description("View events naming it.")] long Views,
    [property: Description("Cart add events naming it.")] long CartAdds,
    [property: Description("Wishlist add events naming it.")] long WishlistAdds)
{
    public static ProductResponse From(LiveProduct product)
    {
        ArgumentNullException.ThrowIfNull(product);
        var c = product.Counters;
        return new ProductResponse(
            product.ProductId, c.PurchaseLines, c.ReturnLines, c.Quantity, c.ReturnedQuantity, c.Purchased, c.Returned, c.Buyers, c.PurchaseOrders,
            c.FirstPurchaseAt, c.LastPurchaseAt, c.Views, c.CartAdds, c.WishlistAdds);
    }
}

/// <summary>A product's similar products.</summary>
public sealed record SimilarProductsResponse(
    [property: Description("The product.")] string ProductId,
    [property: Description("The recommender's model version.")] long ModelVersion,
    [property: Description("Similar products, best first.")] IReadOnlyList<SimilarProductResponse> Items);

/// <summary>A similar product.</summary>
public sealed record SimilarProductResponse(
    [property: Description("The product's id.")] string ProductId,
    [property: Description("Its similarity under the model.")] double Score);
