using System.Globalization;
using System.IO.Compression;
using Clientele.Core;
using Clientele.Tests;

namespace Clientele.Value.Tests.Churn;

/// <summary>
/// The Online Retail sample (samples/online_retail.csv.gz) read and cleaned in plain C#, for the model tests: this test
/// project sees only Clientele.Value, so it cannot open a store. The rules are the ingestor's ("usual cleaning",
/// ../shared/data/online-retail/README.md): no customer id, zero quantity, non-positive price and exact duplicate lines
/// are dropped; an invoice starting with C or a negative quantity is a return. The per-customer quantities follow the
/// definitions of CustomerFeatureQuery, ChurnDatasetQuery, PurchaseHistoryQuery and EarlyBehaviourQuery, written
/// again here from their documented definitions, not from their SQL; a one-off run of both on this file agreed exactly
/// (features, labels and early behaviour of every customer).
/// </summary>
internal static class OnlineRetailSample
{
    internal sealed record Line(string OrderId, string CustomerId, string ProductId, DateTime At, decimal Amount, bool IsReturn)
    {
        public DateOnly Day => DateOnly.FromDateTime(At);
    }

    private static readonly Lazy<Line[]> LazyLines = new(Read);

    public static IReadOnlyList<Line> Lines => LazyLines.Value;

    /// <summary>Customers with a purchase before <paramref name="cutoff"/>, by id (ordinal), their features and the label "no purchase in [cutoff, cutoff + horizonDays)".</summary>
    public static (CustomerFeatures[] Customers, bool[] Churned) ChurnDataset(DateOnly cutoff, int horizonDays)
    {
        var start = cutoff.ToDateTime(TimeOnly.MinValue);
        var end = start.AddDays(horizonDays);
        var returning = Lines.Where(l => !l.IsReturn && l.At >= start && l.At < end).Select(l => l.CustomerId).ToHashSet(StringComparer.Ordinal);
        var customers = Features(cutoff);
        return (customers, customers.Select(c => !returning.Contains(c.CustomerId)).ToArray());
    }

