using Clientele.Core;

namespace Clientele.Features.Summaries;

/// <summary>One customer's lines of one order: the state "distinct purchase orders" is kept from, one row of <c>customer_orders</c>.</summary>
/// <param name="Purchased">Sum of the purchase lines' amounts.</param>
/// <param name="Returned">Minus the sum of the return lines' amounts.</param>
public sealed record CustomerOrder(
    string CustomerId,
    string OrderId,
    long PurchaseLines,
    long ReturnLines,
    decimal Purchased,
    decimal Returned,
    DateTime FirstLineAt,
    DateTime LastLineAt)
{
    /// <summary>The order after <paramref name="line"/> is added to <paramref name="order"/> (null: the order's first line).</summary>
    public static CustomerOrder Add(CustomerOrder? order, in OrderLine line)
    {
        var purchase = !line.IsReturn;
        var at = line.OrderedAt;
        if (order is null)
        {
            return new CustomerOrder(line.CustomerId, line.OrderId, purchase ? 1 : 0, purchase ? 0 : 1, purchase ? line.Amount : 0m, purchase ? 0m : -line.Amount, at, at);
        }
        return order with
        {
            PurchaseLines = order.PurchaseLines + (purchase ? 1 : 0),
            ReturnLines = order.ReturnLines + (purchase ? 0 : 1),
            Purchased = order.Purchased + (purchase ? line.Amount : 0m),
            Returned = order.Returned - (purchase ? 0m : line.Amount),
            FirstLineAt = at < order.FirstLineAt ? at : order.FirstLineAt,
            LastLineAt = at > order.LastLineAt ? at : order.LastLineAt,
        };
    }
}
