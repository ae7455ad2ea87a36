namespace Clientele.Marketing.Statistics;

/// <summary>One treatment arm compared with the control.</summary>
/// <param name="Arm">The treatment arm.</param>
/// <param name="ControlArm">The control arm.</param>
/// <param name="Conversion">The absolute difference of conversion rates (two-proportion z-test).</param>
/// <param name="ConversionRelative">The relative lift of the conversion rate (delta method); null when the control has no conversions.</param>
/// <param name="RevenuePerCustomer">The absolute difference of revenue per customer (Welch's t-test).</param>
/// <param name="RevenuePerCustomerRelative">The relative lift of revenue per customer (delta method); null when the control's revenue is 0.</param>
/// <param name="ConversionBayesian">The chance to beat control for the conversion rate (Beta(1, 1) priors, absolute scale).</param>
/// <param name="RevenueBayesian">The chance to beat control for revenue per customer (normal posterior, relative scale; absolute when the control's revenue is 0).</param>
/// <param name="CupedRevenue">The CUPED-adjusted revenue effect; null unless every outcome compared carries a pre-period revenue.</param>
/// <param name="Notes">Why any of the optional results above is missing.</param>
public sealed record ArmComparison(
    string Arm,
    string ControlArm,
    EffectEstimate Conversion,
    EffectEstimate? ConversionRelative,
    EffectEstimate RevenuePerCustomer,
    EffectEstimate? RevenuePerCustomerRelative,
    BayesianResult ConversionBayesian,
    BayesianResult RevenueBayesian,
    CupedEffect? CupedRevenue,
    IReadOnlyList<string> Notes);
