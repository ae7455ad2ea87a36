using System.Globalization;
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

    /// <summary>
    /// The same text as the span overload; an array of more than <see cref="ChunkValues"/> numbers (a million customers'
    /// factors are 64 million) is formatted in chunks on all cores, each written as one raw run of numbers.
    /// </summary>
    public static void WriteArray(Utf8JsonWriter writer, string name, float[] values)
    {
        if (values.Length <= ChunkValues)
        {
            WriteArray(writer, name, values.AsSpan());
            return;
        }
        for (var n = 0; n < values.Length; n++)
        {
            if (!float.IsFinite(values[n]))
            {
                throw new ArgumentException($"{name}[{n}] is {values[n]}, which JSON cannot hold.", nameof(values));
            }
        }
        writer.WriteStartArray(name);
        var chunks = (values.Length + ChunkValues - 1) / ChunkValues;
        var batch = 4 * Environment.ProcessorCount;
        var texts = new byte[batch][];
        var lengths = new int[batch];
        for (var first = 0; first < chunks; first += batch)
        {
            var count = Math.Min(batch, chunks - first);
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, c =>
            {
                var text = texts[c] ??= new byte[ChunkValues * MaxFloatText];
                var start = (first + c) * ChunkValues;
                var end = Math.Min(values.Length, start + ChunkValues);
                var length = 0;
                for (var n = start; n < end; n++)
                {
                    if (n > start)
                    {
                        text[length++] = (byte)',';
                    }
                    values[n].TryFormat(text.AsSpan(length), out var written, default, CultureInfo.InvariantCulture);
                    length += written;
                }
                lengths[c] = length;
            });
            for (var c = 0; c < count; c++)
            {
                // A run "a,b,c" written as one value: the writer puts the commas between runs, so the array reads as numbers.
                writer.WriteRawValue(texts[c].AsSpan(0, lengths[c]), skipInputValidation: true);
            }
        }
        writer.WriteEndArray();
    }

    /// <summary>How many numbers a chunk of the parallel <see cref="WriteArray(Utf8JsonWriter, string, float[])"/> formats.</summary>
    internal const int ChunkValues = 1 << 16;

    /// <summary>The longest text of a finite float in its shortest round-trip form ("-1.17549435E-38"), and a comma.</summary>
    private const int MaxFloatText = 16;

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
