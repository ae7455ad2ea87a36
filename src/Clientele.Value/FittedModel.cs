namespace Clientele.Value;

/// <summary>
/// What every fitted value model carries besides its own parameters and queries: the estimates with their
/// uncertainty, the log-likelihood and how the fit went. Immutable.
/// </summary>
public abstract class FittedModel
{
    private protected FittedModel(FittedParameters fit) => Fit = fit;

    private protected FittedParameters Fit { get; }

    /// <summary>Gets the parameters with standard errors and 95% intervals (see <see cref="ParameterEstimate"/>).</summary>
    public IReadOnlyList<ParameterEstimate> Parameters => Fit.Estimates;

    /// <summary>Gets the log-likelihood at the fitted parameters (without the penalty); NaN when the parameters were given.</summary>
    public double LogLikelihood => Fit.LogLikelihood;

    /// <summary>Gets the number of customers the model was fitted on; 0 when the parameters were given.</summary>
    public int NumberOfCustomers => Fit.NumberOfCustomers;

    /// <summary>Gets the number of optimiser iterations of the fit, Newton's or BFGS (with those on the warm-start subsample, for large data).</summary>
    public int Iterations => Fit.Iterations;

    /// <summary>Gets the penaliser the model was fitted with.</summary>
    public double PenalizerCoefficient => Fit.PenalizerCoefficient;

    /// <summary>Gets a value indicating whether the model was fitted (and so has standard errors).</summary>
    public bool IsFitted => Fit.IsFitted;

    /// <summary>A copy of the covariance matrix of the log-parameters; null when the parameters were given.</summary>
    public double[,]? LogParameterCovariance() => Fit.LogCovariance();
}
