using System.Text.Json;

namespace Clientele.Segmentation;

/// <summary>
/// The payload of a saved <see cref="ClusteringModel"/>: reads it back as the concrete model it was
/// (<see cref="KMeansModel"/>, <see cref="HierarchicalModel"/>, <see cref="DbscanModel"/> or
/// <see cref="GaussianMixtureModel"/>), and the JSON helpers the models write and read their parameters with.
/// </summary>
internal static class ClusteringModelJson
{
    /// <summary>Reads a clustering model from its payload.</summary>
    /// <exception cref="FormatException">The payload names an unknown method or is inconsistent (for example a label out of range); the message says which.</exception>
    public static ClusteringModel Read(JsonElement root)
    {
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
            KMeansModel.LloydMethodName => KMeansModel.ReadJson(root, method, dimensions, clusters, labels),
            HierarchicalModel.MethodName => HierarchicalModel.ReadJson(root, dimensions, clusters, labels),
            DbscanModel.MethodName => DbscanModel.ReadJson(root, dimensions, clusters, labels),
            GaussianMixtureModel.MethodName => GaussianMixtureModel.ReadJson(root, dimensions, clusters, labels),
            _ => throw new FormatException($"Unknown clustering method \"{method}\"."),
        };
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
