using System.Buffers;
using System.Text.Json;
using Clientele.Core;
using Clientele.Core.Models;

namespace Clientele.Segmentation;

/// <summary>
/// A fitted clustering: the number of clusters, the label of every training row, and a rule that assigns a new point
/// to a cluster. Immutable; saves as a <see cref="ModelFile"/> of kind <c>clustering</c> with <see cref="Save"/> and is
/// read back, as the right concrete model (<see cref="KMeansModel"/>, <see cref="HierarchicalModel"/>,
/// <see cref="DbscanModel"/> or <see cref="GaussianMixtureModel"/>), with <see cref="Load"/>.
/// </summary>
public abstract class ClusteringModel : ISaveableModel<ClusteringModel>
{
    /// <summary>
    /// The version of the payload this build writes and reads. Version 1: <c>method</c>, <c>dimensions</c>,
    /// <c>numberOfClusters</c>, <c>labels</c> and each method's parameters as documented on its model.
    /// </summary>
    public const int FormatVersion = 1;

    private readonly int[] _labels;

    private protected ClusteringModel(int numberOfClusters, int dimensions, int[] labels)
    {
        NumberOfClusters = numberOfClusters;
        Dimensions = dimensions;
        _labels = labels;
        Labels = Array.AsReadOnly(labels);
    }

    /// <summary>Gets the name of the method that produced the model, as written in its JSON (for example <c>kmeans</c>).</summary>
    public abstract string Method { get; }

    /// <summary>Gets the number of clusters; labels run from 0 to <see cref="NumberOfClusters"/> − 1.</summary>
    public int NumberOfClusters { get; }

    /// <summary>Gets the number of features of a point (the number of columns of the training data).</summary>
    public int Dimensions { get; }

    /// <summary>
    /// Gets the cluster of each training row, in row order; −1 marks a noise point (DBSCAN only).
    /// </summary>
    public IReadOnlyList<int> Labels { get; }

    /// <summary>The cluster of a new point (−1 for noise, DBSCAN only); see each model for its rule.</summary>
    /// <exception cref="ArgumentException">The point does not have <see cref="Dimensions"/> features, or one is NaN or infinite.</exception>
    public abstract int Predict(ReadOnlySpan<double> point);

    /// <summary>The cluster of every row of <paramref name="data"/>, computed in parallel over blocks of rows.</summary>
    /// <exception cref="ArgumentException">The data does not have <see cref="Dimensions"/> columns, or holds a NaN or infinity.</exception>
    public virtual int[] Predict(FeatureMatrix data)
    {
        CheckColumns(data);
        var result = new int[data.Rows];
        var blocks = (data.Rows + KMeansWorkspace.BlockSize - 1) / KMeansWorkspace.BlockSize;
        Parallel.For(0, blocks, block =>
        {
            var end = Math.Min(data.Rows, (block + 1) * KMeansWorkspace.BlockSize);
            for (var i = block * KMeansWorkspace.BlockSize; i < end; i++)
            {
                result[i] = Predict(data.Row(i));
            }
        });
        return result;
    }

    /// <summary>Gets the <see cref="ModelFile.Kind"/> of every saved clustering model.</summary>
    public static string ModelKind => "clustering";

    /// <summary>
    /// The model as a <see cref="ModelFile"/>: the payload holds <c>method</c>, <c>dimensions</c>,
    /// <c>numberOfClusters</c>, <c>labels</c>, then the method's own parameters. Doubles are written in their shortest
    /// round-trip form, so a model read back predicts exactly as this one.
    /// </summary>
    public byte[] Save()
    {
        var payload = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(payload))
        {
            writer.WriteStartObject();
            writer.WriteString("method", Method);
            writer.WriteNumber("dimensions", Dimensions);
            writer.WriteNumber("numberOfClusters", NumberOfClusters);
            ClusteringModelJson.WriteArray(writer, "labels", _labels);
            WriteParameters(writer);
            writer.WriteEndObject();
        }
        return ModelFile.Write(ModelKind, FormatVersion, payload.WrittenSpan);
    }

    /// <summary>Reads a model written by <see cref="Save"/>, as the concrete model it was.</summary>
    /// <exception cref="ClienteleException">
    /// The bytes are not a saved clustering model of a version this build reads, name an unknown method, or are
    /// inconsistent (for example a label out of range); the message says which.
    /// </exception>
    public static ClusteringModel Load(ReadOnlySpan<byte> bytes)
        => ModelFile.Read(bytes, ModelKind, FormatVersion).ReadPayload(file => ClusteringModelJson.Read(file.Payload));

    /// <summary>Writes the method's own properties into the open JSON object.</summary>
    private protected abstract void WriteParameters(Utf8JsonWriter writer);

    /// <summary>Throws unless <paramref name="point"/> has <see cref="Dimensions"/> finite features.</summary>
    private protected void CheckPoint(ReadOnlySpan<double> point)
    {
        if (point.Length != Dimensions)
        {
            throw new ArgumentException($"Expected a point with {Dimensions} features, got {point.Length}.", nameof(point));
        }
        for (var j = 0; j < point.Length; j++)
        {
            if (!double.IsFinite(point[j]))
            {
                throw new ArgumentException($"Feature {j} of the point is {point[j]}; a prediction needs finite values.", nameof(point));
            }
        }
    }

    /// <summary>Throws unless <paramref name="data"/> has <see cref="Dimensions"/> columns of finite values.</summary>
    private protected void CheckColumns(FeatureMatrix data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Columns != Dimensions)
        {
            throw new ArgumentException($"Expected data with {Dimensions} features, got {data.Columns}.", nameof(data));
        }
        ClusteringInput.CheckFinite(data, "A prediction");
    }
}
