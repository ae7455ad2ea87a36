using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Clientele.Core.Models;

namespace Clientele.Recommend;

/// <summary>
/// The binary parts of a saved recommender (format 2): numeric arrays as raw little-endian bytes after the model file's
/// document (<see cref="ModelFile.Write(string, int, ReadOnlySpan{byte}, IReadOnlyList{KeyValuePair{string, byte[]}})"/>)
/// instead of JSON numbers; the payload names each part where format 1 had the array (<c>{"part": "userFactors"}</c>).
/// </summary>
internal sealed class BinaryParts
{
    private readonly List<KeyValuePair<string, byte[]>> _parts = [];

    /// <summary>The parts in the order they were added.</summary>
    public IReadOnlyList<KeyValuePair<string, byte[]>> Parts => _parts;

    /// <summary>Writes <c>"name": {"part": "name"}</c> and adds the values as the part <paramref name="name"/> (float32, little-endian).</summary>
    public void Write(System.Text.Json.Utf8JsonWriter writer, string name, ReadOnlySpan<float> values)
    {
        for (var n = 0; n < values.Length; n++)
        {
            if (!float.IsFinite(values[n]))
            {
                throw new ArgumentException($"{name}[{n}] is {values[n]}, which a saved model does not hold.", nameof(values));
            }
        }
        var bytes = MemoryMarshal.AsBytes(values).ToArray();
        if (!BitConverter.IsLittleEndian)
        {
            var ints = MemoryMarshal.Cast<byte, int>(bytes.AsSpan());
            BinaryPrimitives.ReverseEndianness(ints, ints);
        }
        Add(writer, name, bytes);
    }

    /// <summary>Writes <c>"name": {"part": "name"}</c> and adds the values as the part <paramref name="name"/> (int32, little-endian).</summary>
    public void Write(System.Text.Json.Utf8JsonWriter writer, string name, ReadOnlySpan<int> values)
    {
        var bytes = MemoryMarshal.AsBytes(values).ToArray();
        if (!BitConverter.IsLittleEndian)
        {
            var ints = MemoryMarshal.Cast<byte, int>(bytes.AsSpan());
            BinaryPrimitives.ReverseEndianness(ints, ints);
        }
        Add(writer, name, bytes);
    }

    private void Add(System.Text.Json.Utf8JsonWriter writer, string name, byte[] bytes)
    {
        writer.WriteStartObject(name);
        writer.WriteString("part", name);
        writer.WriteEndObject();
        _parts.Add(new(name, bytes));
    }

    /// <summary>Whether <paramref name="element"/>'s property <paramref name="name"/> names a binary part (format 2) rather than holding a JSON array (format 1).</summary>
    public static bool IsPart(System.Text.Json.JsonElement element, string name) =>
        element.GetProperty(name).ValueKind == System.Text.Json.JsonValueKind.Object;

    /// <summary>The float32 values of the part that <paramref name="element"/>'s <paramref name="name"/> names; none of them NaN or infinite.</summary>
    public static float[] Floats(ModelFile file, System.Text.Json.JsonElement element, string name)
    {
        var bytes = Bytes(file, element, name);
        var values = new float[bytes.Length / sizeof(float)];
        var ints = MemoryMarshal.Cast<float, int>(values.AsSpan());
        MemoryMarshal.Cast<byte, int>(bytes.AsSpan()).CopyTo(ints);
        if (!BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.ReverseEndianness(ints, ints);
        }
        for (var n = 0; n < values.Length; n++)
        {
            if (!float.IsFinite(values[n]))
            {
                throw new FormatException($"\"{name}\"[{n}] is not a finite number.");
            }
        }
        return values;
    }

    /// <summary>A float part of exactly <paramref name="length"/> values.</summary>
    public static float[] Floats(ModelFile file, System.Text.Json.JsonElement element, string name, long length)
    {
        var result = Floats(file, element, name);
        return result.Length == length ? result : throw new FormatException($"\"{name}\" should have {length} values, has {result.Length}.");
    }

    /// <summary>The int32 values of the part that <paramref name="element"/>'s <paramref name="name"/> names.</summary>
    public static int[] Ints(ModelFile file, System.Text.Json.JsonElement element, string name)
    {
        var bytes = Bytes(file, element, name);
        var values = MemoryMarshal.Cast<byte, int>(bytes.AsSpan()).ToArray();
        if (!BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.ReverseEndianness(values, values);
        }
        return values;
    }

    private static byte[] Bytes(ModelFile file, System.Text.Json.JsonElement element, string name)
    {
        var part = element.GetProperty(name).GetProperty("part").GetString() ?? throw new FormatException($"\"{name}\" names no part.");
        var bytes = file.Blob(part);
        return bytes.Length % 4 == 0 ? bytes : throw new FormatException($"\"{name}\" is {bytes.Length} bytes, not a whole number of 4-byte values.");
    }
}
