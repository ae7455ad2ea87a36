namespace Clientele.Segmentation;

/// <summary>
/// Fixed-radius neighbour queries over a fixed set of points (row-major, n × d): every point whose squared Euclidean
/// distance to the query is at most the squared radius, in no particular order.
/// </summary>
internal abstract class SpatialIndex
{
    private protected SpatialIndex(double[] points, int rows, int dimensions)
    {
        Points = points;
        Rows = rows;
        Dimensions = dimensions;
    }

    /// <summary>The indexed points in the index's own order (row-major).</summary>
    private protected double[] Points { get; }

    internal int Rows { get; }

    internal int Dimensions { get; }

    /// <summary>Visits every indexed point within <paramref name="radius"/> of <paramref name="point"/> (distance² ≤ radius²).</summary>
    internal abstract void VisitWithin<TVisitor>(ReadOnlySpan<double> point, double radius, ref TVisitor visitor)
        where TVisitor : struct, INeighbourVisitor;

    /// <summary>
    /// The index for radius queries of at most <paramref name="radius"/>: a grid when asked (or, automatically, for at
    /// most <see cref="GridIndex.MaximumDimensions"/> dimensions and coordinates the grid can hold), else a k-d tree,
    /// or brute force when asked.
    /// </summary>
    internal static SpatialIndex Create(double[] rowMajor, int rows, int dimensions, double radius, DbscanIndex kind)
    {
        switch (kind)
        {
            case DbscanIndex.BruteForce:
                return new BruteForceIndex(rowMajor, rows, dimensions);
            case DbscanIndex.KdTree:
                return new KdTree(rowMajor, rows, dimensions);
            case DbscanIndex.Grid:
                return GridIndex.TryCreate(rowMajor, rows, dimensions, radius)
                    ?? throw new ArgumentException(
                        $"A grid index needs at most {GridIndex.MaximumDimensions} dimensions and coordinates below 1e6 × epsilon; use {nameof(DbscanIndex.Automatic)}.");
            default:
                return GridIndex.TryCreate(rowMajor, rows, dimensions, radius) ?? (SpatialIndex)new KdTree(rowMajor, rows, dimensions);
        }
    }
}
