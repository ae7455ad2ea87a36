namespace Clientele.Segmentation;

/// <summary>
/// The parameters of a Gaussian mixture: weights, means and covariances (d × d row-major for
/// <see cref="CovarianceType.Full"/>, the d variances for <see cref="CovarianceType.Diagonal"/>). Immutable.
/// </summary>
public sealed class GaussianMixtureParameters
{
    private readonly double[] _weights;
    private readonly double[] _means;
    private readonly double[] _covariances;

    /// <summary>Checks and copies the parameters; the weights are divided by their sum.</summary>
    /// <exception cref="ArgumentException">
    /// The counts or lengths disagree, a weight is not positive, a value is not finite, or a full covariance is not
    /// symmetric.
    /// </exception>
    public GaussianMixtureParameters(CovarianceType covariance, IReadOnlyList<double> weights, IReadOnlyList<double[]> means, IReadOnlyList<double[]> covariances)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(means);
        ArgumentNullException.ThrowIfNull(covariances);
        if (!Enum.IsDefined(covariance))
        {
            throw new ArgumentException($"{(int)covariance} is not a covariance type.", nameof(covariance));
        }
        var k = weights.Count;
        if (k < 1 || means.Count != k || covariances.Count != k)
        {
            throw new ArgumentException($"Expected at least one component and as many means and covariances as weights ({k}); got {means.Count} and {covariances.Count}.");
        }
        var d = means[0].Length;
        if (d < 1)
        {
            throw new ArgumentException("A mean needs at least one feature.", nameof(means));
        }
        var covarianceLength = covariance == CovarianceType.Full ? d * d : d;
        var total = 0.0;
        foreach (var weight in weights)
        {
            if (!double.IsFinite(weight) || weight <= 0)
            {
                throw new ArgumentException($"Every weight must be a finite number above 0, got {weight}.", nameof(weights));
            }
            total += weight;
        }
        _weights = weights.Select(w => w / total).ToArray();
        _means = new double[k * d];
        _covariances = new double[k * covarianceLength];
        for (var c = 0; c < k; c++)
        {
            if (means[c].Length != d || covariances[c].Length != covarianceLength)
            {
                throw new ArgumentException($"Component {c}: expected a mean of {d} values and a covariance of {covarianceLength}.");
            }
            if (!means[c].All(double.IsFinite) || !covariances[c].All(double.IsFinite))
            {
                throw new ArgumentException($"Component {c} holds a NaN or infinite value.");
            }
            if (covariance == CovarianceType.Full)
            {
                for (var i = 0; i < d; i++)
                {
                    for (var j = 0; j < i; j++)
                    {
                        if (covariances[c][(i * d) + j] != covariances[c][(j * d) + i])
                        {
                            throw new ArgumentException($"The covariance of component {c} is not symmetric at ({i}, {j}).", nameof(covariances));
                        }
                    }
                }
            }
            means[c].CopyTo(_means, c * d);
            covariances[c].CopyTo(_covariances, c * covarianceLength);
        }
        Covariance = covariance;
        Dimensions = d;
    }

    internal GaussianMixtureParameters(CovarianceType covariance, int dimensions, double[] weights, double[] means, double[] covariances)
    {
        Covariance = covariance;
        Dimensions = dimensions;
        _weights = weights;
        _means = means;
        _covariances = covariances;
    }

    public CovarianceType Covariance { get; }

    public int NumberOfComponents => _weights.Length;

    public int Dimensions { get; }

    /// <summary>Gets the mixing weights (they sum to 1).</summary>
    public IReadOnlyList<double> Weights => _weights;

    /// <summary>The mean of <paramref name="component"/> (length d).</summary>
    public ReadOnlySpan<double> Mean(int component) => _means.AsSpan(component * Dimensions, Dimensions);

    /// <summary>The covariance of <paramref name="component"/>: d × d row-major (full) or the d variances (diagonal).</summary>
    public ReadOnlySpan<double> CovarianceOf(int component)
    {
        var length = CovarianceLength;
        return _covariances.AsSpan(component * length, length);
    }

    internal int CovarianceLength => Covariance == CovarianceType.Full ? Dimensions * Dimensions : Dimensions;

    internal double[] WeightsArray => _weights;

    internal double[] MeansArray => _means;

    internal double[] CovariancesArray => _covariances;

    /// <summary>
    /// The number of free parameters (scikit-learn's <c>_n_parameters</c>): k·d(d + 1)/2 (full) or k·d (diagonal)
    /// covariance values, k·d means and k − 1 weights.
    /// </summary>
    public long NumberOfParameters
    {
        get
        {
            long k = NumberOfComponents;
            long d = Dimensions;
            var covarianceParameters = Covariance == CovarianceType.Full ? k * d * (d + 1) / 2 : k * d;
            return covarianceParameters + (k * d) + k - 1;
        }
    }
}
