namespace Clientele.Marketing.Statistics;

/// <summary>The CUPED adjustment of a control and a treatment arm.</summary>
/// <param name="Theta">θ = Cov(Y, X)/Var(X) over both arms together.</param>
/// <param name="Control">The control's adjusted moments.</param>
/// <param name="Treatment">The treatment's adjusted moments.</param>
/// <param name="VarianceReduction">
/// 1 − Var(adjusted difference)/Var(raw difference): the share of the difference's variance the covariate removed
/// (≈ ρ² for a covariate correlated ρ with the metric).
/// </param>
public sealed record CupedAdjustment(double Theta, ArmMoments Control, ArmMoments Treatment, double VarianceReduction);
