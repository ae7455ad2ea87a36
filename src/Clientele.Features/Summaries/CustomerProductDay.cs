using Clientele.Core;

namespace Clientele.Features.Summaries;

/// <summary>
/// One customer's lines of one product on one day, one row of <c>customer_product_days</c>: the dated interactions
/// the recommenders read (<see cref="PurchaseInteraction"/> is a row with purchase lines).
/// </summary>
public sealed record CustomerProductDay(string CustomerId, string ProductId, DateOnly Day, long PurchaseLines, long ReturnLines)
{
    /// <summary>The row after <paramref name="line"/> (which has a product id) is added to <paramref name="row"/> (null: the first line).</summary>
    public static CustomerProductDay Add(CustomerProductDay? row, in OrderLine line)
    {
        var productId = line.ProductId ?? throw new ArgumentException("The line has no product id.", nameof(line));
        var purchase = !line.IsReturn;
        return row is null
            ? new CustomerProductDay(line.CustomerId, productId, DateOnly.FromDateTime(line.OrderedAt), purchase ? 1 : 0, purchase ? 0 : 1)
            : row with { PurchaseLines = row.PurchaseLines + (purchase ? 1 : 0), ReturnLines = row.ReturnLines + (purchase ? 0 : 1) };
    }
}
