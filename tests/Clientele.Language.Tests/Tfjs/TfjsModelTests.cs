using System.Buffers.Binary;
using Clientele.Language.Tfjs;
using Clientele.Tests;

namespace Clientele.Language.Tests.Tfjs;

/// <summary>The TF.js reader on small hand-made models: shard concatenation, every data type and quantization TF.js defines.</summary>
public sealed class TfjsModelTests
{
    private const string Manifest = """
        {
          "modelTopology": { "node": [
            { "name": "x", "op": "Placeholder" },
            { "name": "y", "op": "Add", "input": ["x", "w"] }
          ] },
          "weightsManifest": [ {
            "paths": ["group1-shard1of2", "group1-shard2of2"],
            "weights": [
              { "name": "w", "shape": [2, 2], "dtype": "float32" },
              { "name": "i", "shape": [3], "dtype": "int32" },
              { "name": "q8", "shape": [4], "dtype": "float32", "quantization": { "dtype": "uint8", "scale": 0.5, "min": -1 } },
              { "name": "q16", "shape": [2], "dtype": "float32", "quantization": { "dtype": "uint16", "scale": 0.25, "min": 1 } },
              { "name": "h", "shape": [3], "dtype": "float32", "quantization": { "dtype": "float16" } },
              { "name": "qi", "shape": [2], "dtype": "int32", "quantization": { "dtype": "uint8", "scale": 0.5, "min": 0 } },
              { "name": "flag", "shape": [2], "dtype": "bool" },
              { "name": "s", "shape": [], "dtype": "float32" }
            ]
          } ]
        }
        """;

    [Fact]
    public void Load_ShardsAndQuantizations_DecodesAsTfjs()
    {
        using var folder = WriteModel(Weights());

        var model = TfjsModel.Load(folder.File("model.json"));

        Assert.Equal([1f, 2f, -3f, 4.5f], model.Floats("w", 2, 2));
        Assert.Equal([7, -8, 2_000_000_000], model.Weight("i", TfjsDataType.Int32, 3).Integers!);
        Assert.Equal([-1f, -0.5f, 0f, 126.5f], model.Floats("q8", 4));       // q · 0.5 − 1
        Assert.Equal([1f, 16384.75f], model.Floats("q16", 2));                // q · 0.25 + 1
        Assert.Equal([1f, -2f, 0.5f], model.Floats("h", 3));                  // float16 0x3C00, 0xC000, 0x3800
        Assert.Equal([2, 3], model.Weight("qi", TfjsDataType.Int32, 2).Integers!); // 1.5 and 2.5 round up, as Math.round
        Assert.Equal([1, 0], model.Weight("flag", TfjsDataType.Bool, 2).Integers!);
        Assert.Equal(0.125f, model.FloatScalar("s"));
        Assert.Equal(["x", "w"], model.Node("y", "Add", "x", "w").Inputs);
    }

    [Fact]
    public void Load_TruncatedShard_ThrowsSayingTruncated()
    {
        var bytes = Weights();
        using var folder = WriteModel(bytes[..^3]);

        var error = Assert.Throws<InvalidDataException>(() => TfjsModel.Load(folder.File("model.json")));

        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
        Assert.Contains("group1-shard2of2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingShard_ThrowsNamingIt()
    {
        using var folder = WriteModel(Weights());
        File.Delete(folder.File("group1-shard2of2"));

        var error = Assert.Throws<InvalidDataException>(() => TfjsModel.Load(folder.File("model.json")));

        Assert.Contains("group1-shard2of2", error.Message, StringComparison.Ordinal);
        Assert.Contains("missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_StringWeight_ThrowsNamingDataType()
    {
        using var folder = WriteModel(Weights(), Manifest.Replace("\"dtype\": \"bool\"", "\"dtype\": \"string\"", StringComparison.Ordinal));

        var error = Assert.Throws<InvalidDataException>(() => TfjsModel.Load(folder.File("model.json")));

        Assert.Contains("flag", error.Message, StringComparison.Ordinal);
        Assert.Contains("string", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Weight_WrongShape_ThrowsNamingBothShapes()
    {
        using var folder = WriteModel(Weights());
        var model = TfjsModel.Load(folder.File("model.json"));

        var error = Assert.Throws<InvalidDataException>(() => model.Floats("w", 4));

        Assert.Contains("[2, 2]", error.Message, StringComparison.Ordinal);
        Assert.Contains("[4]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Node_WrongOperation_ThrowsNamingNode()
    {
        using var folder = WriteModel(Weights());
        var model = TfjsModel.Load(folder.File("model.json"));

        var error = Assert.Throws<InvalidDataException>(() => model.Node("y", "Mul", "x", "w"));

        Assert.Contains("Add(x, w)", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The weights of <see cref="Manifest"/> in manifest order, little-endian.</summary>
    private static byte[] Weights()
    {
        var bytes = new List<byte>();
        foreach (var f in new[] { 1f, 2f, -3f, 4.5f })
        {
            bytes.AddRange(LittleEndian(f));
        }
        foreach (var i in new[] { 7, -8, 2_000_000_000 })
        {
            var le = new byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(le, i);
            bytes.AddRange(le);
        }
        bytes.AddRange(new byte[] { 0, 1, 2, 255 });
        foreach (var u in new ushort[] { 0, 65535, 0x3C00, 0xC000, 0x3800 }) // uint16 q, then float16 bits
        {
            bytes.Add((byte)(u & 0xFF));
            bytes.Add((byte)(u >> 8));
        }
        bytes.AddRange(new byte[] { 3, 5 });
        bytes.AddRange(new byte[] { 7, 0 });
        bytes.AddRange(LittleEndian(0.125f));
        return [.. bytes];
    }

    private static byte[] LittleEndian(float value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(bytes, value);
        return bytes;
    }

    /// <summary>Writes the manifest and splits the bytes into two shards in the middle of a weight.</summary>
    private static TempFolder WriteModel(byte[] bytes, string manifest = Manifest)
    {
        var folder = new TempFolder();
        folder.Write("model.json", manifest);
        folder.WriteBytes("group1-shard1of2", bytes[..10]);
        folder.WriteBytes("group1-shard2of2", bytes[10..]);
        return folder;
    }
}
