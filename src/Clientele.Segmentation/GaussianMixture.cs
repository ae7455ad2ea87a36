using System.Text.Json;
using Clientele.Core;

namespace Clientele.Segmentation;

/// <summary>The shape of each component's covariance matrix.</summary>
public enum CovarianceType
{
    /// <summary>A full covariance matrix per component: d(d + 1) / 2 parameters each.</summary>
    Full,

    /// <summary>A diagonal covariance matrix per component (features independent within a component): d parameters each.</summary>
    Diagonal,
}

/// <summary>
/// Settings for <see cref="GaussianMixtureFitter"/>. The defaults follow scikit-learn's <c>GaussianMixture</c>
/// (<c>covariance_type='full'</c>, <c>max_iter=100</c>, <c>tol=1e-3</c>, <c>n_init=1</c>, <c>reg_covar=1e-6</c>,
/// <c>init_params='kmeans'</c>).
/// </summary>
public sealed record GaussianMixtureOptions
{
    /// <summary>Gets the number of mixture components k.</summary>
    /// <value>Required; at least 1 and at most the number of rows.</value>
    public required int NumberOfComponents { get; init; }

    /// <summary>Gets the covariance shape.</summary>
    /// <value>The default value is <see cref="CovarianceType.Full"/>.</value>
    public CovarianceType Covariance { get; init; } = CovarianceType.Full;

    /// <summary>Gets the maximum number of EM iterations per restart.</summary>
    /// <value>The default value is 100.</value>
    public int MaximumNumberOfIterations { get; init; } = 100;

    /// <summary>
    /// Gets the convergence threshold: EM stops when the mean log-likelihood per row changes by less than this between
    /// iterations (scikit-learn's <c>tol</c>).
    /// </summary>
    /// <value>The default value is 1e-3.</value>
    public double Tolerance { get; init; } = 1e-3;

    /// <summary>Gets how many times EM is run, each from its own k-means initialisation; the run with the highest final lower bound is kept.</summary>
    /// <value>The default value is 1.</value>
    public int Restarts { get; init; } = 1;

    /// <summary>Gets the seed from which each restart's k-means seed is derived.</summary>
    /// <value>The default value is 42.</value>
    public int Seed { get; init; } = 42;

    /// <summary>
    /// Gets the value added to the diagonal of every covariance matrix, which keeps them positive definite (for example
    /// with a constant feature; scikit-learn's <c>reg_covar</c>).
    /// </summary>
    /// <value>The default value is 1e-6.</value>
    public double RegularisationCovariance { get; init; } = 1e-6;

    /// <summary>Throws <see cref="ArgumentException"/> when a setting is out of range.</summary>
    /// <exception cref="ArgumentException">A setting is out of range; the message names it and its valid range.</exception>
    public void Validate()
    {
        Require(NumberOfComponents >= 1, nameof(NumberOfComponents), $"at least 1, got {NumberOfComponents}");
        Require(Enum.IsDefined(Covariance), nameof(Covariance), $"Full or Diagonal, got {(int)Covariance}");
        Require(MaximumNumberOfIterations >= 1, nameof(MaximumNumberOfIterations), $"at least 1, got {MaximumNumberOfIterations}");
        Require(double.IsFinite(Tolerance) && Tolerance >= 0, nameof(Tolerance), $"a finite number >= 0, got {Tolerance}");
        Require(Restarts >= 1, nameof(Restarts), $"at least 1, got {Restarts}");
        Require(
            double.IsFinite(RegularisationCovariance) && RegularisationCovariance >= 0,
            nameof(RegularisationCovariance),
            $"a finite number >= 0, got {RegularisationCovariance}");
    }

    private static void Require(bool condition, string name, string range)
    {
        if (!condition)
        {
            throw new ArgumentException($"{name} must be {range}.", name);
        }
    }
}

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

/// <summary>
/// Fits a Gaussian mixture by expectation–maximisation (Dempster, Laird &amp; Rubin 1977), as scikit-learn's
/// <c>GaussianMixture</c>: each restart starts from the responsibilities of a one-restart k-means; the E step works in
/// log space (per row, log-sum-exp over components; densities through the Cholesky factor of each precision matrix);
/// the M step re-estimates weights, means and covariances (plus <see cref="GaussianMixtureOptions.RegularisationCovariance"/>
/// on the diagonal); EM stops when the mean log-likelihood changes by less than the tolerance. Deterministic for any
/// number of threads (per-block sums added in block order).
/// </summary>
/// <param name="options">The settings; validated by <see cref="Fit(FeatureMatrix)"/>.</param>
public sealed class GaussianMixtureFitter(GaussianMixtureOptions options) : IClusterer
{
    /// <summary>Ten machine epsilons (numpy's <c>10 * np.finfo(float).eps</c>), added to each component's total responsibility.</summary>
    private const double Epsilon10 = 10 * 2.220446049250313e-16;

