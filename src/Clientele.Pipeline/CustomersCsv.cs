using System.Globalization;
using System.Text;
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
    /// value models did not see, e.g. every purchase cancelled the same day, and where a model is not used). Ranges of
    /// rows are formatted on every core and written in their order: the same bytes as one row after another.
    /// </summary>
    public static void Write(string path, IReadOnlyList<CustomerSegments> customers, IReadOnlyDictionary<string, ValueRow>? values = null)
    {
        ArgumentNullException.ThrowIfNull(customers);
        CsvRanges.Write(path, string.Join(',', values is null ? Columns : Columns.Concat(ValueColumns)), customers, (text, c) => AppendRow(text, c, values));
    }

    /// <summary>As <see cref="Write(string, IReadOnlyList{CustomerSegments}, IReadOnlyDictionary{string, ValueRow}?)"/> with the value columns, from rows read one at a time with their value rows.</summary>
    public static void Write(string path, IEnumerable<(CustomerSegments Segments, ValueRow? Value)> customers)
    {
        ArgumentNullException.ThrowIfNull(customers);
        CsvRanges.Write(path, string.Join(',', Columns.Concat(ValueColumns)), customers, (text, c) => AppendRow(text, c.Segments, withValues: true, c.Value));
    }

    private static void AppendRow(StringBuilder line, CustomerSegments c, IReadOnlyDictionary<string, ValueRow>? values) =>
        AppendRow(line, c, values is not null, values is not null && values.TryGetValue(c.Features.CustomerId, out var v) ? v : null);

    private static void AppendRow(StringBuilder line, CustomerSegments c, bool withValues, ValueRow? value)
    {
        var f = c.Features;
        var invariant = CultureInfo.InvariantCulture;
        line.Append(CsvText.Escape(f.CustomerId)).Append(',');
        AppendTimestamp(line, f.FirstPurchase).Append(',');
        AppendTimestamp(line, f.LastPurchase).Append(',');
        line.Append(invariant, $"{f.RecencyDays},{f.Frequency},");
        line.Append(invariant, $"{f.Monetary:0.00####},{c.RScore},{c.FScore},{c.MScore},");
        line.Append(CsvText.Escape(c.RfmSegment)).Append(',');
        if (c.Cluster is { } cluster)
        {
            line.Append(invariant, $"{cluster}");
        }
        line.Append(invariant, $",{f.TenureDays},{Math.Round(f.AverageOrderValue, 2, MidpointRounding.ToEven):0.00####},{f.DistinctProducts},{f.ReturnRate:0.######}");
        if (withValues)
        {
            if (value is { } v)
            {
                line.Append(invariant, $",{v.ExpectedPurchases:0.######},{v.ProbabilityAlive:0.######},{v.ExpectedAverageSpend:0.00},{v.Clv:0.00},{v.ChurnRisk:0.######},{v.HighValueProbability:0.######}");
            }
            else
            {
                line.Append(",,,,,,");
            }
        }
        line.AppendLine();
    }

    /// <summary>yyyy-MM-dd HH:mm:ss, digit by digit (what the custom format writes for years 1 to 9999, without parsing the format per row).</summary>
    private static StringBuilder AppendTimestamp(StringBuilder line, DateTime t)
    {
        Span<char> text = stackalloc char[19];
        Digits(text[..4], t.Year);
        text[4] = '-';
        Digits(text.Slice(5, 2), t.Month);
        text[7] = '-';
        Digits(text.Slice(8, 2), t.Day);
        text[10] = ' ';
        Digits(text.Slice(11, 2), t.Hour);
        text[13] = ':';
        Digits(text.Slice(14, 2), t.Minute);
        text[16] = ':';
        Digits(text.Slice(17, 2), t.Second);
        return line.Append(text);
    }

    private static void Digits(Span<char> into, int value)
    {
        for (var i = into.Length - 1; i >= 0; i--)
        {
            into[i] = (char)('0' + (value % 10));
            value /= 10;
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
