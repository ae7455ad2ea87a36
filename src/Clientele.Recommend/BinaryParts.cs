using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Clientele.Core.Models;

namespace Clientele.Recommend;

/// <summary>
/// The binary parts of a saved recommender (format 2): numeric arrays as raw little-endian bytes after the model file's
/// document (<see cref="ModelFile.Write(Stream, string, int, ReadOnlySpan{byte}, IReadOnlyList{ModelFilePart})"/>)
/// instead of JSON numbers; the payload names each part where format 1 had the array (<c>{"part": "userFactors"}</c>).
/// </summary>
internal sealed class BinaryParts
{
    /// <summary>The numbers written to the stream at a time: 4 MiB of them, so no copy is larger.</summary>
    private const int Slice = 1 << 20;

    private readonly List<ModelFilePart> _parts = [];

    /// <summary>The parts in the order they were added; each writes from the array it was given, without copying it whole.</summary>
    public IReadOnlyList<ModelFilePart> Parts => _parts;

    /// <summary>Writes <c>"name": {"part": "name"}</c> and adds the values as the part <paramref name="name"/> (float32, little-endian).</summary>
    public void Write(System.Text.Json.Utf8JsonWriter writer, string name, float[] values)
    {
        for (var n = 0; n < values.Length; n++)
        {
            if (!float.IsFinite(values[n]))
            {
                throw new ArgumentException($"{name}[{n}] is {values[n]}, which a saved model does not hold.", nameof(values));
            }
        }
        Add(writer, name, values.LongLength, stream => WriteSlices(stream, MemoryMarshal.Cast<float, int>(values.AsSpan())));
    }

    /// <summary>Writes <c>"name": {"part": "name"}</c> and adds the values as the part <paramref name="name"/> (int32, little-endian).</summary>
    public void Write(System.Text.Json.Utf8JsonWriter writer, string name, int[] values)
        => Add(writer, name, values.LongLength, stream => WriteSlices(stream, values));

    private static void WriteSlices(Stream stream, ReadOnlySpan<int> values)
    {
        var swapped = BitConverter.IsLittleEndian ? null : new int[Math.Min(values.Length, Slice)];
        for (var at = 0; at < values.Length; at += Slice)
        {
            var slice = values.Slice(at, Math.Min(Slice, values.Length - at));
            if (swapped is not null)
            {
                BinaryPrimitives.ReverseEndianness(slice, swapped);
                slice = swapped.AsSpan(0, slice.Length);
            }
            stream.Write(MemoryMarshal.AsBytes(slice));
        }
    }

    private void Add(System.Text.Json.Utf8JsonWriter writer, string name, long count, Action<Stream> write)
    {
        writer.WriteStartObject(name);
        writer.WriteString("part", name);
        writer.WriteEndObject();
        _parts.Add(new(name, count * sizeof(int), write));
    }

    /// <summary>Whether <paramref name="element"/>'s property <paramref name="name"/> names a binary part (format 2) rather than holding a JSON array (format 1).</summary>
    public static bool IsPart(System.Text.Json.JsonElement element, string name) =>
        element.GetProperty(name).ValueKind == System.Text.Json.JsonValueKind.Object;

    /// <summary>The float32 values of the part that <paramref name="element"/>'s <paramref name="name"/> names; none of them NaN or infinite.</summary>
    public static float[] Floats(ModelFile file, System.Text.Json.JsonElement element, string name)
    {
        var values = new float[Count(file, element, name, out var chunks)];
        Copy(chunks, MemoryMarshal.Cast<float, int>(values.AsSpan()));
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
        var values = new int[Count(file, element, name, out var chunks)];
        Copy(chunks, values);
        return values;
    }

    /// <summary>The number of 4-byte values in the part, which comes in <paramref name="chunks"/>.</summary>
    private static int Count(ModelFile file, System.Text.Json.JsonElement element, string name, out IReadOnlyList<byte[]> chunks)
    {
        var part = element.GetProperty(name).GetProperty("part").GetString() ?? throw new FormatException($"\"{name}\" names no part.");
        chunks = file.BlobChunks(part);
        var bytes = chunks.Sum(c => c.LongLength);
        if (bytes % sizeof(int) != 0 || chunks.Any(c => c.Length % sizeof(int) != 0))
        {
            throw new FormatException($"\"{name}\" is {bytes} bytes, not a whole number of 4-byte values.");
        }
        return bytes / sizeof(int) <= Array.MaxLength ? (int)(bytes / sizeof(int)) : throw new FormatException($"\"{name}\" has more values than one array holds.");
    }

    /// <summary>The chunks' little-endian numbers into <paramref name="values"/>, in order.</summary>
    private static void Copy(IReadOnlyList<byte[]> chunks, Span<int> values)
    {
        var at = 0;
        foreach (var chunk in chunks)
        {
            var numbers = MemoryMarshal.Cast<byte, int>(chunk.AsSpan());
            numbers.CopyTo(values[at..]);
            at += numbers.Length;
        }
        if (!BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.ReverseEndianness(values, values);
        }
    }
}
