namespace Clientele.Segmentation;

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
