using Clientele.Core;

namespace Clientele.Segmentation;

/// <summary>
/// Settings for <see cref="MiniBatchKMeansFitter"/>. The defaults follow scikit-learn 1.2's <c>MiniBatchKMeans</c>
/// (<c>batch_size=1024</c>, <c>max_iter=100</c>, <c>max_no_improvement=10</c>, <c>n_init=3</c>,
/// <c>init_size=3 × batch_size</c>).
/// </summary>
public sealed record MiniBatchKMeansOptions
{
    /// <summary>Gets the number of clusters k to fit.</summary>
    /// <value>Required; at least 1 and at most the number of rows of the data.</value>
    public required int NumberOfClusters { get; init; }

    /// <summary>Gets the number of rows drawn (with replacement) for each update step.</summary>
    /// <value>The default value is 1024.</value>
    public int BatchSize { get; init; } = 1024;

    /// <summary>
    /// Gets the maximum number of passes over the data; the number of steps is at most
    /// <c>ceiling(MaximumNumberOfIterations × rows / BatchSize)</c> (scikit-learn's <c>max_iter</c>).
    /// </summary>
    /// <value>The default value is 100.</value>
    public int MaximumNumberOfIterations { get; init; } = 100;

    /// <summary>
    /// Gets how many consecutive steps without a new minimum of the smoothed batch inertia stop the fit
    /// (scikit-learn's <c>max_no_improvement</c>); the smoothing weight of a batch is <c>2 × BatchSize / (rows + 1)</c>.
    /// </summary>
    /// <value>The default value is 10.</value>
    public int MaximumNoImprovement { get; init; } = 10;

    /// <summary>
    /// Gets how many k-means++ seedings are tried, each on its own random sample of <see cref="InitialisationSize"/>
    /// rows; the one with the lowest inertia on a further random sample of that size is kept (scikit-learn's <c>n_init</c>).
    /// </summary>
    /// <value>The default value is 3.</value>
    public int NumberOfInitialisations { get; init; } = 3;

    /// <summary>Gets the number of rows each seeding is drawn from, or null for 3 × <see cref="BatchSize"/> (at least 3k, at most all rows).</summary>
    /// <value>The default value is null.</value>
    public int? InitialisationSize { get; init; }

    /// <summary>Gets the seed of every random draw (samples, seedings, batches). The same seed gives the same model.</summary>
    /// <value>The default value is 42.</value>
    public int Seed { get; init; } = 42;

