using System.Text.Json;

namespace Clientele.Segmentation;

/// <summary>
/// Reads a model written by <see cref="ClusteringModel.ToJson"/> back as the concrete model it was:
/// <see cref="KMeansModel"/> (methods <c>kmeans</c> and <c>minibatch-kmeans</c>), <see cref="HierarchicalModel"/>,
/// <see cref="DbscanModel"/> or <see cref="GaussianMixtureModel"/>.
/// </summary>
public static class ClusteringModelJson
{
    /// <summary>The value of the <c>format</c> property of every clustering model.</summary>
    public const string FormatName = "clientele-clustering-model";

    /// <summary>
    /// The version of the JSON layout this build writes and reads. Version 1: the common header (<c>format</c>,
    /// <c>formatVersion</c>, <c>method</c>, <c>dimensions</c>, <c>numberOfClusters</c>, <c>labels</c>) and each method's
    /// parameters as documented on its model.
    /// </summary>
    public const int FormatVersion = 1;

    /// <summary>Reads a clustering model from its JSON.</summary>
    /// <exception cref="FormatException">
    /// The text is not a clustering model of <see cref="FormatVersion"/>, names an unknown method, or is inconsistent
    /// (for example a label out of range); the message says which.
    /// </exception>
    public static ClusteringModel Read(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("format", out var format)
                || format.ValueKind != JsonValueKind.String
                || format.GetString() != FormatName)
            {
                throw new FormatException($"Not a clustering model: expected \"format\": \"{FormatName}\".");
            }
            var version = Int(root, "formatVersion");
            if (version != FormatVersion)
            {
                throw new FormatException(
                    $"Clustering model format version {version} is not supported; this build reads version {FormatVersion}.");
            }
            var method = root.GetProperty("method").GetString();
            var dimensions = Int(root, "dimensions");
            var clusters = Int(root, "numberOfClusters");
            if (dimensions < 1 || clusters < 0)
            {
                throw new FormatException($"Invalid dimensions ({dimensions}) or number of clusters ({clusters}).");
            }
            var labels = IntArray(root, "labels");
            foreach (var label in labels)
            {
                if (label < -1 || label >= clusters)
                {
                    throw new FormatException($"Label {label} is outside −1 … {clusters - 1}.");
                }
            }
            return method switch
            {
                KMeansModel.LloydMethodName or KMeansModel.MiniBatchMethodName => KMeansModel.ReadJson(root, method, dimensions, clusters, labels),
                HierarchicalModel.MethodName => HierarchicalModel.ReadJson(root, dimensions, clusters, labels),
                DbscanModel.MethodName => DbscanModel.ReadJson(root, dimensions, clusters, labels),
                GaussianMixtureModel.MethodName => GaussianMixtureModel.ReadJson(root, dimensions, clusters, labels),
                _ => throw new FormatException($"Unknown clustering method \"{method}\"."),
            };
        }
        catch (JsonException exception)
        {
            throw new FormatException($"Not valid clustering model JSON: {exception.Message}", exception);
        }
        catch (KeyNotFoundException exception)
        {
            throw new FormatException($"The clustering model JSON lacks a property: {exception.Message}", exception);
        }
        catch (InvalidOperationException exception)
        {
            throw new FormatException($"The clustering model JSON has a value of the wrong kind: {exception.Message}", exception);
        }
    }

    internal static void WriteArray(Utf8JsonWriter writer, string name, ReadOnlySpan<int> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteNumberValue(value);
        }
        writer.WriteEndArray();
    }

    internal static void WriteArray(Utf8JsonWriter writer, string name, ReadOnlySpan<double> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteNumberValue(value);
        }
        writer.WriteEndArray();
    }

    /// <summary>Writes a row-major matrix as an array of rows.</summary>
    internal static void WriteMatrix(Utf8JsonWriter writer, string name, ReadOnlySpan<double> rowMajor, int columns)
    {
        writer.WriteStartArray(name);
        for (var start = 0; start < rowMajor.Length; start += columns)
        {
            writer.WriteStartArray();
            foreach (var value in rowMajor.Slice(start, columns))
            {
                writer.WriteNumberValue(value);
            }
            writer.WriteEndArray();
        }
        writer.WriteEndArray();
    }

    internal static int Int(JsonElement element, string name) => element.GetProperty(name).GetInt32();

    internal static double Double(JsonElement element, string name) => element.GetProperty(name).GetDouble();

    internal static int[] IntArray(JsonElement element, string name)
    {
        var array = element.GetProperty(name);
        var result = new int[array.GetArrayLength()];
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            result[i++] = item.GetInt32();
        }
        return result;
    }

    internal static double[] DoubleArray(JsonElement element, string name)
    {
        var array = element.GetProperty(name);
        var result = new double[array.GetArrayLength()];
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            result[i++] = item.GetDouble();
        }
        return result;
    }

    /// <summary>Reads an array of <paramref name="rows"/> rows of <paramref name="columns"/> numbers, row-major.</summary>
    internal static double[] Matrix(JsonElement element, string name, int rows, int columns)
    {
        var array = element.GetProperty(name);
        if (array.GetArrayLength() != rows)
        {
            throw new FormatException($"\"{name}\" should have {rows} rows, has {array.GetArrayLength()}.");
        }
        var result = new double[rows * columns];
        var r = 0;
        foreach (var row in array.EnumerateArray())
        {
            if (row.GetArrayLength() != columns)
            {
                throw new FormatException($"Row {r} of \"{name}\" should have {columns} values, has {row.GetArrayLength()}.");
            }
            var j = 0;
            foreach (var value in row.EnumerateArray())
            {
                result[(r * columns) + j++] = value.GetDouble();
            }
            r++;
        }
        return result;
    }
}
