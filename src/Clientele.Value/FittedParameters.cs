using System.Collections.ObjectModel;

namespace Clientele.Value;

/// <summary>
/// The parameters of a model with what the fit knows about them: the covariance of the log-parameters (the inverse of
/// the observed information), the log-likelihood, the number of customers. Immutable.
/// </summary>
internal sealed class FittedParameters
{
    /// <summary>The 0.975 quantile of the standard normal distribution.</summary>
    private const double Z975 = 1.959963984540054;

    private readonly double[] _values;
    private readonly double[,]? _logCovariance;

    public FittedParameters(
        string[] names, double[] values, double[,]? logCovariance, double logLikelihood, int numberOfCustomers, int iterations, double penalizer)
    {
        Names = names;
        _values = values;
        _logCovariance = logCovariance;
        LogLikelihood = logLikelihood;
        NumberOfCustomers = numberOfCustomers;
        Iterations = iterations;
        PenalizerCoefficient = penalizer;
        var estimates = new ParameterEstimate[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            var logSe = logCovariance is null ? double.NaN : Math.Sqrt(Math.Max(logCovariance[i, i], 0.0));
            var log = Math.Log(values[i]);
            estimates[i] = new ParameterEstimate(
                names[i], values[i], values[i] * logSe, Math.Exp(log - (Z975 * logSe)), Math.Exp(log + (Z975 * logSe)), logSe);
        }
        Estimates = Array.AsReadOnly(estimates);
    }

    /// <summary>Parameters given by the caller rather than fitted: no covariance, no log-likelihood.</summary>
    public static FittedParameters Given(string model, string[] names, params double[] values)
    {
        for (var i = 0; i < names.Length; i++)
        {
            if (!double.IsFinite(values[i]) || values[i] <= 0.0)
            {
                throw new ArgumentOutOfRangeException(
                    names[i], values[i], $"The {model} parameter {names[i]} must be a finite number > 0, got {values[i]}.");
            }
        }
        return new FittedParameters(names, values, null, double.NaN, 0, 0, 0.0);
    }

    public string[] Names { get; }

    public ReadOnlyCollection<ParameterEstimate> Estimates { get; }

    public double LogLikelihood { get; }

    public int NumberOfCustomers { get; }

    public int Iterations { get; }

    public double PenalizerCoefficient { get; }

    public bool IsFitted => _logCovariance is not null;

    public double this[int index] => _values[index];

    public double[,]? LogCovariance() => (double[,]?)_logCovariance?.Clone();
}
