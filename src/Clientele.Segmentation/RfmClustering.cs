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

/// <summary>A clustering of customers on their RFM features, numbered 1…k from the highest mean monetary value down.</summary>
/// <param name="Outcome">Clusters, centroids (log1p, then standardised space) and quality measures.</param>
/// <param name="Scaling">The standardisation of the log features, to place new customers.</param>
/// <param name="Labels">Each cluster's short description (index = id − 1), from its centroid; see <see cref="RfmClustering.DescribeCentroid"/>.</param>
public sealed record RfmClusteringResult(ClusteringOutcome Outcome, FeatureScaling Scaling, IReadOnlyList<string> Labels)
{
    /// <summary>The columns of the clustering space: <see cref="RfmClustering.FeatureNames"/>, then any extra features (text interests).</summary>
    public IReadOnlyList<string> FeatureNames { get; init; } = RfmClustering.FeatureNames;

    public int K => Outcome.K;

    public IReadOnlyList<int> ClusterOf => Outcome.ClusterOf;

    public IReadOnlyList<int> Sizes => Outcome.Sizes;

    public double Inertia => Outcome.Inertia;

    public double Silhouette => Outcome.Silhouette;

    public IReadOnlyList<double[]> Centroids => Outcome.Centroids;

    public KSelectionResult? Selection => Outcome.Selection;
}

/// <summary>
/// Clusters customers on recency, frequency and monetary after log1p (monetary floored at 0 first, since returns can make
/// it negative) and standardisation, so that no feature dominates by its units and long tails do not make the clusters.
/// Cluster ids are stable for a seed: 1 is the cluster with the highest mean monetary value.
/// </summary>
public static class RfmClustering
{
    public static readonly IReadOnlyList<string> FeatureNames = ["recency_days", "frequency", "monetary"];

    /// <summary>k-means with the options' k (or k chosen by silhouette).</summary>
    public static RfmClusteringResult Fit(ReadOnlySpan<double> recencyDays, ReadOnlySpan<double> frequency, ReadOnlySpan<double> monetary, RfmClusteringOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return Fit(recencyDays, frequency, monetary, new ClusteringRequest
        {
            Method = ClusteringMethod.KMeans,
            NumberOfClusters = options.NumberOfClusters,
            MinimumK = options.MinimumK,
            MaximumK = options.MaximumK,
            NumberOfRestarts = options.NumberOfRestarts,
            Seed = options.Seed,
            SilhouetteSampleSize = options.SilhouetteSampleSize,
        });
    }

    /// <summary>Any clustering method on the transformed RFM features.</summary>
    public static RfmClusteringResult Fit(ReadOnlySpan<double> recencyDays, ReadOnlySpan<double> frequency, ReadOnlySpan<double> monetary, ClusteringRequest request) =>
        Fit(recencyDays, frequency, monetary, request, extraFeatures: null);

    /// <summary>
    /// Any clustering method on the transformed RFM features and <paramref name="extraFeatures"/> (one row per customer,
    /// for example the principal components of their text interests), each extra column standardised like the RFM ones
    /// but not log-transformed. Labels still describe value, recency and frequency.
    /// </summary>
    public static RfmClusteringResult Fit(
        ReadOnlySpan<double> recencyDays, ReadOnlySpan<double> frequency, ReadOnlySpan<double> monetary, ClusteringRequest request, FeatureMatrix? extraFeatures)
    {
        ArgumentNullException.ThrowIfNull(request);
        var n = recencyDays.Length;
        if (frequency.Length != n || monetary.Length != n)
        {
            throw new ArgumentException("recency, frequency and monetary must have one value per customer each.");
        }
        if (extraFeatures is not null && extraFeatures.Rows != n)
        {
            throw new ArgumentException($"The extra features have {extraFeatures.Rows} rows; expected one per customer ({n}).", nameof(extraFeatures));
        }
        var extra = extraFeatures?.Columns ?? 0;
        var d = 3 + extra;
        var transformed = new double[n * d];
        var value = new double[n];
        for (var i = 0; i < n; i++)
        {
            transformed[d * i] = Math.Log(1 + Math.Max(recencyDays[i], 0));
            transformed[(d * i) + 1] = Math.Log(1 + Math.Max(frequency[i], 0));
            transformed[(d * i) + 2] = Math.Log(1 + Math.Max(monetary[i], 0));
            extraFeatures?.Row(i).CopyTo(transformed.AsSpan((d * i) + 3, extra));
            value[i] = monetary[i];
        }
        IReadOnlyList<string> names = extraFeatures is null ? FeatureNames : [.. FeatureNames, .. extraFeatures.ColumnNames];
        var scaling = FeatureScaling.Standardise(transformed, n, d);
        var outcome = CustomerClustering.Cluster(new FeatureMatrix(transformed, n, d, names), request, value);
        return new RfmClusteringResult(outcome, scaling, outcome.Centroids.Select(c => DescribeCentroid(c, scaling)).ToArray()) { FeatureNames = names };
    }

    /// <summary>
    /// A short label from a centroid in standardised log space: value, recency and frequency, each as
    /// high/low when the centroid is more than half a standard deviation from the average customer. With the scaling,
    /// a cluster whose customers all bought exactly once (mean log1p(frequency) = log 2, the least it can be for a
    /// customer with a purchase) is "one-off" however close that is to the average: on a shop where nearly everyone buys
    /// once, half a standard deviation is a sliver, and "occasional" would claim repeat purchases no one made.
    /// </summary>
    public static string DescribeCentroid(ReadOnlySpan<double> centroid, FeatureScaling? scaling = null)
    {
        const double Threshold = 0.5;
        static string Pick(double z, string high, string middle, string low) => z > Threshold ? high : z < -Threshold ? low : middle;
        var value = Pick(centroid[2], "high value", "mid value", "low value");
        var recency = Pick(centroid[0], "lapsed", "lapsing", "recent");
        var frequency = Pick(centroid[1], "frequent", "occasional", "one-off");
        if (scaling is not null && (centroid[1] * scaling.StandardDeviation[1]) + scaling.Mean[1] <= Math.Log(2) + 1e-9)
        {
            frequency = "one-off";
        }
        return $"{value}, {recency}, {frequency}";
    }
}
