namespace Clientele.Marketing.Statistics;

/// <summary>The CUPED-adjusted revenue-per-customer effect.</summary>
/// <param name="Theta">θ = Cov(revenue, pre-revenue)/Var(pre-revenue), pooled over the two arms.</param>
/// <param name="VarianceReduction">The share of the difference's variance removed by the adjustment.</param>
/// <param name="Absolute">The adjusted difference of revenue per customer (Welch).</param>
/// <param name="Relative">The adjusted relative lift (delta method); null when the adjusted control mean is 0.</param>
public sealed record CupedEffect(double Theta, double VarianceReduction, EffectEstimate Absolute, EffectEstimate? Relative);
