using System.Globalization;
using Clientele.Core;
using Clientele.Data.Ingest;
using Clientele.Data.Store;

namespace Clientele.Pipeline;

/// <summary>
/// customers.csv: one row per customer. The first eleven columns are a contract
/// (customer_id … cluster); later capabilities add columns after them.
/// </summary>
public static class CustomersCsv
{
    public static readonly IReadOnlyList<string> Columns =
    [
        "customer_id", "first_purchase", "last_purchase", "recency_days", "frequency", "monetary",
        "r_score", "f_score", "m_score", "rfm_segment", "cluster",
        "tenure_days", "average_order_value", "distinct_products", "return_rate",
    ];

    /// <summary>The columns a value run adds after <see cref="Columns"/>.</summary>
    public static readonly IReadOnlyList<string> ValueColumns = ["expected_purchases", "p_alive", "expected_avg_spend", "clv", "churn_risk", "p_high_value"];

    /// <summary>
    /// Writes the segmentation's rows; with <paramref name="values"/>, the value columns too (empty for a customer the
    /// value models did not see, e.g. every purchase cancelled the same day, and where a model is not used).
    /// </summary>
    public static void Write(string path, IReadOnlyList<CustomerSegments> customers, IReadOnlyDictionary<string, ValueRow>? values = null)
    {
        ArgumentNullException.ThrowIfNull(customers);
        using var writer = new StreamWriter(path);
        writer.WriteLine(string.Join(',', values is null ? Columns : Columns.Concat(ValueColumns)));
        foreach (var c in customers)
        {
            var f = c.Features;
            string?[] value = values is null ? [] : values.TryGetValue(f.CustomerId, out var v)
                ? [Decimal6(v.ExpectedPurchases), Decimal6(v.ProbabilityAlive), Cents(v.ExpectedAverageSpend), Cents(v.Clv), Decimal6(v.ChurnRisk), Decimal6(v.HighValueProbability)]
                : ["", "", "", "", "", ""];
            writer.WriteLine(CsvText.Line([
                f.CustomerId,
                Timestamp(f.FirstPurchase),
                Timestamp(f.LastPurchase),
                Invariant(f.RecencyDays),
                Invariant(f.Frequency),
                Money(f.Monetary),
                Invariant(c.RScore),
                Invariant(c.FScore),
                Invariant(c.MScore),
                c.RfmSegment,
                c.Cluster is { } cluster ? Invariant(cluster) : "",
                Invariant(f.TenureDays),
                AverageOrderValue(f),
                Invariant(f.DistinctProducts),
                ReturnRate(f),
                .. value]));
        }
    }

    /// <summary>average_order_value as written: to the cent, half to even.</summary>
    internal static string AverageOrderValue(CustomerFeatures f) => Money(Math.Round(f.AverageOrderValue, 2, MidpointRounding.ToEven));

    internal static string ReturnRate(CustomerFeatures f) => f.ReturnRate.ToString("0.######", CultureInfo.InvariantCulture);

    internal static string Decimal6(double? value) => value?.ToString("0.######", CultureInfo.InvariantCulture) ?? "";

    internal static string Cents(double? value) => value?.ToString("0.00", CultureInfo.InvariantCulture) ?? "";

    private static string Timestamp(DateTime t) => t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Exact decimal, without trailing zeros beyond the cents (1234.5 → 1234.50, 0.125 → 0.125).</summary>
    public static string Money(decimal value) => value.ToString("0.00####", CultureInfo.InvariantCulture);
}
