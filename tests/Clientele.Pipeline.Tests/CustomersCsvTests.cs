using System.Globalization;
using Clientele.Core;
using Clientele.Data.Ingest;
using Clientele.Data.Store;

namespace Clientele.Pipeline.Tests;

public sealed class CustomersCsvTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("clientele-customers-csv-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Write_ManyRowsWithAndWithoutValues_SameBytesAsOneFormattedLineAfterAnother()
    {
        // More rows than one formatting range, ids and segment names that need quoting, empty clusters and value cells,
        // negative amounts, more than six decimals, rates that round; the reference is each line formatted on its own.
        var random = new Random(7);
        var customers = Enumerable.Range(0, 40_000).Select(i => new CustomerSegments(
            new CustomerFeatures(
                i % 997 == 0 ? $"id,\"{i}\"" : i.ToString("D7", CultureInfo.InvariantCulture),
                i == 1 ? new DateTime(1, 1, 1) : i == 2 ? new DateTime(9999, 12, 31, 23, 59, 59) : new DateTime(2010, 12, 1, 8, 26, 0).AddMinutes(random.Next(500_000)),
                new DateTime(2011, 12, 9, 12, 50, 0).AddSeconds(-random.Next(5_000_000)),
                random.Next(0, 400),
                random.Next(1, 30),
                new decimal(random.Next(), random.Next(0, 4), 0, random.Next(10) == 0, (byte)random.Next(0, 9)),
                random.Next(0, 400),
                (decimal)(random.NextDouble() * 500) + 0.005m,
                random.Next(1, 90),
                random.Next(3) == 0 ? 0 : random.NextDouble()),
            random.Next(1, 6), random.Next(1, 6), random.Next(1, 6),
            i % 5 == 0 ? "Can't lose them, really" : "Champions",
            i % 3 == 0 ? null : random.Next(1, 5))).ToArray();
        double? Maybe(double v) => random.Next(6) == 0 ? null : v;
        var values = customers.Where((_, i) => i % 4 != 0).ToDictionary(
            c => c.Features.CustomerId,
            c => new ValueRow(c.Features.CustomerId, Maybe(random.NextDouble() * 9), Maybe(random.NextDouble()), Maybe(random.NextDouble() * 80), Maybe(random.NextDouble() * 3000), Maybe(random.NextDouble()), Maybe(0.1234565)),
            StringComparer.Ordinal);

        foreach (var withValues in new[] { false, true })
        {
            var file = Path.Combine(_folder, $"customers-{withValues}.csv");
            CustomersCsv.Write(file, customers, withValues ? values : null);

            using var expected = new StringWriter();
            expected.WriteLine(string.Join(',', withValues ? CustomersCsv.Columns.Concat(CustomersCsv.ValueColumns) : CustomersCsv.Columns));
            foreach (var c in customers)
            {
                expected.WriteLine(Line(c, withValues ? values : null));
            }
            Assert.Equal(expected.ToString(), File.ReadAllText(file));
        }
    }

    /// <summary>A row as customers.csv wrote it before it was formatted in ranges: each field to a string, joined by CsvText.Line.</summary>
    private static string Line(CustomerSegments c, Dictionary<string, ValueRow>? values)
    {
        var f = c.Features;
        string I(int v) => v.ToString(CultureInfo.InvariantCulture);
        string T(DateTime t) => t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        string?[] value = values is null ? [] : values.TryGetValue(f.CustomerId, out var v)
            ? [CustomersCsv.Decimal6(v.ExpectedPurchases), CustomersCsv.Decimal6(v.ProbabilityAlive), CustomersCsv.Cents(v.ExpectedAverageSpend), CustomersCsv.Cents(v.Clv), CustomersCsv.Decimal6(v.ChurnRisk), CustomersCsv.Decimal6(v.HighValueProbability)]
            : ["", "", "", "", "", ""];
        return CsvText.Line([
            f.CustomerId, T(f.FirstPurchase), T(f.LastPurchase), I(f.RecencyDays), I(f.Frequency), CustomersCsv.Money(f.Monetary),
            I(c.RScore), I(c.FScore), I(c.MScore), c.RfmSegment, c.Cluster is { } cluster ? I(cluster) : "",
            I(f.TenureDays), CustomersCsv.AverageOrderValue(f), I(f.DistinctProducts), CustomersCsv.ReturnRate(f), .. value]);
    }
}
