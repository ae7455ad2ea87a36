using System.Text.Json;

namespace Clientele.Segmentation;

/// <summary>
/// A fitted DBSCAN: the training labels (−1 = noise), ε, the minimum number of points, and the core points with their
/// clusters. A new point takes the lowest cluster id among the core points within ε of it, or −1 when there is none:
/// the rule that gives border points their training label, so predicting the training rows gives <see cref="ClusteringModel.Labels"/>.
/// </summary>
/// <remarks>
/// JSON parameters: <c>epsilon</c>, <c>minimumPoints</c>, <c>coreSampleIndices</c>, <c>coreLabels</c>, <c>corePoints</c>
/// (one row per core point). <see cref="ClusteringModel.NumberOfClusters"/> is 0 when every row is noise.
/// </remarks>
public sealed class DbscanModel : ClusteringModel
{
    /// <summary>The <see cref="ClusteringModel.Method"/> of a DBSCAN model.</summary>
    public const string MethodName = "dbscan";

    private readonly int[] _coreIndices;
    private readonly double[] _corePoints;
    private readonly int[] _coreLabels;
    private readonly SpatialIndex _index;

    internal DbscanModel(
        int numberOfClusters, int dimensions, int[] labels, double epsilon, int minimumPoints, int[] coreIndices, double[] corePoints, int[] coreLabels, DbscanIndex index)
        : base(numberOfClusters, dimensions, labels)
    {
        Epsilon = epsilon;
        MinimumPoints = minimumPoints;
        _coreIndices = coreIndices;
        _corePoints = corePoints;
        _coreLabels = coreLabels;
        CoreSampleIndices = Array.AsReadOnly(coreIndices);
        _index = SpatialIndex.Create(corePoints, coreIndices.Length, dimensions, epsilon, index == DbscanIndex.BruteForce ? index : DbscanIndex.Automatic);
    }

    /// <inheritdoc/>
    public override string Method => MethodName;

    /// <summary>Gets the neighbourhood radius ε the model was fitted with.</summary>
    public double Epsilon { get; }

    /// <summary>Gets the minimum number of points of a core point's neighbourhood.</summary>
    public int MinimumPoints { get; }

    /// <summary>Gets the training rows that are core points, ascending (scikit-learn's <c>core_sample_indices_</c>).</summary>
    public IReadOnlyList<int> CoreSampleIndices { get; }

    /// <summary>Gets the number of training rows labelled noise (−1).</summary>
    public int NoiseCount => Labels.Count(label => label < 0);

    /// <summary>The lowest cluster id among the core points within ε of <paramref name="point"/>, or −1 (noise).</summary>
    public override int Predict(ReadOnlySpan<double> point)
    {
        CheckPoint(point);
        var finder = new LowestCoreLabel(null, _coreLabels);
        _index.VisitWithin(point, Epsilon, ref finder);
        return finder.Label;
    }

    private protected override void WriteParameters(Utf8JsonWriter writer)
    {
        writer.WriteNumber("epsilon", Epsilon);
        writer.WriteNumber("minimumPoints", MinimumPoints);
        ClusteringModelJson.WriteArray(writer, "coreSampleIndices", _coreIndices);
        ClusteringModelJson.WriteArray(writer, "coreLabels", _coreLabels);
        ClusteringModelJson.WriteMatrix(writer, "corePoints", _corePoints, Dimensions);
    }

    internal static DbscanModel ReadJson(JsonElement root, int dimensions, int numberOfClusters, int[] labels)
    {
        var coreIndices = ClusteringModelJson.IntArray(root, "coreSampleIndices");
        var coreLabels = ClusteringModelJson.IntArray(root, "coreLabels");
        if (coreLabels.Length != coreIndices.Length || coreLabels.Any(label => label < 0 || label >= numberOfClusters))
        {
            throw new FormatException("\"coreLabels\" must hold one cluster id in 0 … numberOfClusters − 1 per core point.");
        }
        var corePoints = ClusteringModelJson.Matrix(root, "corePoints", coreIndices.Length, dimensions);
        var epsilon = ClusteringModelJson.Double(root, "epsilon");
        if (!double.IsFinite(epsilon) || epsilon <= 0)
        {
            throw new FormatException($"\"epsilon\" must be above 0, got {epsilon}.");
        }
        return new DbscanModel(
            numberOfClusters, dimensions, labels, epsilon, ClusteringModelJson.Int(root, "minimumPoints"), coreIndices, corePoints, coreLabels, DbscanIndex.Automatic);
    }
}
