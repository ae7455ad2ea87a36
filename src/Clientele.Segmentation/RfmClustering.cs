using Clientele.Core;

namespace Clientele.Segmentation;

/// <summary>How to cluster customers on their RFM features.</summary>
public sealed record RfmClusteringOptions
{
    /// <summary>A fixed number of clusters, or null to choose it by silhouette between <see cref="MinimumK"/> and <see cref="MaximumK"/>.</summary>
    /// <value>The default value is null (choose automatically).</value>
    public int? NumberOfClusters { get; init; }

    /// <value>The default value is 2.</value>
    public int MinimumK { get; init; } = 2;

    /// <value>The default value is 10.</value>
    public int MaximumK { get; init; } = 10;

    /// <value>The default value is 10.</value>
    public int NumberOfRestarts { get; init; } = 10;

    /// <value>The default value is 42.</value>
    public int Seed { get; init; } = 42;

    /// <summary>The silhouette is computed on a seeded sample of this many customers when there are more.</summary>
    /// <value>The default value is 5000.</value>
    public int SilhouetteSampleSize { get; init; } = 5000;

    public void Validate()
    {
        if (NumberOfClusters is < 1)
        {
            throw new ArgumentException($"The number of clusters must be at least 1 (got {NumberOfClusters}).");
        }
        if (MinimumK < 2 || MaximumK < MinimumK)
        {
            throw new ArgumentException($"Automatic k needs 2 ≤ minimum k ≤ maximum k (got {MinimumK}..{MaximumK}).");
        }
        if (NumberOfRestarts < 1)
        {
            throw new ArgumentException($"At least one restart is needed (got {NumberOfRestarts}).");
        }
        if (SilhouetteSampleSize < 10)
        {
            throw new ArgumentException($"The silhouette sample needs at least 10 customers (got {SilhouetteSampleSize}).");
        }
    }
}

/// <summary>The clusters of an RFM clustering, numbered 1…k from the highest mean monetary value down.</summary>
/// <param name="ClusterOf">Each customer's cluster (1-based), in input order.</param>
/// <param name="Centroids">Centroids in the clustering space (log1p, then standardised), cluster-major, renumbered.</param>
/// <param name="Selection">The table that chose k, or null when k was fixed.</param>
/// <param name="Silhouette">Mean silhouette of the final clustering (sampled as in the options).</param>
/// <param name="Labels">Each cluster's short description (index = id − 1), from its centroid; see <see cref="RfmClustering.DescribeCentroid"/>.</param>
public sealed record RfmClusteringResult(
    int K,
    IReadOnlyList<int> ClusterOf,
    double Inertia,
    double Silhouette,
    IReadOnlyList<double[]> Centroids,
    FeatureScaling Scaling,
    KSelectionResult? Selection,
    IReadOnlyList<string> Labels)
{
    /// <summary>Customers per cluster (index = id − 1).</summary>
    public IReadOnlyList<int> Sizes => Enumerable.Range(1, K).Select(id => ClusterOf.Count(c => c == id)).ToArray();
}

/// <summary>
/// k-means on recency, frequency and monetary after log1p (monetary floored at 0 first, since returns can make it
/// negative) and standardisation, so that no feature dominates by its units and long tails do not make the clusters.
/// Cluster ids are stable for a seed: 1 is the cluster with the highest mean monetary value.
/// </summary>
public static class RfmClustering
{
    public static readonly IReadOnlyList<string> FeatureNames = ["recency_days", "frequency", "monetary"];

    public static RfmClusteringResult Fit(ReadOnlySpan<double> recencyDays, ReadOnlySpan<double> frequency, ReadOnlySpan<double> monetary, RfmClusteringOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var n = recencyDays.Length;
        if (frequency.Length != n || monetary.Length != n)
        {
            throw new ArgumentException("recency, frequency and monetary must have one value per customer each.");
        }
        var k = options.NumberOfClusters;
        if (n < Math.Max(k ?? options.MinimumK, 2))
        {
            throw new ClienteleException($"Too few customers ({n}) to form {k ?? options.MinimumK} clusters.");
        }

        var original = new double[n * 3];
        var transformed = new double[n * 3];
        for (var i = 0; i < n; i++)
        {
            original[3 * i] = recencyDays[i];
            original[(3 * i) + 1] = frequency[i];
            original[(3 * i) + 2] = monetary[i];
            transformed[3 * i] = Math.Log(1 + Math.Max(recencyDays[i], 0));
            transformed[(3 * i) + 1] = Math.Log(1 + Math.Max(frequency[i], 0));
            transformed[(3 * i) + 2] = Math.Log(1 + Math.Max(monetary[i], 0));
        }
        var scaling = FeatureScaling.Standardise(transformed, n, 3);
        var space = new FeatureMatrix(transformed, n, 3, FeatureNames);

        // Lloyd runs until no customer changes cluster (tolerance 0): customers number thousands, not millions,
        // and a fully converged restart never has a higher inertia than the same restart stopped early.
        var baseOptions = new KMeansOptions
        {
            NumberOfClusters = k ?? options.MinimumK,
            NumberOfRestarts = options.NumberOfRestarts,
            Seed = options.Seed,
            OptimizationTolerance = 0,
        };
        KSelectionResult? selection = null;
        if (k is null)
        {
            var maxK = Math.Min(options.MaximumK, n - 1);
            selection = KSelection.ChooseBySilhouette(space, baseOptions, options.MinimumK, Math.Max(maxK, options.MinimumK), options.SilhouetteSampleSize);
            k = selection.ChosenK;
        }
        var model = new KMeansFitter(baseOptions with { NumberOfClusters = k.Value }).Fit(space);

        // Renumber: 1 = highest mean monetary, ties by size, so ids do not depend on the fitter's internal order.
        var order = Enumerable.Range(0, k.Value)
            .Select(c => (Cluster: c, Rows: Enumerable.Range(0, n).Where(i => model.Labels[i] == c).ToArray()))
            .OrderByDescending(c => c.Rows.Length == 0 ? double.NegativeInfinity : c.Rows.Average(i => original[(3 * i) + 2]))
            .ThenByDescending(c => c.Rows.Length)
            .Select(c => c.Cluster)
            .ToArray();
        var newId = new int[k.Value];
        for (var rank = 0; rank < order.Length; rank++)
        {
            newId[order[rank]] = rank + 1;
        }
        var clusterOf = model.Labels.Select(c => newId[c]).ToArray();
        var centroids = order.Select(c => model.Centroid(c).ToArray()).ToArray();
        var silhouette = k.Value < 2 ? double.NaN : ClusterQuality.Silhouette(space, model.Labels, options.SilhouetteSampleSize, options.Seed);
        var labels = centroids.Select(c => DescribeCentroid(c)).ToArray();
        return new RfmClusteringResult(k.Value, clusterOf, model.Inertia, silhouette, centroids, scaling, selection, labels);
    }

    /// <summary>
    /// A short label from a centroid in standardised log space: value, recency and frequency, each as
    /// high/low when the centroid is more than half a standard deviation from the average customer.
    /// </summary>
    public static string DescribeCentroid(ReadOnlySpan<double> centroid)
    {
        const double Threshold = 0.5;
        static string Pick(double z, string high, string middle, string low) => z > Threshold ? high : z < -Threshold ? low : middle;
        var value = Pick(centroid[2], "high value", "mid value", "low value");
        var recency = Pick(centroid[0], "lapsed", "lapsing", "recent");
        var frequency = Pick(centroid[1], "frequent", "occasional", "one-off");
        return $"{value}, {recency}, {frequency}";
    }
}