    /// <summary>Throws <see cref="ArgumentException"/> when a setting is out of range.</summary>
    /// <exception cref="ArgumentException">A setting is out of range; the message names it and its valid range.</exception>
    public void Validate()
    {
        Require(NumberOfClusters >= 1, nameof(NumberOfClusters), $"at least 1, got {NumberOfClusters}");
        Require(BatchSize >= 1, nameof(BatchSize), $"at least 1, got {BatchSize}");
        Require(MaximumNumberOfIterations >= 1, nameof(MaximumNumberOfIterations), $"at least 1, got {MaximumNumberOfIterations}");
        Require(MaximumNoImprovement >= 1, nameof(MaximumNoImprovement), $"at least 1, got {MaximumNoImprovement}");
        Require(NumberOfInitialisations >= 1, nameof(NumberOfInitialisations), $"at least 1, got {NumberOfInitialisations}");
        Require(InitialisationSize is null or >= 1, nameof(InitialisationSize), $"null or at least 1, got {InitialisationSize}");
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
/// Mini-batch k-means (D. Sculley, "Web-scale k-means clustering", WWW 2010): each step draws a batch of rows with
/// replacement, assigns them to the nearest centre, and moves each centre to the running mean of all rows ever
/// assigned to it (per-centre learning rate 1 / count). Seeded with greedy k-means++ on a random sample, as
/// scikit-learn's <c>MiniBatchKMeans</c>. The final labels and inertia are those of every row against the final
/// centres. Deterministic for a seed: the steps run in order, and only the final assignment is parallel.
/// </summary>
/// <remarks>
/// Memory beyond the data: the batch (BatchSize × d) and the seeding sample; no copy of the data. Centres that no
/// batch ever reaches stay where they were seeded (scikit-learn would re-seed them).
/// </remarks>
/// <param name="options">The settings; validated by <see cref="Fit"/>.</param>
public sealed class MiniBatchKMeansFitter(MiniBatchKMeansOptions options) : IClusterer
{
    private readonly MiniBatchKMeansOptions _options = options ?? throw new ArgumentNullException(nameof(options));

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
        ClusteringInput.Check(data, "Mini-batch k-means", k);
        var rows = data.Rows;
        var dimensions = data.Columns;
        var random = new Random(_options.Seed);

        var centres = Seed(data, random);

        // Steps, each on a batch drawn with replacement.
        var batchSize = _options.BatchSize;
        var batchValues = new double[batchSize * dimensions];
        var batch = new FeatureMatrix(batchValues, batchSize, dimensions);
        var tile = new DistanceTile(dimensions, k);
        var batchSums = new double[k * dimensions];
        var batchCounts = new long[k];
        var counts = new long[k];
        var maximumSteps = (int)Math.Min(int.MaxValue, Math.Ceiling((double)_options.MaximumNumberOfIterations * rows / batchSize));
        var smoothing = Math.Min(1.0, 2.0 * batchSize / (rows + 1.0));
        var smoothed = 0.0;
        var smoothedMinimum = double.PositiveInfinity;
        var withoutImprovement = 0;
        var steps = 0;
        while (steps < maximumSteps)
        {
            for (var b = 0; b < batchSize; b++)
            {
                data.Row(random.Next(rows)).CopyTo(batchValues.AsSpan(b * dimensions, dimensions));
            }
            Array.Clear(batchSums);
            Array.Clear(batchCounts);
            var batchInertia = 0.0;
            for (var start = 0; start < batchSize; start += DistanceTile.Size)
            {
                var count = Math.Min(DistanceTile.Size, batchSize - start);
                tile.Load(batch, start, count);
                tile.Compute(centres, k);
                tile.FindNearest(k);
                for (var r = 0; r < count; r++)
                {
                    var label = tile.NearestCentre[r];
                    batchInertia += tile.NearestSquared[r];
                    var sum = batchSums.AsSpan(label * dimensions, dimensions);
                    var row = batch.Row(start + r);
                    for (var j = 0; j < dimensions; j++)
                    {
                        sum[j] += row[j];
                    }
                    batchCounts[label]++;
                }
            }
            for (var c = 0; c < k; c++)
            {
                if (batchCounts[c] == 0)
                {
                    continue;
                }
                var centre = centres.AsSpan(c * dimensions, dimensions);
                var sum = batchSums.AsSpan(c * dimensions, dimensions);
                var total = counts[c] + batchCounts[c];
                for (var j = 0; j < dimensions; j++)
                {
                    centre[j] = ((centre[j] * counts[c]) + sum[j]) / total;
                }
                counts[c] = total;
            }
            steps++;

            // Early stop on the smoothed mean squared distance of the batches (measured before each update).
            batchInertia /= batchSize;
            smoothed = steps == 1 ? batchInertia : (smoothed * (1 - smoothing)) + (batchInertia * smoothing);
            if (steps == 1)
            {
                continue;
            }
            if (smoothed < smoothedMinimum)
            {
                smoothedMinimum = smoothed;
                withoutImprovement = 0;
            }
            else if (++withoutImprovement >= _options.MaximumNoImprovement)
            {
                break;
            }
        }

        var labels = KMeansModel.NearestCentroids(data, centres, k, out var inertia);
        return new KMeansModel(KMeansModel.MiniBatchMethodName, centres, k, dimensions, inertia, steps, labels);
    }

    ClusteringModel IClusterer.Fit(FeatureMatrix data) => Fit(data);

    /// <summary>
    /// The best of <see cref="MiniBatchKMeansOptions.NumberOfInitialisations"/> k-means++ seedings, each on its own
    /// sample, judged by inertia on a common validation sample.
    /// </summary>
    private double[] Seed(FeatureMatrix data, Random random)
    {
        var k = _options.NumberOfClusters;
        var size = _options.InitialisationSize ?? (3 * _options.BatchSize);
        size = Math.Min(data.Rows, Math.Max(size, 3 * k));
        var validation = data.SelectRows(ClusterQuality.SampleRows(data.Rows, size, random.Next()));
        double[]? best = null;
        var bestInertia = double.PositiveInfinity;
        for (var attempt = 0; attempt < _options.NumberOfInitialisations; attempt++)
        {
            var sample = data.SelectRows(ClusterQuality.SampleRows(data.Rows, size, random.Next()));
            var centres = new double[k * data.Columns];
            KMeansPlusPlus.Seed(new KMeansWorkspace(sample, k), new Random(random.Next()), centres);
            KMeansModel.NearestCentroids(validation, centres, k, out var inertia);
            if (best is null || inertia < bestInertia)
            {
                best = centres;
                bestInertia = inertia;
            }
        }
        return best!;
    }
}
