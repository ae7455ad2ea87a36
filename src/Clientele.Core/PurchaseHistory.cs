namespace Clientele.Core;

/// <summary>The time unit of purchase-history summaries (and of the value models fitted to them).</summary>
public enum TimeUnit
{
    Days,
    Weeks,
}

/// <summary>
/// One customer's repeat-purchase history as of a calibration end, the input of the BG/NBD, Pareto/NBD and
/// Gamma-Gamma models: purchases on the same day merge into one transaction.
/// </summary>
/// <param name="Frequency">x: repeat transaction days (transaction days − 1).</param>
/// <param name="Recency">t_x: time from the first to the last transaction day.</param>
/// <param name="Age">T: time from the first transaction day to the last observed day.</param>
/// <param name="MonetaryValue">Mean value of the repeat transaction days (the first day left out); 0 when x = 0.</param>
/// <param name="HoldoutTransactions">Transaction days in the holdout period (0 when there is none).</param>
/// <param name="HoldoutValue">Value bought in the holdout period.</param>
public readonly record struct PurchaseHistory(
    string CustomerId,
    double Frequency,
    double Recency,
    double Age,
    double MonetaryValue,
    int HoldoutTransactions = 0,
    decimal HoldoutValue = 0m);
