using System.Text.Json;
using Clientele.Core;

namespace Clientele.Segmentation;

/// <summary>
/// A fitted k-means model (from <see cref="KMeansFitter"/>): centroids as
/// fitted (cluster ids are not reordered), the training labels and inertia of the best restart. A new point goes to
/// the nearest centroid. Immutable.
/// </summary>
/// <remarks>JSON parameters: <c>inertia</c>, <c>iterations</c> and <c>centroids</c> (k rows of d numbers).</remarks>
public sealed class KMeansModel : ClusteringModel
{
    /// <summary>The <see cref="ClusteringModel.Method"/> of a model fitted by <see cref="KMeansFitter"/>.</summary>
    public const string LloydMethodName = "kmeans";

    private readonly double[] _centroids;

    internal KMeansModel(string method, double[] centroidsRowMajor, int numberOfClusters, int dimensions, double inertia, int iterations, int[] labels)
        : base(numberOfClusters, dimensions, labels)
    {
        Method = method;
        _centroids = centroidsRowMajor;
        Inertia = inertia;
        Iterations = iterations;
    }

    /// <inheritdoc/>
    public override string Method { get; }

    /// <summary>Gets the sum of squared Euclidean distances of the training rows to their centroid, for the best restart.</summary>
    public double Inertia { get; }

    /// <summary>
    /// Gets the number of iterations the best restart ran (Lloyd or Hamerly iterations).
    /// </summary>
    public int Iterations { get; }

    /// <summary>The centroid of <paramref name="cluster"/> (a view on the model, length <see cref="ClusteringModel.Dimensions"/>).</summary>
    public ReadOnlySpan<double> Centroid(int cluster)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cluster);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(cluster, NumberOfClusters);
        return _centroids.AsSpan(cluster * Dimensions, Dimensions);
    }

    /// <summary>A copy of all centroids, row-major: <see cref="ClusteringModel.NumberOfClusters"/> × <see cref="ClusteringModel.Dimensions"/>.</summary>
    public double[] CentroidsRowMajor() => (double[])_centroids.Clone();

    /// <summary>The cluster whose centroid is nearest to <paramref name="point"/> (ties go to the lower cluster id).</summary>
    public override int Predict(ReadOnlySpan<double> point)
    {
        CheckPoint(point);
        return KMeansDistance.Nearest(point, _centroids, NumberOfClusters, out _);
    }

    /// <summary>The nearest cluster of every row of <paramref name="data"/> (vectorised, in parallel).</summary>
    public override int[] Predict(FeatureMatrix data)
    {
        CheckColumns(data);
        return NearestCentroids(data, _centroids, NumberOfClusters);
    }

    /// <summary>The nearest of <paramref name="numberOfClusters"/> centroids for every row, with the tile kernel.</summary>
    internal static int[] NearestCentroids(FeatureMatrix data, double[] centroids, int numberOfClusters) =>
        NearestCentroids(data, centroids, numberOfClusters, out _);

    /// <summary>
    /// The nearest of <paramref name="numberOfClusters"/> centroids for every row, with the tile kernel, in parallel,
    /// and the sum of the squared distances to them (per block in row order, then blocks in order: deterministic).
    /// </summary>
    internal static int[] NearestCentroids(FeatureMatrix data, double[] centroids, int numberOfClusters, out double inertia)
    {
        var result = new int[data.Rows];
        var blocks = (data.Rows + KMeansWorkspace.BlockSize - 1) / KMeansWorkspace.BlockSize;
        var blockInertia = new double[blocks];
        Parallel.For(
            0,
            blocks,
            () => new DistanceTile(data.Columns, numberOfClusters),
            (block, state, tile) =>
            {
                var end = Math.Min(data.Rows, (block + 1) * KMeansWorkspace.BlockSize);
                var sum = 0.0;
                for (var start = KMeansWorkspace.BlockStart(block); start < end; start += DistanceTile.Size)
                {
                    var count = Math.Min(DistanceTile.Size, end - start);
                    tile.Load(data, start, count);
                    tile.Compute(centroids, numberOfClusters);
                    tile.FindNearest(numberOfClusters);
                    tile.NearestCentre.AsSpan(0, count).CopyTo(result.AsSpan(start, count));
                    for (var r = 0; r < count; r++)
                    {
                        sum += tile.NearestSquared[r];
                    }
                }
                blockInertia[block] = sum;
                return tile;
            },
            _ => { });
        inertia = KMeansLloyd.SumInOrder(blockInertia);
        return result;
    }

    private protected override void WriteParameters(Utf8JsonWriter writer)
    {
        writer.WriteNumber("inertia", Inertia);
        writer.WriteNumber("iterations", Iterations);
        ClusteringModelJson.WriteMatrix(writer, "centroids", _centroids, Dimensions);
    }

    internal static KMeansModel ReadJson(JsonElement root, string method, int dimensions, int numberOfClusters, int[] labels)
    {
        if (numberOfClusters < 1 || labels.Contains(-1))
        {
            throw new FormatException("A k-means model needs at least one cluster and no noise labels.");
        }
        var centroids = ClusteringModelJson.Matrix(root, "centroids", numberOfClusters, dimensions);
        return new KMeansModel(
            method,
            centroids,
            numberOfClusters,
            dimensions,
            ClusteringModelJson.Double(root, "inertia"),
            ClusteringModelJson.Int(root, "iterations"),
            labels);
    }
}
