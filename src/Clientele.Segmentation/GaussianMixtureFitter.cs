using Clientele.Core;

namespace Clientele.Segmentation;

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