    private readonly GaussianMixtureOptions _options = options ?? throw new ArgumentNullException(nameof(options));

    /// <summary>Fits the mixture, keeping the best of <see cref="GaussianMixtureOptions.Restarts"/> EM runs.</summary>
    /// <exception cref="ArgumentException">
    /// The options are invalid; the data has fewer than two rows, fewer rows than components, a NaN or infinity, or
    /// only identical rows while k &gt; 1; or a covariance became singular (the message says what to try).
    /// </exception>
    public GaussianMixtureModel Fit(FeatureMatrix data)
    {
        ArgumentNullException.ThrowIfNull(data);
        _options.Validate();
        var k = _options.NumberOfComponents;
        ClusteringInput.Check(data, "A Gaussian mixture", k);
        var work = new EmWorkspace(data, k, _options.Covariance);
        var seeds = new Random(_options.Seed);
        EmRun? best = null;
        for (var restart = 0; restart < _options.Restarts; restart++)
        {
            var kMeans = new KMeansFitter(new KMeansOptions { NumberOfClusters = k, NumberOfRestarts = 1, Seed = seeds.Next() }).Fit(data);
            var responsibilities = work.Responsibilities;
            Array.Clear(responsibilities);
            for (var i = 0; i < data.Rows; i++)
            {
                responsibilities[(i * k) + kMeans.Labels[i]] = 1.0;
            }
            AccumulateFromResponsibilities(work);
            var initial = MaximisationStep(work);
            var run = Expectation(work, initial);
            if (best is null || run.LowerBound > best.LowerBound)
            {
                best = run;
            }
        }
        return Finish(work, best!);
    }

