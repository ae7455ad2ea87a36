namespace Clientele.Segmentation;

/// <summary>
/// The knee (or elbow) of a curve, by the largest distance below its chord: both axes are scaled to [0, 1], the chord
/// joins the first point to the last, and the knee is the point farthest below it (Satopää et al. 2011, "Kneedle").
/// For an increasing convex curve (a sorted k-distance curve) that is where it turns upward; for a decreasing convex
/// one (inertia against k) where it flattens.
/// </summary>
internal static class Knee
{
    /// <summary>
    /// The index of the knee of the points (<paramref name="x"/>[i], <paramref name="y"/>[i]), x ascending. Ties go to
    /// the lower index; with fewer than three points, or none strictly below the chord, 0.
    /// </summary>
    internal static int Index(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        var n = x.Length;
        if (n < 3)
        {
            return 0;
        }
        var xRange = x[n - 1] - x[0];
        var yMinimum = double.PositiveInfinity;
        var yMaximum = double.NegativeInfinity;
        foreach (var value in y)
        {
            yMinimum = Math.Min(yMinimum, value);
            yMaximum = Math.Max(yMaximum, value);
        }
        var yRange = yMaximum - yMinimum;
        if (xRange <= 0 || yRange <= 0)
        {
            return 0;
        }
        var first = (y[0] - yMinimum) / yRange;
        var last = (y[n - 1] - yMinimum) / yRange;
        var best = 0;
        var bestGap = 0.0;
        for (var i = 1; i < n - 1; i++)
        {
            var position = (x[i] - x[0]) / xRange;
            var chord = first + ((last - first) * position);
            var gap = chord - ((y[i] - yMinimum) / yRange);
            if (gap > bestGap)
            {
                bestGap = gap;
                best = i;
            }
        }
        return best;
    }
}
