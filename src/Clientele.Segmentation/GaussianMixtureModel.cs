using System.Text.Json;
using Clientele.Core;

namespace Clientele.Segmentation;

/// <summary>
/// A fitted Gaussian mixture: the parameters, the training labels (most probable component of each row), the
/// log-likelihood of the training rows and the Bayesian information criterion. A new point gets soft membership from
/// <see cref="PredictProbabilities(ReadOnlySpan{double})"/> and a hard label from <see cref="Predict(ReadOnlySpan{double})"/>.
/// </summary>
/// <remarks>
/// JSON parameters: <c>covariance</c> (<c>Full</c> or <c>Diagonal</c>), <c>weights</c>, <c>means</c> (k rows of d),
/// <c>covariances</c> (k rows of d × d row-major or of d variances), <c>logLikelihood</c>, <c>trainingRows</c>,
/// <c>iterations</c>, <c>converged</c>.
/// </remarks>
public sealed class GaussianMixtureModel : ClusteringModel
{
    /// <summary>The <see cref="ClusteringModel.Method"/> of a Gaussian mixture model.</summary>
    public const string MethodName = "gaussian-mixture";

    private readonly GaussianMixtureState _state;

    internal GaussianMixtureModel(GaussianMixtureState state, int[] labels, double logLikelihood, int trainingRows, int iterations, bool converged)
        : base(state.Parameters.NumberOfComponents, state.Parameters.Dimensions, labels)
    {
        _state = state;
        LogLikelihood = logLikelihood;
        TrainingRows = trainingRows;
        Iterations = iterations;
        Converged = converged;
    }

    /// <inheritdoc/>
    public override string Method => MethodName;

    /// <summary>Gets the weights, means and covariances.</summary>
    public GaussianMixtureParameters Parameters => _state.Parameters;

    /// <summary>Gets the total log-likelihood of the training rows under the final parameters (natural log).</summary>
    public double LogLikelihood { get; }

    /// <summary>Gets the mean log-likelihood per training row (scikit-learn's <c>score(X)</c> on the training data).</summary>
    public double AverageLogLikelihood => LogLikelihood / TrainingRows;

    /// <summary>Gets the number of training rows.</summary>
    public int TrainingRows { get; }

    /// <summary>Gets the number of EM iterations of the kept run.</summary>
    public int Iterations { get; }

    /// <summary>Gets whether the kept run stopped on the tolerance rather than on the iteration limit.</summary>
    public bool Converged { get; }

    /// <summary>
    /// Gets the Bayesian information criterion on the training rows (scikit-learn's <c>bic(X)</c>):
    /// <c>−2 · log-likelihood + p · ln n</c>, with p = <see cref="GaussianMixtureParameters.NumberOfParameters"/>. Lower is better.
    /// </summary>
    public double BayesianInformationCriterion => (-2 * LogLikelihood) + (Parameters.NumberOfParameters * Math.Log(TrainingRows));

