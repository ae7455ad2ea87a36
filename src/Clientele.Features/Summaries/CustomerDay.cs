using Clientele.Core;

namespace Clientele.Features.Summaries;

/// <summary>
/// One customer's order lines of one calendar day (the day of <see cref="OrderLine.OrderedAt"/>): the state the
/// BTYD day rule is kept from, one row of <c>customer_days</c>.
/// </summary>
/// <param name="PurchaseLines">Lines that are not returns.</param>
/// <param name="ReturnLines">Return or cancellation lines.</param>
/// <param name="Purchased">Sum of the purchase lines' amounts.</param>
/// <param name="Returned">Minus the sum of the return lines' amounts (positive for ordinary returns).</param>
/// <param name="FirstPurchaseAt">The day's earliest purchase line; null when the day has only returns.</param>
/// <param name="LastPurchaseAt">The day's latest purchase line; null when the day has only returns.</param>
public sealed record CustomerDay(
    string CustomerId,
    DateOnly Day,
    long PurchaseLines,
    long ReturnLines,
    decimal Purchased,
    decimal Returned,
    DateTime FirstLineAt,
    DateTime LastLineAt,
    DateTime? FirstPurchaseAt,
    DateTime? LastPurchaseAt)
{
    /// <summary>The day's value: its purchases net of its returns (the sum of all its lines' amounts).</summary>
    public decimal Value => Purchased - Returned;

    /// <summary>
    /// The BTYD rule (as <see cref="PurchaseHistoryQuery"/>): a day with a purchase is a transaction unless it also has
    /// returns and its net value is not positive (its purchases were cancelled the same day).
    /// </summary>
    public bool IsTransaction => PurchaseLines > 0 && !(ReturnLines > 0 && Value <= 0);

    /// <summary>The day after <paramref name="line"/> is added to <paramref name="day"/> (null: the customer's first line that day).</summary>
    public static CustomerDay Add(CustomerDay? day, in OrderLine line)
    {
        var purchase = !line.IsReturn;
        var at = line.OrderedAt;
        if (day is null)
        {
            return new CustomerDay(
                line.CustomerId, DateOnly.FromDateTime(at),
                purchase ? 1 : 0, purchase ? 0 : 1,
                purchase ? line.Amount : 0m, purchase ? 0m : -line.Amount,
                at, at,
                purchase ? at : null, purchase ? at : null);
        }
        return day with
        {
            PurchaseLines = day.PurchaseLines + (purchase ? 1 : 0),
            ReturnLines = day.ReturnLines + (purchase ? 0 : 1),
            Purchased = day.Purchased + (purchase ? line.Amount : 0m),
            Returned = day.Returned - (purchase ? 0m : line.Amount),
            FirstLineAt = at < day.FirstLineAt ? at : day.FirstLineAt,
            LastLineAt = at > day.LastLineAt ? at : day.LastLineAt,
            FirstPurchaseAt = purchase ? Earlier(day.FirstPurchaseAt, at) : day.FirstPurchaseAt,
            LastPurchaseAt = purchase ? Later(day.LastPurchaseAt, at) : day.LastPurchaseAt,
        };
    }

    internal static DateTime? Earlier(DateTime? a, DateTime? b) => a is null ? b : b is null ? a : (b < a ? b : a);

    internal static DateTime? Later(DateTime? a, DateTime? b) => a is null ? b : b is null ? a : (b > a ? b : a);
}
