namespace Clientele.Segmentation;

/// <summary>Parameters with what the E step needs precomputed: log weights, precision Cholesky factors, log determinants.</summary>
internal sealed class GaussianMixtureState
{
    private static readonly double LogTwoPi = Math.Log(2 * Math.PI);

    private GaussianMixtureState(GaussianMixtureParameters parameters, double[] logWeights, double[] precisionFactors, double[] logDeterminants)
    {
        Parameters = parameters;
        _logWeights = logWeights;
        _precisionFactors = precisionFactors;
        _logDeterminants = logDeterminants;
    }

    private readonly double[] _logWeights;

    /// <summary>Per component: full, the inverse of the lower Cholesky factor of the covariance (d × d, lower); diagonal, 1 / σ.</summary>
    private readonly double[] _precisionFactors;

    /// <summary>Per component, log det of the precision Cholesky factor (scikit-learn's <c>log_det</c>).</summary>
    private readonly double[] _logDeterminants;

    internal GaussianMixtureParameters Parameters { get; }

    /// <exception cref="ArgumentException">A covariance is not positive definite.</exception>
    internal static GaussianMixtureState Create(GaussianMixtureParameters parameters)
    {
        var k = parameters.NumberOfComponents;
        var d = parameters.Dimensions;
        var full = parameters.Covariance == CovarianceType.Full;
        var logWeights = parameters.WeightsArray.Select(w => Math.Log(w)).ToArray();
        var factors = new double[k * (full ? d * d : d)];
        var logDeterminants = new double[k];
        var lower = new double[d * d];
        for (var c = 0; c < k; c++)
        {
            var covariance = parameters.CovarianceOf(c);
            if (full)
            {
                // Cholesky: covariance = L Lᵀ, L lower.
                Array.Clear(lower);
                for (var j = 0; j < d; j++)
                {
                    var diagonal = covariance[(j * d) + j];
                    for (var m = 0; m < j; m++)
                    {
                        diagonal -= lower[(j * d) + m] * lower[(j * d) + m];
                    }
                    if (!(diagonal > 0))
                    {
                        throw Singular(c);
                    }
                    var pivot = Math.Sqrt(diagonal);
                    lower[(j * d) + j] = pivot;
                    for (var i = j + 1; i < d; i++)
                    {
                        var value = covariance[(i * d) + j];
                        for (var m = 0; m < j; m++)
                        {
                            value -= lower[(i * d) + m] * lower[(j * d) + m];
                        }
                        lower[(i * d) + j] = value / pivot;
                    }
                }
                // Inverse of L by forward substitution, column by column: L X = I.
                var inverse = factors.AsSpan(c * d * d, d * d);
                for (var column = 0; column < d; column++)
                {
                    for (var i = column; i < d; i++)
                    {
                        var value = i == column ? 1.0 : 0.0;
                        for (var m = column; m < i; m++)
                        {
                            value -= lower[(i * d) + m] * inverse[(m * d) + column];
                        }
                        inverse[(i * d) + column] = value / lower[(i * d) + i];
                    }
                }
                var logDeterminant = 0.0;
                for (var j = 0; j < d; j++)
                {
                    logDeterminant += Math.Log(inverse[(j * d) + j]);
                }
                logDeterminants[c] = logDeterminant;
            }
            else
            {
                var logDeterminant = 0.0;
                for (var j = 0; j < d; j++)
                {
                    if (!(covariance[j] > 0))
                    {
                        throw Singular(c);
                    }
                    var factor = 1.0 / Math.Sqrt(covariance[j]);
                    factors[(c * d) + j] = factor;
                    logDeterminant += Math.Log(factor);
                }
                logDeterminants[c] = logDeterminant;
            }
        }
        return new GaussianMixtureState(parameters, logWeights, factors, logDeterminants);
    }

    private static ArgumentException Singular(int component) => new(
        $"Component {component}'s covariance is not positive definite (a component collapsed onto too few distinct rows). "
        + "Try fewer components, a larger RegularisationCovariance, or standardised features.");

    /// <summary>
    /// Writes log(w_c) + log N(x | μ_c, Σ_c) for every component into <paramref name="log"/> and returns their
    /// log-sum-exp, log p(x). <paramref name="difference"/> is scratch of length d.
    /// </summary>
    internal double LogWeightedDensities(ReadOnlySpan<double> x, Span<double> log, Span<double> difference)
    {
        var parameters = Parameters;
        var k = parameters.NumberOfComponents;
        var d = parameters.Dimensions;
        var full = parameters.Covariance == CovarianceType.Full;
        var constant = d * LogTwoPi;
        var maximum = double.NegativeInfinity;
        for (var c = 0; c < k; c++)
        {
            var mean = parameters.Mean(c);
            for (var j = 0; j < d; j++)
            {
                difference[j] = x[j] - mean[j];
            }
            var squares = 0.0;
            if (full)
            {
                var factor = _precisionFactors.AsSpan(c * d * d, d * d);
                for (var i = 0; i < d; i++)
                {
                    var y = 0.0;
                    var row = factor.Slice(i * d, i + 1);
                    for (var m = 0; m <= i; m++)
                    {
                        y += row[m] * difference[m];
                    }
                    squares += y * y;
                }
            }
            else
            {
                var factor = _precisionFactors.AsSpan(c * d, d);
                for (var j = 0; j < d; j++)
                {
                    var y = difference[j] * factor[j];
                    squares += y * y;
                }
            }
            var value = _logWeights[c] + (-0.5 * (constant + squares)) + _logDeterminants[c];
            log[c] = value;
            maximum = Math.Max(maximum, value);
        }
        var total = 0.0;
        for (var c = 0; c < k; c++)
        {
            total += Math.Exp(log[c] - maximum);
        }
        return maximum + Math.Log(total);
    }
}
