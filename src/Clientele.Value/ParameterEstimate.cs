namespace Clientele.Value;

/// <summary>
/// One fitted parameter with its uncertainty. The parameters are estimated on the log scale (so they stay positive);
/// the standard error is carried to the natural scale by the delta method (<c>value × SE(log value)</c>), and the 95%
/// interval is <c>exp(log value ± 1.959964 × SE(log value))</c>, which is always positive and not symmetric.
/// </summary>
/// <param name="Name">The parameter's name as in the paper (r, alpha, a, b, s, beta, p, q, gamma).</param>
/// <param name="Value">The estimate.</param>
/// <param name="StandardError">
/// The standard error, from the inverse of the observed information: the Hessian of the negative log-likelihood (plus
/// the penalty, when a penaliser is set) at the optimum, by central differences of the analytic gradient on the
/// log-parameters. NaN when the model was built from given parameters rather than fitted.
/// </param>
/// <param name="LowerBound95">The lower end of the 95% confidence interval; NaN when not fitted.</param>
/// <param name="UpperBound95">The upper end of the 95% confidence interval; NaN when not fitted.</param>
/// <param name="LogStandardError">The standard error of the log of the parameter; NaN when not fitted.</param>
public sealed record ParameterEstimate(
    string Name,
    double Value,
    double StandardError,
    double LowerBound95,
    double UpperBound95,
    double LogStandardError);
