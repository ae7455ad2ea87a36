namespace Clientele.Segmentation;

/// <summary>
/// Squared Euclidean distances, always summed feature by feature in column order,
/// <c>((x₀ − c₀)² + (x₁ − c₁)²) + …</c>, so that the bulk kernel (<see cref="DistanceTile"/>) and the single-pair
/// <see cref="Squared"/> give bit-for-bit the same value and agree on every nearest-centroid decision.
/// </summary>
internal static class KMeansDistance
{
    /// <summary>Squared Euclidean distance of one pair, in the same order and rounding as <see cref="DistanceTile"/>.</summary>
    internal static double Squared(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        var total = 0.0;
        for (var j = 0; j < x.Length; j++)
        {
            var difference = x[j] - y[j];
            total += difference * difference;
        }
        return total;
    }

    /// <summary>
    /// The index of the centroid nearest to <paramref name="point"/> (ties go to the lower index) and the squared
    /// distance to it. <paramref name="centroids"/> is row-major, k × d.
    /// </summary>
    internal static int Nearest(ReadOnlySpan<double> point, ReadOnlySpan<double> centroids, int numberOfClusters, out double squaredDistance)
    {
        var dimensions = point.Length;
        var best = 0;
        var bestDistance = Squared(point, centroids[..dimensions]);
        for (var c = 1; c < numberOfClusters; c++)
        {
            var d = Squared(point, centroids.Slice(c * dimensions, dimensions));
            if (d < bestDistance)
            {
                bestDistance = d;
                best = c;
            }
        }
        squaredDistance = bestDistance;
        return best;
    }
}
