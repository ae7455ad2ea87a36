namespace Clientele.Segmentation;

/// <summary>The clustering methods of <c>clientele segment --method</c>.</summary>
public enum ClusteringMethod
{
    KMeans,
    Hierarchical,
    Dbscan,
    GaussianMixture,
}
