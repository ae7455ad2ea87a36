using System.Text.Json;

namespace Clientele.Segmentation;

/// <summary>
/// A fitted hierarchical clustering: the dendrogram of the clustered rows (all, or a seeded sample), the cut, and the
/// label of every training row. A new point goes to the nearest cluster centroid (Ward; centroids of the clustered
/// rows) or to the cluster of the nearest clustered row (other linkages; ties to the lower row).
/// </summary>
/// <remarks>
/// JSON parameters: <c>linkage</c>, <c>cutHeight</c> (null when cut into k), <c>sampleIndices</c> (null when every row
/// was clustered), <c>merges</c> (rows of left, right, height, size), <c>clusteredLabels</c>, and <c>centroids</c> (Ward)
/// or <c>referencePoints</c> (the clustered rows; other linkages).
/// </remarks>
public sealed class HierarchicalModel : ClusteringModel
{
    /// <summary>The <see cref="ClusteringModel.Method"/> of a hierarchical model.</summary>
    public const string MethodName = "hierarchical";

    private readonly int[]? _sample;
    private readonly int[] _clusteredLabels;
    private readonly double[] _centroids;
    private readonly double[] _referencePoints;
    private readonly KdTree? _tree;

    internal HierarchicalModel(
        int numberOfClusters,
        int dimensions,
        int[] labels,
        Linkage linkage,
        Dendrogram dendrogram,
        double? cutHeight,
        int[]? sample,
        int[] clusteredLabels,
        double[] centroids,
        double[] referencePoints)
        : base(numberOfClusters, dimensions, labels)
    {
        Linkage = linkage;
        Dendrogram = dendrogram;
        CutHeight = cutHeight;
        _sample = sample;
        SampleIndices = sample is null ? null : Array.AsReadOnly(sample);
        _clusteredLabels = clusteredLabels;
        _centroids = centroids;
        _referencePoints = referencePoints;
        if (linkage != Linkage.Ward)
        {
            _tree = new KdTree(referencePoints, clusteredLabels.Length, dimensions);
        }
    }

    /// <summary>The mean of each cluster's rows (row-major, k × d).</summary>
    internal static double[] Centroids(double[] rows, int[] labels, int numberOfClusters, int dimensions)
    {
        var centroids = new double[numberOfClusters * dimensions];
        var counts = new int[numberOfClusters];
        for (var r = 0; r < labels.Length; r++)
        {
            var centroid = centroids.AsSpan(labels[r] * dimensions, dimensions);
            var row = rows.AsSpan(r * dimensions, dimensions);
            for (var j = 0; j < dimensions; j++)
            {
                centroid[j] += row[j];
            }
            counts[labels[r]]++;
        }
        for (var c = 0; c < numberOfClusters; c++)
        {
            for (var j = 0; j < dimensions; j++)
            {
                centroids[(c * dimensions) + j] /= counts[c];
            }
        }
        return centroids;
    }

    /// <inheritdoc/>
    public override string Method => MethodName;

    /// <summary>Gets the linkage the dendrogram was built with.</summary>
    public Linkage Linkage { get; }

    /// <summary>Gets the dendrogram of the clustered rows (leaf i is clustered row i: training row i, or <see cref="SampleIndices"/>[i]).</summary>
    public Dendrogram Dendrogram { get; }

    /// <summary>Gets the height the dendrogram was cut at, or null when it was cut into a number of clusters.</summary>
    public double? CutHeight { get; }

    /// <summary>Gets the training rows that were clustered (ascending), or null when all were.</summary>
    public IReadOnlyList<int>? SampleIndices { get; }

    /// <summary>The nearest cluster centroid (Ward) or the cluster of the nearest clustered row (other linkages).</summary>
    public override int Predict(ReadOnlySpan<double> point)
    {
        CheckPoint(point);
        if (_tree is null)
        {
            return KMeansDistance.Nearest(point, _centroids, NumberOfClusters, out _);
        }
        Span<int> nearest = stackalloc int[1];
        Span<double> distance = stackalloc double[1];
        _tree.Nearest(point, nearest, distance);
        return _clusteredLabels[nearest[0]];
    }

    private protected override void WriteParameters(Utf8JsonWriter writer)
    {
        writer.WriteString("linkage", Linkage.ToString());
        if (CutHeight is { } height)
        {
            writer.WriteNumber("cutHeight", height);
        }
        else
        {
            writer.WriteNull("cutHeight");
        }
        if (_sample is null)
        {
            writer.WriteNull("sampleIndices");
        }
        else
        {
            ClusteringModelJson.WriteArray(writer, "sampleIndices", _sample);
        }
        Dendrogram.Write(writer);
        ClusteringModelJson.WriteArray(writer, "clusteredLabels", _clusteredLabels);
        if (Linkage == Linkage.Ward)
        {
            ClusteringModelJson.WriteMatrix(writer, "centroids", _centroids, Dimensions);
        }
        else
        {
            ClusteringModelJson.WriteMatrix(writer, "referencePoints", _referencePoints, Dimensions);
        }
    }

    internal static HierarchicalModel ReadJson(JsonElement root, int dimensions, int numberOfClusters, int[] labels)
    {
        if (!Enum.TryParse<Linkage>(root.GetProperty("linkage").GetString(), out var linkage) || !Enum.IsDefined(linkage))
        {
            throw new FormatException($"Unknown linkage \"{root.GetProperty("linkage").GetString()}\".");
        }
        var cut = root.GetProperty("cutHeight");
        double? cutHeight = cut.ValueKind == JsonValueKind.Null ? null : cut.GetDouble();
        var sampleElement = root.GetProperty("sampleIndices");
        var sample = sampleElement.ValueKind == JsonValueKind.Null ? null : ClusteringModelJson.IntArray(root, "sampleIndices");
        var clusteredLabels = ClusteringModelJson.IntArray(root, "clusteredLabels");
        if (clusteredLabels.Length < 2 || clusteredLabels.Any(label => label < 0 || label >= numberOfClusters) || numberOfClusters < 1)
        {
            throw new FormatException("\"clusteredLabels\" must hold a cluster id in 0 … numberOfClusters − 1 for each of at least two clustered rows.");
        }
        var dendrogram = Dendrogram.Read(root, clusteredLabels.Length);
        return linkage == Linkage.Ward
            ? new HierarchicalModel(
                numberOfClusters, dimensions, labels, linkage, dendrogram, cutHeight, sample, clusteredLabels,
                ClusteringModelJson.Matrix(root, "centroids", numberOfClusters, dimensions), [])
            : new HierarchicalModel(
                numberOfClusters, dimensions, labels, linkage, dendrogram, cutHeight, sample, clusteredLabels,
                [], ClusteringModelJson.Matrix(root, "referencePoints", clusteredLabels.Length, dimensions));
    }
}
