namespace Clientele.Marketing.Statistics;

/// <summary>Confidence intervals of a single proportion x / n.</summary>
public static class ProportionInterval
{
    /// <summary>The Wilson score interval of <paramref name="successes"/> out of <paramref name="count"/>.</summary>
    /// <remarks>
    /// (p̂ + z²/2n ± z √(p̂(1 − p̂)/n + z²/4n²)) / (1 + z²/n), z = Φ⁻¹((1 + confidence)/2), as statsmodels'
    /// <c>proportion_confint(x, n, method="wilson")</c>. Unlike the Wald interval it stays inside [0, 1] and is not
    /// empty when x is 0 or n, which is what a rare conversion (0.1 % of a few hundred customers) needs.
    /// </remarks>
    public static ProportionBounds Wilson(long successes, long count, double confidence = 0.95)
    {
        Validation.Proportion(successes, count, "sample");
        Validation.Confidence(confidence);
        var z = Distributions.NormalQuantile(0.5 + (0.5 * confidence));
        var n = (double)count;
        var p = successes / n;
        var z2 = z * z;
        var centre = (p + (z2 / (2 * n))) / (1 + (z2 / n));
        var half = z * Math.Sqrt((p * (1 - p) / n) + (z2 / (4 * n * n))) / (1 + (z2 / n));
        return new ProportionBounds(Math.Max(0.0, centre - half), Math.Min(1.0, centre + half));
    }
}