    /// <summary>
    /// Fits the mixture by EM from <paramref name="initial"/> (one run, no k-means; scikit-learn's <c>weights_init</c>,
    /// <c>means_init</c> and <c>precisions_init</c>). With <see cref="GaussianMixtureOptions.MaximumNumberOfIterations"/>
    /// = 1 this is a single EM step.
    /// </summary>
    /// <exception cref="ArgumentException">As <see cref="Fit(FeatureMatrix)"/>, or the parameters do not match the options or the data.</exception>
    public GaussianMixtureModel Fit(FeatureMatrix data, GaussianMixtureParameters initial)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(initial);
        _options.Validate();
        var k = _options.NumberOfComponents;
        ClusteringInput.Check(data, "A Gaussian mixture", k);
        if (initial.NumberOfComponents != k || initial.Dimensions != data.Columns || initial.Covariance != _options.Covariance)
        {
            throw new ArgumentException(
                $"The initial parameters have {initial.NumberOfComponents} {initial.Covariance} components of {initial.Dimensions} features; "
                + $"the options and data ask for {k} {_options.Covariance} components of {data.Columns}.",
                nameof(initial));
        }
        var work = new EmWorkspace(data, k, _options.Covariance);
        return Finish(work, Expectation(work, GaussianMixtureState.Create(initial)));
    }

    ClusteringModel IClusterer.Fit(FeatureMatrix data) => Fit(data);

    /// <summary>EM iterations from <paramref name="state"/> until the lower bound settles or the iterations run out.</summary>
    private EmRun Expectation(EmWorkspace work, GaussianMixtureState state)
    {
        var lowerBound = double.NegativeInfinity;
        var converged = false;
        var iterations = 0;
        for (var iteration = 1; iteration <= _options.MaximumNumberOfIterations; iteration++)
        {
            var previous = lowerBound;
            var logLikelihood = ExpectationStep(work, state, accumulate: true);
            state = MaximisationStep(work);
            lowerBound = logLikelihood / work.Data.Rows;
            iterations = iteration;
            if (Math.Abs(lowerBound - previous) < _options.Tolerance)
            {
                converged = true;
                break;
            }
        }
        return new EmRun(state, lowerBound, iterations, converged);
    }

    /// <summary>The final E step with the best parameters: labels and the log-likelihood of those parameters.</summary>
    private static GaussianMixtureModel Finish(EmWorkspace work, EmRun run)
    {
        var logLikelihood = ExpectationStep(work, run.State, accumulate: false);
        var k = work.Components;
        var labels = new int[work.Data.Rows];
        var responsibilities = work.Responsibilities;
        for (var i = 0; i < labels.Length; i++)
        {
            var best = 0;
            for (var c = 1; c < k; c++)
            {
                if (responsibilities[(i * k) + c] > responsibilities[(i * k) + best])
                {
                    best = c;
                }
            }
            labels[i] = best;
        }
        return new GaussianMixtureModel(run.State, labels, logLikelihood, work.Data.Rows, run.Iterations, run.Converged);
    }

    /// <summary>
    /// Responsibilities of every row under <paramref name="state"/> (into the workspace) and the total log-likelihood;
    /// with <paramref name="accumulate"/>, also the per-block sums the M step needs (Σ r, Σ r·x).
    /// </summary>
    private static double ExpectationStep(EmWorkspace work, GaussianMixtureState state, bool accumulate)
    {
        var data = work.Data;
        var k = work.Components;
        var d = data.Columns;
        var responsibilities = work.Responsibilities;
        var blockLogLikelihood = work.BlockLogLikelihood;
        Parallel.For(
            0,
            work.BlockCount,
            () => (Log: new double[k], Difference: new double[d]),
            (block, _, scratch) =>
            {
                var totals = work.BlockTotals[block];
                var sums = work.BlockSums[block];
                if (accumulate)
                {
                    Array.Clear(totals);
                    Array.Clear(sums);
                }
                var logLikelihood = 0.0;
                var end = Math.Min(data.Rows, (block + 1) * EmWorkspace.BlockSize);
                for (var i = block * EmWorkspace.BlockSize; i < end; i++)
                {
                    var row = data.Row(i);
                    var normaliser = state.LogWeightedDensities(row, scratch.Log, scratch.Difference);
                    logLikelihood += normaliser;
                    var r = responsibilities.AsSpan(i * k, k);
                    for (var c = 0; c < k; c++)
                    {
                        r[c] = Math.Exp(scratch.Log[c] - normaliser);
                    }
                    if (accumulate)
                    {
                        for (var c = 0; c < k; c++)
                        {
                            totals[c] += r[c];
                            var sum = sums.AsSpan(c * d, d);
                            for (var j = 0; j < d; j++)
                            {
                                sum[j] += r[c] * row[j];
                            }
                        }
                    }
                }
                blockLogLikelihood[block] = logLikelihood;
                return scratch;
            },
            _ => { });
        return KMeansLloyd.SumInOrder(blockLogLikelihood);
    }

    /// <summary>The per-block Σ r and Σ r·x of the responsibilities in the workspace (for the k-means start).</summary>
    private static void AccumulateFromResponsibilities(EmWorkspace work)
    {
        var data = work.Data;
        var k = work.Components;
        var d = data.Columns;
        Parallel.For(0, work.BlockCount, block =>
        {
            var totals = work.BlockTotals[block];
            var sums = work.BlockSums[block];
            Array.Clear(totals);
            Array.Clear(sums);
            var end = Math.Min(data.Rows, (block + 1) * EmWorkspace.BlockSize);
            for (var i = block * EmWorkspace.BlockSize; i < end; i++)
            {
                var row = data.Row(i);
                for (var c = 0; c < k; c++)
                {
                    var r = work.Responsibilities[(i * k) + c];
                    totals[c] += r;
                    var sum = sums.AsSpan(c * d, d);
                    for (var j = 0; j < d; j++)
                    {
                        sum[j] += r * row[j];
                    }
                }
            }
        });
    }

    /// <summary>
    /// The M step: weights Nk / Σ Nk, means Σ r·x / Nk, covariances Σ r (x − μ)(x − μ)ᵀ / Nk (a second pass with the
    /// new means) plus the regularisation on the diagonal; Nk carries scikit-learn's 10 ε against empty components.
    /// </summary>
    private GaussianMixtureState MaximisationStep(EmWorkspace work)
    {
        var data = work.Data;
        var k = work.Components;
        var d = data.Columns;
        var full = work.Covariance == CovarianceType.Full;
        var totals = new double[k];
        var means = new double[k * d];
        for (var block = 0; block < work.BlockCount; block++)
        {
            for (var c = 0; c < k; c++)
            {
                totals[c] += work.BlockTotals[block][c];
            }
            for (var index = 0; index < means.Length; index++)
            {
                means[index] += work.BlockSums[block][index];
            }
        }
        for (var c = 0; c < k; c++)
        {
            totals[c] += Epsilon10;
            for (var j = 0; j < d; j++)
            {
                means[(c * d) + j] /= totals[c];
            }
        }

        var covarianceLength = full ? d * d : d;
        Parallel.For(
            0,
            work.BlockCount,
            () => new double[d],
            (block, _, difference) =>
            {
                var scatter = work.BlockScatter[block];
                Array.Clear(scatter);
                var end = Math.Min(data.Rows, (block + 1) * EmWorkspace.BlockSize);
                for (var i = block * EmWorkspace.BlockSize; i < end; i++)
                {
                    var row = data.Row(i);
                    for (var c = 0; c < k; c++)
                    {
                        var r = work.Responsibilities[(i * k) + c];
                        var mean = means.AsSpan(c * d, d);
                        for (var j = 0; j < d; j++)
                        {
                            difference[j] = row[j] - mean[j];
                        }
                        var target = scatter.AsSpan(c * covarianceLength, covarianceLength);
                        if (full)
                        {
                            for (var a = 0; a < d; a++)
                            {
                                var weighted = r * difference[a];
                                for (var b = 0; b <= a; b++)
                                {
                                    target[(a * d) + b] += weighted * difference[b];
                                }
                            }
                        }
                        else
                        {
                            for (var j = 0; j < d; j++)
                            {
                                target[j] += r * difference[j] * difference[j];
                            }
                        }
                    }
                }
                return difference;
            },
            _ => { });

        var covariances = new double[k * covarianceLength];
        for (var block = 0; block < work.BlockCount; block++)
        {
            var scatter = work.BlockScatter[block];
            for (var index = 0; index < covariances.Length; index++)
            {
                covariances[index] += scatter[index];
            }
        }
        var regularisation = _options.RegularisationCovariance;
        for (var c = 0; c < k; c++)
        {
            var covariance = covariances.AsSpan(c * covarianceLength, covarianceLength);
            if (full)
            {
                for (var a = 0; a < d; a++)
                {
                    for (var b = 0; b <= a; b++)
                    {
                        var value = covariance[(a * d) + b] / totals[c];
                        covariance[(a * d) + b] = value;
                        covariance[(b * d) + a] = value;
                    }
                    covariance[(a * d) + a] += regularisation;
                }
            }
            else
            {
                for (var j = 0; j < d; j++)
                {
                    covariance[j] = (covariance[j] / totals[c]) + regularisation;
                }
            }
        }
        var weightSum = totals.Sum();
        var weights = totals.Select(t => t / weightSum).ToArray();
        return GaussianMixtureState.Create(new GaussianMixtureParameters(work.Covariance, d, weights, means, covariances));
    }

    private sealed record EmRun(GaussianMixtureState State, double LowerBound, int Iterations, bool Converged);

    /// <summary>Buffers of one fit: the n × k responsibilities and per-block partial sums.</summary>
    private sealed class EmWorkspace
    {
        internal const int BlockSize = 4096;

        internal EmWorkspace(FeatureMatrix data, int components, CovarianceType covariance)
        {
            Data = data;
            Components = components;
            Covariance = covariance;
            var d = data.Columns;
            BlockCount = (data.Rows + BlockSize - 1) / BlockSize;
            Responsibilities = new double[checked(data.Rows * components)];
            BlockLogLikelihood = new double[BlockCount];
            BlockTotals = new double[BlockCount][];
            BlockSums = new double[BlockCount][];
            BlockScatter = new double[BlockCount][];
            for (var b = 0; b < BlockCount; b++)
            {
                BlockTotals[b] = new double[components];
                BlockSums[b] = new double[components * d];
                BlockScatter[b] = new double[components * (covariance == CovarianceType.Full ? d * d : d)];
            }
        }

        internal FeatureMatrix Data { get; }

        internal int Components { get; }

        internal CovarianceType Covariance { get; }

        internal int BlockCount { get; }

        internal double[] Responsibilities { get; }

        internal double[] BlockLogLikelihood { get; }

        internal double[][] BlockTotals { get; }

        internal double[][] BlockSums { get; }

        internal double[][] BlockScatter { get; }
    }
}

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
