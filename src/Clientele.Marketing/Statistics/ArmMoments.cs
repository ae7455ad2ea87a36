namespace Clientele.Marketing.Statistics;

/// <summary>
/// The first two moments of a metric in one arm: what the Welch and delta-method tests read. An <see cref="ArmSample"/>
/// gives them, and so does a CUPED-adjusted arm (whose variance is not that of any raw column).
/// </summary>
/// <param name="Count">The number of customers (n).</param>
/// <param name="Mean">The (possibly adjusted) mean.</param>
/// <param name="Variance">The per-customer sample variance (n − 1 denominator).</param>
public readonly record struct ArmMoments(long Count, double Mean, double Variance)
{
    /// <summary>
    /// The moments of a conversion rate as GrowthBook's <c>ProportionStatistic</c> has them: mean p = x/n and the
    /// Bernoulli variance p(1 − p) (no n/(n − 1) correction, unlike <see cref="ArmSample.FromConversions"/>'s sample variance).
    /// </summary>
    public static ArmMoments FromProportion(long conversions, long count)
    {
        Validation.Proportion(conversions, count, "arm");
        var p = (double)conversions / count;
        return new ArmMoments(count, p, p * (1.0 - p));
    }

    /// <summary>Gets the squared standard error of the mean, variance / n.</summary>
    public double VarianceOfMean => Variance / Count;
}
