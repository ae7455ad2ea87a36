using Clientele.Core;

namespace Clientele.Segmentation;

/// <summary>Proposes DBSCAN's ε from the data's k-distance curve (Ester et al. 1996, section 4.2).</summary>
public static class DbscanEpsilon
{
    /// <summary>
    /// Suggests ε: the value at the knee of the k-distance curve (<see cref="KDistances"/>, sorted ascending), found as
    /// the point farthest below the chord from the curve's first point to its last, with both axes scaled to [0, 1]
    /// (the "kneedle" rule of Satopää et al. 2011). Below the knee lie the rows inside clusters; above it the sparse
    /// rows that should be noise. Use <c>k = MinimumPoints − 1</c> (the neighbourhood count includes the row itself).
    /// </summary>
    /// <exception cref="ArgumentException">
    /// k is below 1 or not below the number of rows, the data holds a NaN or infinity, or every row's k-th neighbour is
    /// at distance 0 (too many duplicate rows for this k).
    /// </exception>
    public static double Suggest(FeatureMatrix data, int k)
    {
        var distances = KDistances(data, k);
        var positions = new double[distances.Length];
        for (var i = 0; i < positions.Length; i++)
        {
            positions[i] = i;
        }
        var knee = Knee.Index(positions, distances);
        var epsilon = distances[knee];
        if (epsilon <= 0)
        {
            epsilon = distances[^1];
        }
        if (epsilon <= 0)
        {
            throw new ArgumentException(
                $"Every row has its {k}-th nearest neighbour at distance 0 (duplicate rows), so no ε can be suggested; use a larger k.", nameof(data));
        }
        return epsilon;
    }

    /// <summary>
    /// The k-distance curve: for every row, the Euclidean distance to its k-th nearest other row, sorted ascending
    /// (k-d tree queries, in parallel).
    /// </summary>
    /// <exception cref="ArgumentException">k is below 1 or not below the number of rows, or the data holds a NaN or infinity.</exception>
    public static double[] KDistances(FeatureMatrix data, int k)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (k < 1)
        {
            throw new ArgumentException($"k must be at least 1, got {k}.", nameof(k));
        }
        if (k >= data.Rows)
        {
            throw new ArgumentException($"k ({k}) must be below the number of rows ({data.Rows}).", nameof(k));
        }
        ClusteringInput.CheckFinite(data, "The k-distance curve");
        var rows = data.Rows;
        var dimensions = data.Columns;
        var values = data.Values.ToArray();
        var tree = new KdTree(values, rows, dimensions);
        var result = new double[rows];
        var blocks = (rows + KMeansWorkspace.BlockSize - 1) / KMeansWorkspace.BlockSize;
        Parallel.For(
            0,
            blocks,
            () => (Indices: new int[k + 1], Distances: new double[k + 1]),
            (block, _, scratch) =>
            {
                var end = Math.Min(rows, (block + 1) * KMeansWorkspace.BlockSize);
                for (var i = block * KMeansWorkspace.BlockSize; i < end; i++)
                {
                    // The k + 1 nearest include the row itself (or a duplicate) at distance 0.
                    tree.Nearest(values.AsSpan(i * dimensions, dimensions), scratch.Indices, scratch.Distances);
                    result[i] = Math.Sqrt(scratch.Distances[k]);
                }
                return scratch;
            },
            _ => { });
        Array.Sort(result);
        return result;
    }
}
