using Clientele.Core;

namespace Clientele.Segmentation;

/// <summary>How to cluster customers: the method, its options, and the range of k to choose from.</summary>
public sealed record ClusteringRequest
{
    /// <value>The default value is <see cref="ClusteringMethod.KMeans"/>.</value>
    public ClusteringMethod Method { get; init; } = ClusteringMethod.KMeans;

    /// <summary>A fixed number of clusters (components for a mixture), or null to choose it (not used by DBSCAN).</summary>
    /// <value>The default value is null: silhouette for k-means and hierarchical, BIC for a mixture.</value>
    public int? NumberOfClusters { get; init; }

    /// <value>The default value is 3.</value>
    public int MinimumK { get; init; } = 3;

    /// <value>The default value is 10.</value>
    public int MaximumK { get; init; } = 10;

    /// <value>The default value is 10.</value>
    public int NumberOfRestarts { get; init; } = 10;

    /// <value>The default value is <see cref="RandomSeed.Default"/>.</value>
    public int Seed { get; init; } = RandomSeed.Default;

    /// <summary>The silhouette (and Davies–Bouldin) are computed on a seeded sample of this many rows when there are more.</summary>
    /// <value>The default value is 5000.</value>
    public int SilhouetteSampleSize { get; init; } = 5000;

    /// <value>The default value is <see cref="Segmentation.Linkage.Ward"/>.</value>
    public Linkage Linkage { get; init; } = Linkage.Ward;

    /// <summary>Hierarchical clustering builds its dendrogram on a seeded sample of at most this many customers and assigns the rest.</summary>
    /// <value>The default value is 20,000.</value>
    public int SampleLimit { get; init; } = 20_000;

    /// <summary>DBSCAN's neighbourhood radius, or null to suggest one from the k-distance curve.</summary>
    /// <value>The default value is null.</value>
    public double? Epsilon { get; init; }

    /// <value>The default value is 5.</value>
    public int MinimumPoints { get; init; } = 5;

    /// <value>The default value is <see cref="CovarianceType.Full"/>.</value>
    public CovarianceType Covariance { get; init; } = CovarianceType.Full;
}
