using System.Numerics;

namespace Clientele.Segmentation;

/// <summary>Hamerly's per-point bounds and per-centroid quantities, allocated once per fit.</summary>
internal sealed class HamerlyBounds
{
    internal HamerlyBounds(int rows, int numberOfClusters, int dimensions, double margin)
    {
        Upper = new double[rows];
        Lower = new double[rows];
        Drift = new double[numberOfClusters];
        HalfSeparation = new double[numberOfClusters];
        Margin = margin;
        PaddedClusters = (numberOfClusters + Vector<double>.Count - 1) / Vector<double>.Count * Vector<double>.Count;
        TransposedCentroids = new double[dimensions * PaddedClusters];
        // Padding lanes sit at infinity: their distance is infinite and never the nearest or second nearest.
        Array.Fill(TransposedCentroids, double.PositiveInfinity);
    }

    /// <summary>The number of clusters rounded up to a whole number of vectors.</summary>
    internal int PaddedClusters { get; }

    /// <summary>The centroids feature-major (d × <see cref="PaddedClusters"/>), for the vectorised full scan.</summary>
    internal double[] TransposedCentroids { get; }

    /// <summary>Per row, an upper bound on the distance to its own centroid.</summary>
    internal double[] Upper { get; }

    /// <summary>Per row, a lower bound on the distance to every other centroid.</summary>
    internal double[] Lower { get; }

    /// <summary>Per centroid, the distance it moved in the last update.</summary>
    internal double[] Drift { get; }

    internal double[] HalfSeparation { get; }

    internal double LargestDrift { get; set; }

    internal int LargestDriftCluster { get; set; } = -1;

    internal double SecondLargestDrift { get; set; }

    /// <summary>The safety margin of a skip (see <see cref="KMeansHamerly"/>).</summary>
    internal double Margin { get; }
}
