namespace Clientele.Marketing.Tests.Statistics;

/// <summary>Tolerance assertions for numbers from reference implementations.</summary>
internal static class Numeric
{
    /// <summary>Asserts |actual − expected| ≤ tolerance × max(|expected|, tiny): a relative tolerance.</summary>
    public static void Relative(double expected, double actual, double tolerance, string what)
    {
        var scale = Math.Max(Math.Abs(expected), 1e-300);
        Assert.True(
            Math.Abs(actual - expected) <= tolerance * scale,
            $"{what}: expected {expected:R}, got {actual:R} (relative error {Math.Abs(actual - expected) / scale:E2} > {tolerance:E1})");
    }

    /// <summary>Asserts |actual − expected| ≤ tolerance.</summary>
    public static void Within(double expected, double actual, double tolerance, string what) =>
        Assert.True(Math.Abs(actual - expected) <= tolerance, $"{what}: expected {expected:R}, got {actual:R} (error {Math.Abs(actual - expected):E2} > {tolerance:E1})");

    /// <summary>Asserts agreement to the given number of significant digits (half a unit in the last digit).</summary>
    public static void SignificantDigits(double expected, double actual, int digits, string what)
    {
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(Math.Abs(expected))) - digits + 1);
        Within(expected, actual, 0.5 * magnitude, $"{what} to {digits} significant digits");
    }
}
