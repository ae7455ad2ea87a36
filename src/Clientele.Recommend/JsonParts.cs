using System.Text.Json;

namespace Clientele.Recommend;

/// <summary>Writers and readers of the arrays in a recommender's JSON.</summary>
internal static class JsonParts
{
    public static void WriteArray(Utf8JsonWriter writer, string name, ReadOnlySpan<int> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteNumberValue(value);
        }
        writer.WriteEndArray();
    }

    public static void WriteArray(Utf8JsonWriter writer, string name, ReadOnlySpan<float> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteNumberValue(value);
        }
        writer.WriteEndArray();
    }

    public static void WriteArray(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }
        writer.WriteEndArray();
    }

    public static void WriteMatrix(Utf8JsonWriter writer, string name, SparseMatrix matrix)
    {
        writer.WriteStartObject(name);
        writer.WriteNumber("rows", matrix.Rows);
        writer.WriteNumber("columns", matrix.Columns);
        WriteArray(writer, "rowPointers", matrix.RowPointers);
        WriteArray(writer, "columnIndices", matrix.ColumnIndices);
        WriteArray(writer, "values", matrix.Values);
        writer.WriteEndObject();
    }

    public static SparseMatrix ReadMatrix(JsonElement element, string name)
    {
        var m = element.GetProperty(name);
        try
        {
            return new SparseMatrix(
                m.GetProperty("rows").GetInt32(),
                m.GetProperty("columns").GetInt32(),
                IntArray(m, "rowPointers"),
                IntArray(m, "columnIndices"),
                FloatArray(m, "values"));
        }
        catch (ArgumentException exception)
        {
            throw new FormatException($"\"{name}\" is not a valid sparse matrix: {exception.Message}", exception);
        }
    }

    public static int[] IntArray(JsonElement element, string name)
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

    public static float[] FloatArray(JsonElement element, string name)
    {
        var array = element.GetProperty(name);
        var result = new float[array.GetArrayLength()];
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            var value = item.GetSingle();
            if (!float.IsFinite(value))
            {
                throw new FormatException($"\"{name}\"[{i}] is not a finite number.");
            }
            result[i++] = value;
        }
        return result;
    }

    /// <summary>A float array of exactly <paramref name="length"/> values.</summary>
    public static float[] FloatArray(JsonElement element, string name, long length)
    {
        var result = FloatArray(element, name);
        if (result.Length != length)
        {
            throw new FormatException($"\"{name}\" should have {length} values, has {result.Length}.");
        }
        return result;
    }

    public static string[] StringArray(JsonElement element, string name)
    {
        var array = element.GetProperty(name);
        var result = new string[array.GetArrayLength()];
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            result[i++] = item.GetString() ?? throw new FormatException($"\"{name}\"[{i}] is null.");
        }
        return result;
    }

    public static int Int(JsonElement element, string name) => element.GetProperty(name).GetInt32();

    public static float Float(JsonElement element, string name) => element.GetProperty(name).GetSingle();
}
