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

    /// <value>The default value is <see cref="RandomSeed.Default"/>.</value>
    public int Seed { get; init; } = RandomSeed.Default;

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
