using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Clientele.Language.Tfjs;

/// <summary>
/// A TensorFlow.js graph model read from its <c>model.json</c> (the graph's nodes and the weights manifest) and weight
/// shards. Each manifest group's shards are concatenated and cut into the group's weights in order; a weight with a
/// <c>quantization</c> entry is decoded as TF.js does: uint8/uint16 as <c>q · scale + min</c> (rounded for int32),
/// float16 widened to float32. Little-endian throughout. Any mismatch (a missing shard, a group whose shards do not
/// add up to its weights' bytes, an unknown data type) throws <see cref="InvalidDataException"/> naming the file.
/// </summary>
internal sealed class TfjsModel
{
    private TfjsModel(Dictionary<string, TfjsNode> nodes, Dictionary<string, TfjsTensor> weights)
    {
        Nodes = nodes;
        Weights = weights;
    }

    /// <summary>The graph's nodes by name.</summary>
    public IReadOnlyDictionary<string, TfjsNode> Nodes { get; }

    /// <summary>The decoded weights by name.</summary>
    public IReadOnlyDictionary<string, TfjsTensor> Weights { get; }

    /// <summary>Reads <paramref name="modelJsonPath"/> and the shards it names (paths relative to its folder).</summary>
    public static TfjsModel Load(string modelJsonPath)
    {
        ArgumentNullException.ThrowIfNull(modelJsonPath);
        var folder = Path.GetDirectoryName(Path.GetFullPath(modelJsonPath))!;
        JsonDocument document;
        try
        {
            using var stream = File.OpenRead(modelJsonPath);
            document = JsonDocument.Parse(stream);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{modelJsonPath} is not valid JSON: {e.Message}", e);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("modelTopology", out var topology)
                || !topology.TryGetProperty("node", out var nodeArray) || nodeArray.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidDataException($"{modelJsonPath} is not a TF.js graph model (no modelTopology.node array).");
            }
            if (!root.TryGetProperty("weightsManifest", out var manifest) || manifest.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidDataException($"{modelJsonPath} has no weightsManifest array.");
            }
            var nodes = ReadNodes(nodeArray, modelJsonPath);
            var weights = new Dictionary<string, TfjsTensor>(StringComparer.Ordinal);
            var groupIndex = 0;
            foreach (var group in manifest.EnumerateArray())
            {
                ReadGroup(group, groupIndex++, folder, modelJsonPath, weights);
            }
            return new TfjsModel(nodes, weights);
        }
    }

    /// <summary>The weight <paramref name="name"/>, checked to have the given shape and type.</summary>
    public TfjsTensor Weight(string name, TfjsDataType dataType, params int[] shape)
    {
        if (!Weights.TryGetValue(name, out var tensor))
        {
            throw new InvalidDataException($"The model has no weight named {name}.");
        }
        if (tensor.DataType != dataType || !tensor.Shape.SequenceEqual(shape))
        {
            throw new InvalidDataException(
                $"The weight {name} is {tensor.DataType} {tensor.ShapeText}; expected {dataType} [{string.Join(", ", shape)}].");
        }
        return tensor;
    }

    /// <summary>The shape of weight <paramref name="name"/>.</summary>
    public IReadOnlyList<int> Shape(string name) =>
        Weights.TryGetValue(name, out var tensor) ? tensor.Shape : throw new InvalidDataException($"The model has no weight named {name}.");

    /// <summary>The float32 values of weight <paramref name="name"/>, checked to have the given shape.</summary>
    public float[] Floats(string name, params int[] shape) => Weight(name, TfjsDataType.Float32, shape).Floats!;

    /// <summary>The value of the float32 scalar weight <paramref name="name"/>.</summary>
    public float FloatScalar(string name) => Floats(name)[0];

    /// <summary>The value of the int32 scalar weight <paramref name="name"/>.</summary>
    public int IntScalar(string name) => Weight(name, TfjsDataType.Int32).Integers![0];

    /// <summary>The node <paramref name="name"/>, checked to be a <paramref name="op"/> with the given inputs (in order).</summary>
    public TfjsNode Node(string name, string op, params string[] inputs)
    {
        if (!Nodes.TryGetValue(name, out var node))
        {
            throw new InvalidDataException($"The graph has no node named {name}.");
        }
        if (node.Op != op || (inputs.Length > 0 && !node.Inputs.SequenceEqual(inputs)))
        {
            throw new InvalidDataException(
                $"The graph's node {name} is {node.Op}({string.Join(", ", node.Inputs)}); expected {op}({string.Join(", ", inputs)}).");
        }
        return node;
    }

    private static Dictionary<string, TfjsNode> ReadNodes(JsonElement nodeArray, string source)
    {
        var nodes = new Dictionary<string, TfjsNode>(StringComparer.Ordinal);
        foreach (var node in nodeArray.EnumerateArray())
        {
            var name = RequiredString(node, "name", source);
            var op = RequiredString(node, "op", source);
            var inputs = node.TryGetProperty("input", out var inputArray) && inputArray.ValueKind == JsonValueKind.Array
                ? inputArray.EnumerateArray().Select(i => i.GetString() ?? "").ToArray()
                : [];
            nodes[name] = new TfjsNode(name, op, inputs);
        }
        return nodes;
    }

    private static void ReadGroup(JsonElement group, int groupIndex, string folder, string source, Dictionary<string, TfjsTensor> weights)
    {
        if (!group.TryGetProperty("paths", out var paths) || paths.ValueKind != JsonValueKind.Array
            || !group.TryGetProperty("weights", out var specs) || specs.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException($"{source}: weightsManifest group {groupIndex} needs 'paths' and 'weights' arrays.");
        }

        var parsed = specs.EnumerateArray().Select(s => WeightSpec.Read(s, source)).ToList();
        var expected = parsed.Sum(s => s.ByteLength);
        var shardPaths = paths.EnumerateArray().Select(p => ShardPath(folder, p.GetString(), source)).ToList();
        var bytes = ReadShards(shardPaths, expected, groupIndex, source);

        var offset = 0L;
        foreach (var spec in parsed)
        {
            var slice = bytes.AsSpan(checked((int)offset), checked((int)spec.ByteLength));
            weights[spec.Name] = spec.Decode(slice);
            offset += spec.ByteLength;
        }
    }

    private static string ShardPath(string folder, string? relative, string source)
    {
        if (string.IsNullOrEmpty(relative))
        {
            throw new InvalidDataException($"{source}: a weightsManifest path is empty.");
        }
        var full = Path.GetFullPath(Path.Combine(folder, relative));
        var inside = Path.GetRelativePath(folder, full);
        if (Path.IsPathRooted(inside) || inside == ".." || inside.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{source}: the shard path {relative} leaves the model's folder.");
        }
        return full;
    }

    private static byte[] ReadShards(List<string> shardPaths, long expected, int groupIndex, string source)
    {
        long actual = 0;
        foreach (var path in shardPaths)
        {
            if (!File.Exists(path))
            {
                throw new InvalidDataException($"The weight shard {path} named by {source} is missing.");
            }
            actual += new FileInfo(path).Length;
        }
        if (actual != expected)
        {
            throw new InvalidDataException(
                $"The weight shards of group {groupIndex} ({string.Join(", ", shardPaths.Select(Path.GetFileName))}) hold {actual:N0} bytes, " +
                $"but {source} declares {expected:N0}: a shard is truncated or corrupt.");
        }
        var bytes = GC.AllocateUninitializedArray<byte>(checked((int)expected));
        var offset = 0;
        foreach (var path in shardPaths)
        {
            using var handle = File.OpenHandle(path);
            var length = checked((int)RandomAccess.GetLength(handle));
            var read = 0;
            while (read < length)
            {
                var n = RandomAccess.Read(handle, bytes.AsSpan(offset + read, length - read), read);
                if (n == 0)
                {
                    throw new InvalidDataException($"The weight shard {path} ended after {read:N0} of {length:N0} bytes.");
                }
                read += n;
            }
            offset += length;
        }
        return bytes;
    }

    private static string RequiredString(JsonElement element, string property, string source) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new InvalidDataException($"{source}: an entry lacks the string '{property}': {Abbreviate(element.GetRawText())}");

    private static string Abbreviate(string text) => text.Length <= 200 ? text : text[..200] + "…";

    /// <summary>One entry of a manifest group: name, shape, type and optional quantization.</summary>
    private sealed record WeightSpec(string Name, int[] Shape, TfjsDataType DataType, string? QuantizedAs, double Scale, double Min)
    {
        public long ElementCount => Shape.Aggregate(1L, (product, d) => product * d);

        public long ByteLength => ElementCount * QuantizedAs switch
        {
            null => DataType == TfjsDataType.Bool ? 1 : 4,
            "uint8" => 1,
            _ => 2, // uint16, float16
        };

        public static WeightSpec Read(JsonElement spec, string source)
        {
            var name = RequiredString(spec, "name", source);
            var dtype = RequiredString(spec, "dtype", source);
            if (!spec.TryGetProperty("shape", out var shapeArray) || shapeArray.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidDataException($"{source}: the weight {name} has no shape.");
            }
            var shape = shapeArray.EnumerateArray().Select(d => d.GetInt32()).ToArray();
            if (shape.Any(d => d < 0))
            {
                throw new InvalidDataException($"{source}: the weight {name} has a negative dimension.");
            }
            var dataType = dtype switch
            {
                "float32" => TfjsDataType.Float32,
                "int32" => TfjsDataType.Int32,
                "bool" => TfjsDataType.Bool,
                _ => throw new InvalidDataException($"{source}: the weight {name} has data type {dtype}, which this reader does not decode (float32, int32, bool)."),
            };
            if (!spec.TryGetProperty("quantization", out var quantization) || quantization.ValueKind == JsonValueKind.Null)
            {
                return new WeightSpec(name, shape, dataType, null, 1, 0);
            }
            var quantizedAs = RequiredString(quantization, "dtype", source);
            switch (quantizedAs)
            {
                case "uint8" or "uint16" when dataType is TfjsDataType.Float32 or TfjsDataType.Int32:
                    if (!quantization.TryGetProperty("scale", out var scale) || !quantization.TryGetProperty("min", out var min))
                    {
                        throw new InvalidDataException($"{source}: the weight {name} is quantized to {quantizedAs} without a scale and a min.");
                    }
                    return new WeightSpec(name, shape, dataType, quantizedAs, scale.GetDouble(), min.GetDouble());
                case "float16" when dataType == TfjsDataType.Float32:
                    return new WeightSpec(name, shape, dataType, quantizedAs, 1, 0);
                default:
                    throw new InvalidDataException($"{source}: the weight {name} ({dtype}) has a quantization to {quantizedAs}, which TF.js does not define.");
            }
        }

        public TfjsTensor Decode(ReadOnlySpan<byte> bytes)
        {
            var count = checked((int)ElementCount);
            switch (QuantizedAs)
            {
                case null when DataType == TfjsDataType.Float32:
                    var floats = MemoryMarshal.Cast<byte, float>(bytes).ToArray();
                    if (!BitConverter.IsLittleEndian)
                    {
                        var asInts = MemoryMarshal.Cast<float, int>(floats.AsSpan());
                        BinaryPrimitives.ReverseEndianness(asInts, asInts);
                    }
                    return new TfjsTensor(Name, Shape, DataType, floats, null);
                case null when DataType == TfjsDataType.Int32:
                    var ints = MemoryMarshal.Cast<byte, int>(bytes).ToArray();
                    if (!BitConverter.IsLittleEndian)
                    {
                        BinaryPrimitives.ReverseEndianness(ints, ints);
                    }
                    return new TfjsTensor(Name, Shape, DataType, null, ints);
                case null:
                    return new TfjsTensor(Name, Shape, DataType, null, bytes.ToArray().Select(b => b == 0 ? 0 : 1).ToArray());
                case "float16":
                    var halves = new float[count];
                    for (var i = 0; i < count; i++)
                    {
                        halves[i] = (float)BitConverter.UInt16BitsToHalf(BinaryPrimitives.ReadUInt16LittleEndian(bytes[(2 * i)..]));
                    }
                    return new TfjsTensor(Name, Shape, DataType, halves, null);
                default:
                    var values = new double[count];
                    for (var i = 0; i < count; i++)
                    {
                        double q = QuantizedAs == "uint8" ? bytes[i] : BinaryPrimitives.ReadUInt16LittleEndian(bytes[(2 * i)..]);
                        values[i] = (q * Scale) + Min;
                    }
                    return DataType == TfjsDataType.Float32
                        ? new TfjsTensor(Name, Shape, DataType, values.Select(v => (float)v).ToArray(), null)
                        : new TfjsTensor(Name, Shape, DataType, null, values.Select(v => (int)Math.Floor(v + 0.5)).ToArray()); // JavaScript's Math.round
            }
        }
    }
}
