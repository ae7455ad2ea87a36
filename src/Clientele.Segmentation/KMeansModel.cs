using Clientele.Core;

namespace Clientele.Segmentation;

/// <summary>
/// A fitted k-means model: centroids as fitted (cluster ids are not reordered), the training labels and inertia of the
/// best restart. Immutable.
/// </summary>
public sealed class KMeansModel
{
    private readonly double[] _centroids;

    internal KMeansModel(double[] centroidsRowMajor, int numberOfClusters, int dimensions, double inertia, int iterations, int[] labels)
    {
        _centroids = centroidsRowMajor;
        NumberOfClusters = numberOfClusters;
        Dimensions = dimensions;
        Inertia = inertia;
        Iterations = iterations;
        Labels = Array.AsReadOnly(labels);
    }

    public int NumberOfClusters { get; }

    /// <summary>Gets the number of features of each centroid (the number of columns of the training data).</summary>
    public int Dimensions { get; }

    /// <summary>Gets the sum of squared Euclidean distances of the training rows to their centroid, for the best restart.</summary>
    public double Inertia { get; }

    /// <summary>Gets the number of Lloyd iterations the best restart ran.</summary>
    public int Iterations { get; }

    /// <summary>Gets the cluster of each training row, in row order, for the best restart.</summary>
    public IReadOnlyList<int> Labels { get; }

    /// <summary>The centroid of <paramref name="cluster"/> (a view on the model, length <see cref="Dimensions"/>).</summary>
    public ReadOnlySpan<double> Centroid(int cluster)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cluster);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(cluster, NumberOfClusters);
        return _centroids.AsSpan(cluster * Dimensions, Dimensions);
    }

    /// <summary>A copy of all centroids, row-major: <see cref="NumberOfClusters"/> × <see cref="Dimensions"/>.</summary>
    public double[] CentroidsRowMajor() => (double[])_centroids.Clone();

    /// <summary>The cluster whose centroid is nearest to <paramref name="point"/> (ties go to the lower cluster id).</summary>
    public int Predict(ReadOnlySpan<double> point)
    {
        if (point.Length != Dimensions)
        {
            throw new ArgumentException($"Expected a point with {Dimensions} features, got {point.Length}.", nameof(point));
        }
        return KMeansDistance.Nearest(point, _centroids, NumberOfClusters, out _);
    }

    /// <summary>The nearest cluster of every row of <paramref name="data"/>.</summary>
    public int[] Predict(FeatureMatrix data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Columns != Dimensions)
        {
            throw new ArgumentException($"Expected data with {Dimensions} features, got {data.Columns}.", nameof(data));
        }
        var result = new int[data.Rows];
        var blocks = (data.Rows + KMeansWorkspace.BlockSize - 1) / KMeansWorkspace.BlockSize;
        Parallel.For(
            0,
            blocks,
            () => new DistanceTile(Dimensions, NumberOfClusters),
            (block, state, tile) =>
            {
                var end = Math.Min(data.Rows, (block + 1) * KMeansWorkspace.BlockSize);
                for (var start = KMeansWorkspace.BlockStart(block); start < end; start += DistanceTile.Size)
                {
                    var count = Math.Min(DistanceTile.Size, end - start);
                    tile.Load(data, start, count);
                    tile.Compute(_centroids, NumberOfClusters);
                    tile.FindNearest(NumberOfClusters);
                    tile.NearestCentre.AsSpan(0, count).CopyTo(result.AsSpan(start, count));
                }
                return tile;
            },
            _ => { });
        return result;
    }
}
