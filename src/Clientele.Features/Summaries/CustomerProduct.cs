using Clientele.Core;

namespace Clientele.Features.Summaries;

/// <summary>
/// One customer's lines of one product (lines without a product id have none): the interaction counts the
/// recommenders read and the state "distinct products" is kept from, one row of <c>customer_products</c>.
/// </summary>
/// <param name="Quantity">Units on the purchase lines.</param>
/// <param name="ReturnedQuantity">Minus the units on the return lines (positive for ordinary returns).</param>
/// <param name="Purchased">Sum of the purchase lines' amounts.</param>
/// <param name="Returned">Minus the sum of the return lines' amounts.</param>
/// <param name="FirstPurchaseAt">The earliest purchase line; null when the customer only returned the product.</param>
/// <param name="LastPurchaseAt">The latest purchase line; null when the customer only returned the product.</param>
public sealed record CustomerProduct(
    string CustomerId,
    string ProductId,
    long PurchaseLines,
    long ReturnLines,
    long Quantity,
    long ReturnedQuantity,
    decimal Purchased,
    decimal Returned,
    DateTime? FirstPurchaseAt,
    DateTime? LastPurchaseAt)
{
    /// <summary>The product after <paramref name="line"/> (which has a product id) is added to <paramref name="product"/> (null: the first line).</summary>
    public static CustomerProduct Add(CustomerProduct? product, in OrderLine line)
    {
        var productId = line.ProductId ?? throw new ArgumentException("The line has no product id.", nameof(line));
        var purchase = !line.IsReturn;
        var at = line.OrderedAt;
        if (product is null)
        {
            return new CustomerProduct(
                line.CustomerId, productId,
                purchase ? 1 : 0, purchase ? 0 : 1,
                purchase ? line.Quantity : 0, purchase ? 0 : -(long)line.Quantity,
                purchase ? line.Amount : 0m, purchase ? 0m : -line.Amount,
                purchase ? at : null, purchase ? at : null);
        }
        return product with
        {
            PurchaseLines = product.PurchaseLines + (purchase ? 1 : 0),
            ReturnLines = product.ReturnLines + (purchase ? 0 : 1),
            Quantity = product.Quantity + (purchase ? line.Quantity : 0),
            ReturnedQuantity = product.ReturnedQuantity - (purchase ? 0 : (long)line.Quantity),
            Purchased = product.Purchased + (purchase ? line.Amount : 0m),
            Returned = product.Returned - (purchase ? 0m : line.Amount),
            FirstPurchaseAt = purchase ? CustomerDay.Earlier(product.FirstPurchaseAt, at) : product.FirstPurchaseAt,
            LastPurchaseAt = purchase ? CustomerDay.Later(product.LastPurchaseAt, at) : product.LastPurchaseAt,
        };
    }
}
