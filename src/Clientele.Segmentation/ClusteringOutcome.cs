namespace Clientele.Segmentation;

/// <summary>
/// A clustering of customers with ids numbered 1…k in a stable order (by a value per customer, highest first, or by
/// size), −1 for DBSCAN's noise, and its quality measures.
/// </summary>
/// <param name="ClusterOf">Each customer's cluster (1-based; −1 = noise), in input order.</param>
/// <param name="Centroids">Each cluster's mean in the clustering space (index = id − 1).</param>
/// <param name="Memberships">For a Gaussian mixture: each customer's probability per cluster (row-major, customers × k, renumbered); otherwise null.</param>
public sealed record ClusteringOutcome(
    ClusteringMethod Method,
    int K,
    IReadOnlyList<int> ClusterOf,
    IReadOnlyList<double[]> Centroids,
    double Inertia,
    double Silhouette,
    double DaviesBouldin,
    double CalinskiHarabasz,
    KSelectionResult? Selection,
    GaussianMixtureSelectionResult? MixtureSelection,
    double? Epsilon,
    double[]? Memberships,
    ClusteringModel Model)
{
    /// <summary>Customers per cluster (index = id − 1).</summary>
    public IReadOnlyList<int> Sizes => Enumerable.Range(1, K).Select(id => ClusterOf.Count(c => c == id)).ToArray();

    public int NoiseCount => ClusterOf.Count(c => c < 0);
}
