using Clientele.Features.Summaries;

namespace Clientele.Features.Products;

/// <summary>
/// One product's popularity counters, a row of <c>product_summaries</c> (docs/summaries.md, "Products"); also what one
/// group of live events adds to a product's row (<see cref="ProductSummaryWriter"/>), since the counters add up and the
/// first and last purchase take the earlier and the later.
/// </summary>
/// <param name="PurchaseLines">Order lines of the product that are not returns.</param>
/// <param name="ReturnLines">Return lines of the product.</param>
/// <param name="Quantity">Units on the purchase lines.</param>
/// <param name="ReturnedQuantity">Minus the units on the return lines (positive for ordinary returns).</param>
/// <param name="Purchased">Sum of the purchase lines' amounts.</param>
/// <param name="Returned">Minus the sum of the return lines' amounts.</param>
/// <param name="Buyers">Customers with a purchase line of the product.</param>
/// <param name="PurchaseOrders">Orders (a customer's order id) with a purchase line of the product.</param>
/// <param name="FirstPurchaseAt">The earliest purchase line; null when the product was never bought.</param>
/// <param name="LastPurchaseAt">The latest purchase line; null when the product was never bought.</param>
/// <param name="Views">View events naming the product.</param>
/// <param name="CartAdds">Cart add events naming the product.</param>
/// <param name="WishlistAdds">Wishlist add events naming the product.</param>
public sealed record ProductSummary(
    string ProductId,
    long PurchaseLines,
    long ReturnLines,
    long Quantity,
    long ReturnedQuantity,
    decimal Purchased,
    decimal Returned,
    long Buyers,
    long PurchaseOrders,
    DateTime? FirstPurchaseAt,
    DateTime? LastPurchaseAt,
    long Views,
    long CartAdds,
    long WishlistAdds)
{
    /// <summary>A product with nothing counted yet.</summary>
    public static ProductSummary Empty(string productId) => new(productId, 0, 0, 0, 0, 0m, 0m, 0, 0, null, null, 0, 0, 0);

    /// <summary>This row with <paramref name="more"/> of the same product added: counts add, first and last purchase take the earlier and the later.</summary>
    public ProductSummary Plus(ProductSummary more)
    {
        ArgumentNullException.ThrowIfNull(more);
        if (more.ProductId != ProductId)
        {
            throw new ArgumentException($"Product {more.ProductId} added to product {ProductId}.", nameof(more));
        }
        return new ProductSummary(
            ProductId, PurchaseLines + more.PurchaseLines, ReturnLines + more.ReturnLines, Quantity + more.Quantity,
            ReturnedQuantity + more.ReturnedQuantity, Purchased + more.Purchased, Returned + more.Returned, Buyers + more.Buyers,
            PurchaseOrders + more.PurchaseOrders, CustomerDay.Earlier(FirstPurchaseAt, more.FirstPurchaseAt), CustomerDay.Later(LastPurchaseAt, more.LastPurchaseAt),
            Views + more.Views, CartAdds + more.CartAdds, WishlistAdds + more.WishlistAdds);
    }
}
