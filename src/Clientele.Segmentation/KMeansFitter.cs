using System.Numerics.Tensors;
using Clientele.Core;

namespace Clientele.Segmentation;

/// <summary>
/// Fits k-means: <see cref="KMeansOptions.NumberOfRestarts"/> runs of greedy k-means++ seeding followed by Lloyd
/// iterations, keeping the run with the lowest inertia (ties keep the earlier run). The result depends only on the
/// data and the options, not on the number of threads.
/// </summary>
/// <param name="options">The settings; validated by <see cref="Fit"/>.</param>
public sealed class KMeansFitter(KMeansOptions options)
{
    private readonly KMeansOptions _options = options ?? throw new ArgumentNullException(nameof(options));

    /// <summary>How each seeding is iterated; the place where Hamerly, Elkan or mini-batch would be chosen.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1859", Justification = "The interface is the extension point for further algorithms.")]
    private readonly IKMeansRefiner _refiner = KMeansLloyd.Instance;

    /// <summary>Fits the model to the rows of <paramref name="data"/>.</summary>
    /// <exception cref="ArgumentException">
    /// The options are invalid, <paramref name="data"/> has fewer rows than clusters, or holds a NaN or infinity.
    /// </exception>
    public KMeansModel Fit(FeatureMatrix data)
    {
        ArgumentNullException.ThrowIfNull(data);
        _options.Validate();
        var k = _options.NumberOfClusters;
        if (data.Rows < k)
        {
            throw new ArgumentException(
                $"k-means with {k} clusters needs at least {k} rows, got {data.Rows}.", nameof(data));
        }
        if (!TensorPrimitives.IsFiniteAll(data.Values))
        {
            throw new ArgumentException("The data holds a NaN or infinite value; k-means needs finite values.", nameof(data));
        }

        var tolerance = _options.OptimizationTolerance * MeanFeatureVariance(data);
        var workspace = new KMeansWorkspace(data, k);

        var centroids = new double[k * data.Columns];
        var bestCentroids = new double[k * data.Columns];
        var bestLabels = new int[data.Rows];
        var bestInertia = double.PositiveInfinity;
        var bestIterations = 0;

        // Each restart gets its own stream, derived in order from the seed.
        var seeds = new Random(_options.Seed);
        for (var restart = 0; restart < _options.NumberOfRestarts; restart++)
        {
            var random = new Random(seeds.Next());
            KMeansPlusPlus.Seed(workspace, random, centroids);
            var run = _refiner.Refine(workspace, centroids, _options.MaximumNumberOfIterations, tolerance);
            if (restart == 0 || run.Inertia < bestInertia)
            {
                bestInertia = run.Inertia;
                bestIterations = run.Iterations;
                centroids.CopyTo(bestCentroids, 0);
                workspace.Labels.CopyTo(bestLabels, 0);
            }
        }

        return new KMeansModel(bestCentroids, k, data.Columns, bestInertia, bestIterations, bestLabels);
    }

    /// <summary>The mean over features of the population variance of each feature (numpy's <c>np.var(X, axis=0).mean()</c>).</summary>
    internal static double MeanFeatureVariance(FeatureMatrix data)
    {
        if (data.Rows == 0)
        {
            return 0.0;
        }
        var columns = data.Columns;
        var mean = new double[columns];
        for (var i = 0; i < data.Rows; i++)
        {
            TensorPrimitives.Add(mean, data.Row(i), mean);
        }
        TensorPrimitives.Divide(mean, data.Rows, mean);

        var deviation = new double[columns];
        var squares = new double[columns];
        for (var i = 0; i < data.Rows; i++)
        {
            TensorPrimitives.Subtract(data.Row(i), mean, deviation);
            TensorPrimitives.MultiplyAdd(deviation, deviation, squares, squares);
        }
        return TensorPrimitives.Sum<double>(squares) / ((double)data.Rows * columns);
    }
}
