using Clientele.Core;

namespace Clientele.Features.Summaries;

/// <summary>
/// One customer's as-of-free summary, one row of <c>customer_summaries</c>: what the fitters read. Time-dependent
/// quantities (recency, tenure, the BTYD age T) are computed from it at the as-of asked (<see cref="CustomerSummaryReader"/>).
/// Definitions: docs/summaries.md.
/// </summary>
/// <param name="PurchaseDays">Calendar days with at least one purchase line.</param>
/// <param name="PurchaseOrders">Distinct orders with at least one purchase line (the RFM frequency).</param>
/// <param name="Purchased">Sum of the purchase lines' amounts.</param>
/// <param name="Returned">Minus the sum of the return lines' amounts.</param>
/// <param name="DistinctProducts">Distinct product ids among the purchase lines.</param>
/// <param name="TransactionDays">Days that are BTYD transactions (<see cref="CustomerDay.IsTransaction"/>); x = this − 1.</param>
/// <param name="FirstTransactionDay">The first transaction day; null when there is none.</param>
/// <param name="LastTransactionDay">The last transaction day; null when there is none.</param>
/// <param name="RepeatValue">Sum of the values of the transaction days after the first (the Gamma-Gamma spend input with x).</param>
public sealed record CustomerSummary(
    string CustomerId,
    DateTime FirstLineAt,
    DateTime LastLineAt,
    long PurchaseLines,
    long ReturnLines,
    DateTime? FirstPurchaseAt,
    DateTime? LastPurchaseAt,
    long PurchaseDays,
    long PurchaseOrders,
    decimal Purchased,
    decimal Returned,
    long DistinctProducts,
    long TransactionDays,
    DateOnly? FirstTransactionDay,
    DateOnly? LastTransactionDay,
    decimal RepeatValue)
{
    /// <summary>
    /// The summary of one customer from all of that customer's day, order and product rows: the in-code twin of the
    /// summary SQL in <see cref="CustomerSummaryTables"/> (the tests hold the two equal on Online Retail and CDNOW).
    /// </summary>
    public static CustomerSummary From(string customerId, IEnumerable<CustomerDay> days, IEnumerable<CustomerOrder> orders, IEnumerable<CustomerProduct> products)
    {
        ArgumentNullException.ThrowIfNull(days);
        ArgumentNullException.ThrowIfNull(orders);
        ArgumentNullException.ThrowIfNull(products);
        DateTime? firstLine = null, lastLine = null, firstPurchase = null, lastPurchase = null;
        DateOnly? firstTransaction = null, lastTransaction = null;
        long purchaseLines = 0, returnLines = 0, purchaseDays = 0, transactionDays = 0;
        decimal purchased = 0m, returned = 0m, transactionValue = 0m, firstTransactionValue = 0m;
        foreach (var day in days)
        {
            firstLine = CustomerDay.Earlier(firstLine, day.FirstLineAt);
            lastLine = CustomerDay.Later(lastLine, day.LastLineAt);
            firstPurchase = CustomerDay.Earlier(firstPurchase, day.FirstPurchaseAt);
            lastPurchase = CustomerDay.Later(lastPurchase, day.LastPurchaseAt);
            purchaseLines += day.PurchaseLines;
            returnLines += day.ReturnLines;
            purchased += day.Purchased;
            returned += day.Returned;
            if (day.PurchaseLines > 0)
            {
                purchaseDays++;
            }
            if (day.IsTransaction)
            {
                transactionDays++;
                transactionValue += day.Value;
                if (firstTransaction is null || day.Day < firstTransaction)
                {
                    firstTransaction = day.Day;
                    firstTransactionValue = day.Value;
                }
                if (lastTransaction is null || day.Day > lastTransaction)
                {
                    lastTransaction = day.Day;
                }
            }
        }
        if (firstLine is null || lastLine is null)
        {
            throw new ArgumentException($"Customer {customerId} has no days to summarise.", nameof(days));
        }
        var purchaseOrders = orders.LongCount(o => o.PurchaseLines > 0);
        var distinctProducts = products.LongCount(p => p.PurchaseLines > 0);
        return new CustomerSummary(
            customerId, firstLine.Value, lastLine.Value, purchaseLines, returnLines, firstPurchase, lastPurchase,
            purchaseDays, purchaseOrders, purchased, returned, distinctProducts,
            transactionDays, firstTransaction, lastTransaction, transactionValue - firstTransactionValue);
    }

    /// <summary>
    /// The customer's (x, t_x, T, mean repeat value) with the calibration ending at
    /// <see cref="SummaryPeriods.CalibrationEnd"/>, as <see cref="PurchaseHistoryQuery"/> defines them; null for a
    /// customer without a transaction day. The calibration must end after the customer's last line (the summary holds
    /// them all), and a holdout cannot be split off.
    /// </summary>
    public PurchaseHistory? ToPurchaseHistory(SummaryPeriods periods)
    {
        ArgumentNullException.ThrowIfNull(periods);
        if (periods.HoldoutEnd is not null)
        {
            throw new ArgumentException("A summary holds every line of its customer, so it cannot split off a holdout period.", nameof(periods));
        }
        if (periods.CalibrationEnd <= DateOnly.FromDateTime(LastLineAt))
        {
            throw new ArgumentOutOfRangeException(nameof(periods), $"Customer {CustomerId}'s summary holds lines up to {LastLineAt:yyyy-MM-dd}; a calibration ending {periods.CalibrationEnd:yyyy-MM-dd} would leave some out.");
        }
        if (FirstTransactionDay is not { } first || LastTransactionDay is not { } last)
        {
            return null;
        }
        var unit = periods.DaysPerUnit;
        var repeatDays = TransactionDays - 1;
        return new PurchaseHistory(
            CustomerId,
            repeatDays,
            (last.DayNumber - first.DayNumber) / unit,
            (periods.CalibrationEnd.AddDays(-1).DayNumber - first.DayNumber) / unit,
            MeanRepeatValue(RepeatValue, repeatDays));
    }

    /// <summary>
    /// The Gamma-Gamma monetary value: the mean value of the repeat transaction days, 0 without repeat days. The one
    /// place this division is made (<see cref="PurchaseHistoryQuery"/> makes it here too), in decimal, then rounded to double.
    /// </summary>
    public static double MeanRepeatValue(decimal repeatValue, long repeatDays) =>
        repeatDays <= 0 ? 0.0 : (double)(repeatValue / repeatDays);
}