    /// <summary>
    /// A model of the given parameters evaluated on <paramref name="data"/> without fitting (0 iterations): its labels,
    /// log-likelihood and BIC are those of <paramref name="data"/> under the parameters.
    /// </summary>
    /// <exception cref="ArgumentException">The data does not match the parameters, holds a NaN or infinity, or a covariance is not positive definite.</exception>
    public static GaussianMixtureModel Evaluate(GaussianMixtureParameters parameters, FeatureMatrix data)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(data);
        if (data.Columns != parameters.Dimensions)
        {
            throw new ArgumentException($"Expected data with {parameters.Dimensions} features, got {data.Columns}.", nameof(data));
        }
        ClusteringInput.CheckFinite(data, "A Gaussian mixture");
        var state = GaussianMixtureState.Create(parameters);
        var model = new GaussianMixtureModel(state, [], 0, 1, 0, false);
        var labels = model.Predict(data);
        var logLikelihood = model.ScoreSamples(data).Sum();
        return new GaussianMixtureModel(state, labels, logLikelihood, data.Rows, 0, false);
    }

    /// <summary>The most probable component of <paramref name="point"/> (ties go to the lower index).</summary>
    public override int Predict(ReadOnlySpan<double> point)
    {
        CheckPoint(point);
        var k = NumberOfClusters;
        Span<double> log = k <= 128 ? stackalloc double[k] : new double[k];
        Span<double> difference = Dimensions <= 128 ? stackalloc double[Dimensions] : new double[Dimensions];
        _state.LogWeightedDensities(point, log, difference);
        var best = 0;
        for (var c = 1; c < k; c++)
        {
            if (log[c] > log[best])
            {
                best = c;
            }
        }
        return best;
    }

    /// <summary>The posterior probability of each component for <paramref name="point"/> (soft membership; sums to 1).</summary>
    public double[] PredictProbabilities(ReadOnlySpan<double> point)
    {
        var result = new double[NumberOfClusters];
        PredictProbabilities(point, result);
        return result;
    }

    /// <summary>Writes the posterior probability of each component for <paramref name="point"/> into <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException">The point or destination has the wrong length.</exception>
    public void PredictProbabilities(ReadOnlySpan<double> point, Span<double> destination)
    {
        CheckPoint(point);
        if (destination.Length != NumberOfClusters)
        {
            throw new ArgumentException($"Expected a destination of {NumberOfClusters} values, got {destination.Length}.", nameof(destination));
        }
        Span<double> difference = Dimensions <= 128 ? stackalloc double[Dimensions] : new double[Dimensions];
        var normaliser = _state.LogWeightedDensities(point, destination, difference);
        for (var c = 0; c < destination.Length; c++)
        {
            destination[c] = Math.Exp(destination[c] - normaliser);
        }
    }

    /// <summary>The posterior probabilities of every row of <paramref name="data"/>, row-major (n × k).</summary>
    public double[] PredictProbabilities(FeatureMatrix data)
    {
        CheckColumns(data);
        var k = NumberOfClusters;
        var result = new double[data.Rows * k];
        Parallel.For(0, (data.Rows + KMeansWorkspace.BlockSize - 1) / KMeansWorkspace.BlockSize, block =>
        {
            var end = Math.Min(data.Rows, (block + 1) * KMeansWorkspace.BlockSize);
            for (var i = block * KMeansWorkspace.BlockSize; i < end; i++)
            {
                PredictProbabilities(data.Row(i), result.AsSpan(i * k, k));
            }
        });
        return result;
    }

    /// <summary>The log-likelihood log p(x) of every row of <paramref name="data"/> (scikit-learn's <c>score_samples</c>).</summary>
    public double[] ScoreSamples(FeatureMatrix data)
    {
        CheckColumns(data);
        var result = new double[data.Rows];
        var k = NumberOfClusters;
        Parallel.For(
            0,
            (data.Rows + KMeansWorkspace.BlockSize - 1) / KMeansWorkspace.BlockSize,
            () => (Log: new double[k], Difference: new double[Dimensions]),
            (block, _, scratch) =>
            {
                var end = Math.Min(data.Rows, (block + 1) * KMeansWorkspace.BlockSize);
                for (var i = block * KMeansWorkspace.BlockSize; i < end; i++)
                {
                    result[i] = _state.LogWeightedDensities(data.Row(i), scratch.Log, scratch.Difference);
                }
                return scratch;
            },
            _ => { });
        return result;
    }

    /// <summary>The mean log-likelihood per row of <paramref name="data"/> (scikit-learn's <c>score</c>).</summary>
    public double Score(FeatureMatrix data) => ScoreSamples(data).Average();

    private protected override void WriteParameters(Utf8JsonWriter writer)
    {
        var parameters = Parameters;
        writer.WriteString("covariance", parameters.Covariance.ToString());
        ClusteringModelJson.WriteArray(writer, "weights", parameters.WeightsArray);
        ClusteringModelJson.WriteMatrix(writer, "means", parameters.MeansArray, Dimensions);
        ClusteringModelJson.WriteMatrix(writer, "covariances", parameters.CovariancesArray, parameters.CovarianceLength);
        writer.WriteNumber("logLikelihood", LogLikelihood);
        writer.WriteNumber("trainingRows", TrainingRows);
        writer.WriteNumber("iterations", Iterations);
        writer.WriteBoolean("converged", Converged);
    }

    internal static GaussianMixtureModel ReadJson(JsonElement root, int dimensions, int numberOfClusters, int[] labels)
    {
        if (!Enum.TryParse<CovarianceType>(root.GetProperty("covariance").GetString(), out var covariance) || !Enum.IsDefined(covariance))
        {
            throw new FormatException($"Unknown covariance type \"{root.GetProperty("covariance").GetString()}\".");
        }
        if (numberOfClusters < 1 || labels.Contains(-1))
        {
            throw new FormatException("A Gaussian mixture needs at least one component and no noise labels.");
        }
        var weights = ClusteringModelJson.DoubleArray(root, "weights");
        var means = ClusteringModelJson.Matrix(root, "means", numberOfClusters, dimensions);
        var covarianceLength = covariance == CovarianceType.Full ? dimensions * dimensions : dimensions;
        var covariances = ClusteringModelJson.Matrix(root, "covariances", numberOfClusters, covarianceLength);
        GaussianMixtureParameters parameters;
        try
        {
            parameters = new GaussianMixtureParameters(
                covariance,
                weights,
                Enumerable.Range(0, numberOfClusters).Select(c => means.AsSpan(c * dimensions, dimensions).ToArray()).ToArray(),
                Enumerable.Range(0, numberOfClusters).Select(c => covariances.AsSpan(c * covarianceLength, covarianceLength).ToArray()).ToArray());
            var state = GaussianMixtureState.Create(parameters);
            return new GaussianMixtureModel(
                state,
                labels,
                ClusteringModelJson.Double(root, "logLikelihood"),
                ClusteringModelJson.Int(root, "trainingRows"),
                ClusteringModelJson.Int(root, "iterations"),
                root.GetProperty("converged").GetBoolean());
        }
        catch (ArgumentException exception)
        {
            throw new FormatException($"Invalid Gaussian mixture parameters: {exception.Message}", exception);
        }
    }
}
