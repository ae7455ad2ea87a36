namespace Clientele.Marketing.Statistics;

/// <summary>
/// A Bayesian comparison of a treatment arm with the control.
/// </summary>
/// <param name="ChanceToBeatControl">The posterior probability that the treatment's true value exceeds the control's.</param>
/// <param name="ExpectedLossTreatment">
/// The risk of shipping the treatment: E[max(control − treatment, 0)] on <see cref="Scale"/>, what is lost on average
/// if the treatment is chosen and is in fact worse.
/// </param>
/// <param name="ExpectedLossControl">The risk of keeping the control: E[max(treatment − control, 0)].</param>
/// <param name="Lower">The lower end of the central credible interval of the effect on <see cref="Scale"/>.</param>
/// <param name="Upper">The upper end of the credible interval.</param>
/// <param name="Credibility">The credible interval's probability, e.g. 0.95.</param>
/// <param name="Scale">Whether the loss and interval are absolute differences or relative lifts.</param>
public sealed record BayesianResult(
    double ChanceToBeatControl,
    double ExpectedLossTreatment,
    double ExpectedLossControl,
    double Lower,
    double Upper,
    double Credibility,
    EffectScale Scale);
