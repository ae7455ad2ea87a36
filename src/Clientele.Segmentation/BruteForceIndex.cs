namespace Clientele.Segmentation;

/// <summary>Every query scans every point: O(n) per query, for tests and for high dimensions with few points.</summary>
internal sealed class BruteForceIndex(double[] points, int rows, int dimensions) : SpatialIndex(points, rows, dimensions)
{
    internal override void VisitWithin<TVisitor>(ReadOnlySpan<double> point, double radius, ref TVisitor visitor)
    {
        var radiusSquared = radius * radius;
        var points = Points.AsSpan();
        for (var i = 0; i < Rows; i++)
        {
            if (KMeansDistance.Squared(point, points.Slice(i * Dimensions, Dimensions)) <= radiusSquared && !visitor.Visit(i))
            {
                return;
            }
        }
    }
}
