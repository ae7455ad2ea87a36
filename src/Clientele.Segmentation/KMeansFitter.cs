using Clientele.Core;

namespace Clientele.Segmentation;

/// <summary>
/// Fits k-means: <see cref="KMeansOptions.NumberOfRestarts"/> runs of greedy k-means++ seeding followed by Lloyd
/// iterations (or Hamerly's when <see cref="KMeansOptions.Algorithm"/> says so), keeping the run
/// with the lowest inertia (ties keep the earlier run). The result depends only on the data and the options, not on
/// the number of threads.
/// </summary>
/// <param name="options">The settings; validated by <see cref="Fit(FeatureMatrix)"/>.</param>
public sealed class KMeansFitter(KMeansOptions options) : IClusterer
{
    private readonly KMeansOptions _options = options ?? throw new ArgumentNullException(nameof(options));

    /// <summary>Fits the model to the rows of <paramref name="data"/>.</summary>
    /// <exception cref="ArgumentException">
    /// The options are invalid, or <paramref name="data"/> has fewer than two rows, fewer rows than clusters, a NaN or
    /// infinity, or only identical rows while k &gt; 1.
    /// </exception>
    public KMeansModel Fit(FeatureMatrix data)
    {
        ArgumentNullException.ThrowIfNull(data);
        _options.Validate();
        var k = _options.NumberOfClusters;
        ClusteringInput.Check(data, "k-means", k);
        var refiner = Refiner;

        var workspace = new KMeansWorkspace(data, k);
        var tolerance = _options.OptimizationTolerance * workspace.MeanFeatureVariance();

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
            var run = refiner.Refine(workspace, centroids, _options.MaximumNumberOfIterations, tolerance);
            if (restart == 0 || run.Inertia < bestInertia)
            {
                bestInertia = run.Inertia;
                bestIterations = run.Iterations;
                centroids.CopyTo(bestCentroids, 0);
                workspace.Labels.CopyTo(bestLabels, 0);
            }
        }

        return new KMeansModel(KMeansModel.LloydMethodName, bestCentroids, k, data.Columns, bestInertia, bestIterations, bestLabels);
    }

    /// <summary>
    /// Runs k-means once from <paramref name="initialCentroids"/> (row-major, k × d) instead of k-means++ seedings
    /// (scikit-learn's <c>KMeans(init=centres, n_init=1)</c>); <see cref="KMeansOptions.NumberOfRestarts"/> and
    /// <see cref="KMeansOptions.Seed"/> are not used.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// As <see cref="Fit(FeatureMatrix)"/>, or the initial centroids are not k × d finite values.
    /// </exception>
    public KMeansModel Fit(FeatureMatrix data, IReadOnlyList<double> initialCentroids)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(initialCentroids);
        _options.Validate();
        var k = _options.NumberOfClusters;
        ClusteringInput.Check(data, "k-means", k);
        if (initialCentroids.Count != k * data.Columns || !initialCentroids.All(double.IsFinite))
        {
            throw new ArgumentException(
                $"Expected {k} × {data.Columns} = {k * data.Columns} finite initial centroid values, got {initialCentroids.Count}.", nameof(initialCentroids));
        }
        var centroids = initialCentroids.ToArray();
        var workspace = new KMeansWorkspace(data, k);
        var run = Refiner.Refine(workspace, centroids, _options.MaximumNumberOfIterations, _options.OptimizationTolerance * workspace.MeanFeatureVariance());
        return new KMeansModel(KMeansModel.LloydMethodName, centroids, k, data.Columns, run.Inertia, run.Iterations, (int[])workspace.Labels.Clone());
    }

    ClusteringModel IClusterer.Fit(FeatureMatrix data) => Fit(data);

    private IKMeansRefiner Refiner => _options.Algorithm == KMeansAlgorithm.Hamerly ? KMeansHamerly.Instance : KMeansLloyd.Instance;
}
