namespace Clientele.Marketing.Statistics;

/// <summary>
/// An estimated treatment effect with its uncertainty: a point estimate, its standard error, a two-sided confidence
/// interval at <see cref="Confidence"/>, and the two-sided p-value of the null hypothesis of no effect.
/// </summary>
/// <param name="Estimate">The point estimate (an absolute difference or a relative lift, as the producing method says).</param>
/// <param name="StandardError">The standard error the interval is built from.</param>
/// <param name="Lower">The lower end of the confidence interval.</param>
/// <param name="Upper">The upper end of the confidence interval.</param>
/// <param name="PValue">The two-sided p-value for "no effect".</param>
/// <param name="Confidence">The confidence level of the interval, e.g. 0.95.</param>
public sealed record EffectEstimate(double Estimate, double StandardError, double Lower, double Upper, double PValue, double Confidence)
{
    /// <summary>Gets the degrees of freedom of the t reference distribution; +∞ for a z (normal) test.</summary>
    public double DegreesOfFreedom { get; init; } = double.PositiveInfinity;

    /// <summary>Gets the test statistic (estimate / standard error of the test).</summary>
    public double Statistic { get; init; } = double.NaN;

    /// <summary>Gets a value indicating whether the p-value is below 1 − <see cref="Confidence"/>.</summary>
    public bool IsSignificant => PValue < 1.0 - Confidence;
}