    public static CustomerFeatures[] Features(DateOnly asOf)
    {
        var end = asOf.ToDateTime(TimeOnly.MinValue);
        return Lines.Where(l => l.At < end)
            .GroupBy(l => l.CustomerId, StringComparer.Ordinal)
            .Where(g => g.Any(l => !l.IsReturn))
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var purchases = g.Where(l => !l.IsReturn).ToArray();
                var first = purchases.Min(l => l.At);
                var last = purchases.Max(l => l.At);
                var frequency = purchases.Select(l => l.OrderId).Distinct(StringComparer.Ordinal).Count();
                var purchased = purchases.Sum(l => l.Amount);
                var returned = -g.Where(l => l.IsReturn).Sum(l => l.Amount);
                return new CustomerFeatures(
                    g.Key, first, last,
                    asOf.DayNumber - DateOnly.FromDateTime(last).DayNumber,
                    frequency,
                    purchased - returned,
                    asOf.DayNumber - DateOnly.FromDateTime(first).DayNumber,
                    purchased / frequency,
                    purchases.Select(l => l.ProductId).Distinct(StringComparer.Ordinal).Count(),
                    purchased > 0 ? (double)(returned / purchased) : 0.0);
            })
            .ToArray();
    }

    /// <summary>
    /// (x, t_x, T) in weeks at a calibration end (the first day not observed), as PurchaseHistoryQuery defines them: a
    /// customer's lines of one day are one transaction, unless the day has no purchase or its purchases were cancelled
    /// the same day (returns that day and a net value ≤ 0); x = transaction days − 1; T runs to the day before the end.
    /// </summary>
    public static Dictionary<string, CustomerSummary> Summaries(DateOnly calibrationEnd)
    {
        var end = calibrationEnd.ToDateTime(TimeOnly.MinValue);
        var lastObserved = calibrationEnd.AddDays(-1).DayNumber;
        return Lines.Where(l => l.At < end)
            .GroupBy(l => (l.CustomerId, l.Day))
            .Where(d => d.Any(l => !l.IsReturn) && !(d.Any(l => l.IsReturn) && d.Sum(l => l.Amount) <= 0))
            .GroupBy(d => d.Key.CustomerId, d => d.Key.Day.DayNumber, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g =>
                {
                    var first = g.Min();
                    return new CustomerSummary(g.Key, g.Count() - 1, (g.Max() - first) / 7.0, (lastObserved - first) / 7.0);
                },
                StringComparer.Ordinal);
    }

    /// <summary>
    /// Early behaviour of the customers whose first purchase day is at least firstDays + horizonDays before
    /// <paramref name="asOf"/>: the columns orders, spend, distinct_products, lines, return_value, active_days,
    /// mean_order_value, first_order_value over [first, first + firstDays), and the purchase value in the horizon after it.
    /// </summary>
    public static (FeatureMatrix Features, double[] FutureValues, string[] Ids) EarlyBehaviour(int firstDays, int horizonDays, DateOnly asOf)
    {
        var end = asOf.ToDateTime(TimeOnly.MinValue);
        var latestFirst = asOf.AddDays(-(firstDays + horizonDays)).DayNumber;
        var rows = Lines.Where(l => l.At < end)
            .GroupBy(l => l.CustomerId, StringComparer.Ordinal)
            .Select(g => (Id: g.Key, Lines: g.ToArray(), First: g.Where(l => !l.IsReturn).Select(l => l.Day.DayNumber).DefaultIfEmpty(int.MaxValue).Min()))
            .Where(c => c.First <= latestFirst)
            .OrderBy(c => c.Id, StringComparer.Ordinal)
            .ToArray();
        var columns = 8;
        var values = new double[rows.Length * columns];
        var future = new double[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            var (_, lines, first) = rows[i];
            var early = lines.Where(l => l.Day.DayNumber >= first && l.Day.DayNumber < first + firstDays).ToArray();
            var bought = early.Where(l => !l.IsReturn).ToArray();
            var orders = bought.GroupBy(l => l.OrderId, StringComparer.Ordinal)
                .Select(o => (At: o.Min(l => l.At), o.Key, Value: o.Sum(l => l.Amount)))
                .OrderBy(o => o.At).ThenBy(o => o.Key, StringComparer.Ordinal)
                .ToArray();
            var spend = bought.Sum(l => l.Amount);
            double[] row =
            [
                orders.Length, (double)spend, bought.Select(l => l.ProductId).Distinct(StringComparer.Ordinal).Count(), bought.Length,
                (double)-early.Where(l => l.IsReturn).Sum(l => l.Amount), bought.Select(l => l.Day).Distinct().Count(),
                (double)(spend / orders.Length), (double)orders[0].Value,
            ];
            row.CopyTo(values.AsSpan(i * columns));
            future[i] = (double)lines
                .Where(l => !l.IsReturn && l.Day.DayNumber >= first + firstDays && l.Day.DayNumber < first + firstDays + horizonDays)
                .Sum(l => l.Amount);
        }
        string[] names = ["orders", "spend", "distinct_products", "lines", "return_value", "active_days", "mean_order_value", "first_order_value"];
        return (new FeatureMatrix(values, rows.Length, columns, names), future, rows.Select(r => r.Id).ToArray());
    }

    private static Line[] Read()
    {
        using var file = File.OpenRead(TestData.Sample("online_retail.csv.gz"));
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        var header = reader.ReadLine();
        Assert.Equal("InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country", header);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<Line>(410_000);
        string? text;
        while ((text = reader.ReadLine()) is not null)
        {
            var f = Split(text);
            var customer = f[6].Trim();
            if (customer.EndsWith(".0", StringComparison.Ordinal))
            {
                customer = customer[..^2];
            }
            var quantity = int.Parse(f[3], CultureInfo.InvariantCulture);
            var price = decimal.Parse(f[5], NumberStyles.Float, CultureInfo.InvariantCulture);
            if (customer.Length == 0 || quantity == 0 || price <= 0 || !seen.Add(string.Join('\u001f', f)))
            {
                continue;
            }
            var order = f[0].Trim();
            var isReturn = quantity < 0 || order.StartsWith('C');
            var amount = quantity * price;
            result.Add(new Line(
                order, customer, f[1].Trim(), DateTime.ParseExact(f[4], "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                isReturn && amount > 0 ? -amount : amount, isReturn));
        }
        return [.. result];
    }

    /// <summary>One CSV record (RFC 4180 quoting; the sample has no line breaks inside fields).</summary>
    private static string[] Split(string line)
    {
        var fields = new List<string>(8);
        var current = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var ch = line[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else if (ch == '"')
                {
                    quoted = false;
                }
                else
                {
                    current.Append(ch);
                }
            }
            else if (ch == '"')
            {
                quoted = true;
            }
            else if (ch == ',')
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(ch);
            }
        }
        fields.Add(current.ToString());
        return [.. fields];
    }
}
