namespace Clientele.Value;

/// <summary>
/// Settings for <see cref="GammaGammaFitter"/>. The defaults reproduce the published Gamma-Gamma fits; the penaliser follows lifetimes'
/// <c>penalizer_coef</c>.
/// </summary>
public sealed record GammaGammaOptions
{
    /// <summary>
    /// Gets the L2 penaliser c: the fit minimises <c>−LL/N + c × Σ parameter²</c> (lifetimes' <c>penalizer_coef</c>,
    /// with LL the log-likelihood and N the number of customers). A small value (0.001 to 0.1) keeps the parameters
    /// finite on data that do not identify them, at the cost of a bias towards 0.
    /// </summary>
    /// <value>The default value is 0 (plain maximum likelihood).</value>
    public double PenalizerCoefficient { get; init; }

    /// <summary>Gets the maximum number of iterations of the optimiser (Newton's, at most 100, or BFGS).</summary>
    /// <value>The default value is 500.</value>
    public int MaximumNumberOfIterations { get; init; } = 500;

    /// <summary>
    /// Gets the convergence tolerance: the fit stops when every component of the gradient of the mean negative
    /// log-likelihood per customer with respect to the log-parameters is at most this in absolute value.
    /// </summary>
    /// <value>The default value is 1e-8.</value>
    public double OptimizationTolerance { get; init; } = 1e-8;

    /// <summary>Throws <see cref="ArgumentException"/> when a setting is out of range.</summary>
    /// <exception cref="ArgumentException">A setting is out of range; the message names it and its valid range.</exception>
    public void Validate() => FitOptions.Validate(PenalizerCoefficient, MaximumNumberOfIterations, OptimizationTolerance);
}
