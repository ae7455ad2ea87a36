using System.Globalization;
using Clientele.Tests;

namespace Clientele.Value.Tests;

/// <summary>
/// The CDNOW calibration summaries of Fader, Hardie &amp; Lee (2005), 2,357 customers in weeks, as published with
/// lifetimes (../shared/data/cdnow/README.md), and the models fitted to them once per test run.
/// </summary>
internal static class Cdnow
{
    private static readonly Lazy<CustomerSummary[]> LazySummary = new(() => Read("cdnow/cdnow_customers_summary.csv", withSpend: false));
    private static readonly Lazy<CustomerSummary[]> LazyWithSpend = new(() => Read("cdnow/cdnow_customers_summary_with_transactions.csv", withSpend: true));
    private static readonly Lazy<BetaGeoModel> LazyBetaGeo = new(() => new BetaGeoFitter().Fit(Summary));
    private static readonly Lazy<ParetoNbdModel> LazyParetoNbd = new(() => new ParetoNbdFitter().Fit(Summary));
    private static readonly Lazy<GammaGammaModel> LazyGammaGamma = new(() => new GammaGammaFitter().Fit(WithSpend));

    /// <summary>cdnow_customers_summary.csv: ID, frequency, recency, T.</summary>
    public static CustomerSummary[] Summary => LazySummary.Value;

    /// <summary>cdnow_customers_summary_with_transactions.csv: ID, x, t_x, T, zbar (mean repeat-transaction value).</summary>
    public static CustomerSummary[] WithSpend => LazyWithSpend.Value;

    public static BetaGeoModel BetaGeo => LazyBetaGeo.Value;

    public static ParetoNbdModel ParetoNbd => LazyParetoNbd.Value;

    public static GammaGammaModel GammaGamma => LazyGammaGamma.Value;

    private static CustomerSummary[] Read(string name, bool withSpend)
    {
        var lines = File.ReadAllLines(TestData.Shared(name));
        return lines.Skip(1).Where(line => line.Length > 0).Select(line =>
        {
            var f = line.Split(',');
            double D(int i) => double.Parse(f[i], CultureInfo.InvariantCulture);
            return new CustomerSummary(f[0], D(1), D(2), D(3), withSpend ? D(4) : 0.0);
        }).ToArray();
    }
}

/// <summary>Numeric assertions with the tolerance stated in the test's words.</summary>
internal static class Numeric
{
    /// <summary>
    /// Asserts that <paramref name="actual"/> agrees with <paramref name="expected"/> to <paramref name="digits"/>
    /// significant digits: |actual − expected| ≤ half a unit in the last of those digits of <paramref name="expected"/>.
    /// </summary>
    public static void SignificantDigits(double expected, double actual, int digits, string what)
    {
        var unit = Math.Pow(10, Math.Floor(Math.Log10(Math.Abs(expected))) - digits + 1);
        Assert.True(
            Math.Abs(actual - expected) <= 0.5 * unit,
            $"{what}: expected {expected} to {digits} significant digits (±{0.5 * unit:G3}), got {actual}.");
    }

    /// <summary>Asserts |actual − expected| ≤ tolerance.</summary>
    public static void Within(double expected, double actual, double tolerance, string what)
    {
        Assert.True(
            Math.Abs(actual - expected) <= tolerance,
            $"{what}: expected {expected} ± {tolerance}, got {actual} (off by {Math.Abs(actual - expected):G3}).");
    }

    /// <summary>Asserts |actual − expected| ≤ tolerance × |expected|.</summary>
    public static void Relative(double expected, double actual, double tolerance, string what)
    {
        Assert.True(
            Math.Abs(actual - expected) <= tolerance * Math.Abs(expected),
            $"{what}: expected {expected} within a relative {tolerance}, got {actual} (relative error {Math.Abs(actual - expected) / Math.Abs(expected):G3}).");
    }
}
