namespace Clientele.Segmentation;

/// <summary>The spatial index DBSCAN uses for its ε-neighbourhood queries.</summary>
public enum DbscanIndex
{
    /// <summary>A grid (cells of side ε) for at most 4 dimensions, a k-d tree above.</summary>
    Automatic,

    /// <summary>A grid with cells of side ε; at most 4 dimensions.</summary>
    Grid,

    /// <summary>A k-d tree with median splits.</summary>
    KdTree,

    /// <summary>No index: every query scans every row (O(n²) in all; for checking the others).</summary>
    BruteForce,
}
