using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;
using Clientele.Core;
using Clientele.Core.Models;

namespace Clientele.Recommend.Tests;

public sealed class RecommenderSaveTests
{
    private static AlsModel AlsModel() => new AlsFitter(new AlsOptions { Factors = 4, Iterations = 2 }).Fit(Checkerboard.Matrix(6));

    /// <summary>The model as format 1 wrote it: one JSON document, every number of the matrix and the factors in it.</summary>
    private static JsonObject AlsFile()
    {
        var file = ModelFile.Read(AlsModel().Save());
        var payload = JsonNode.Parse(file.Payload.GetRawText())!;
        var matrix = payload["interactions"]!["userItems"]!;
        static JsonArray Ints(byte[] bytes) => [.. MemoryMarshal.Cast<byte, int>(bytes).ToArray().Select(v => (JsonNode)v)];
        static JsonArray Floats(byte[] bytes) => [.. MemoryMarshal.Cast<byte, float>(bytes).ToArray().Select(v => (JsonNode)v)];
        matrix["rowPointers"] = Ints(file.Blob("rowPointers"));
        matrix["columnIndices"] = Ints(file.Blob("columnIndices"));
        matrix["values"] = Floats(file.Blob("values"));
        payload["parameters"]!["userFactors"] = Floats(file.Blob("userFactors"));
        payload["parameters"]!["itemFactors"] = Floats(file.Blob("itemFactors"));
        return new JsonObject { ["format"] = "clientele-model", ["kind"] = "recommender", ["formatVersion"] = 1, ["payload"] = payload };
    }

    private static RecommenderModel Load(JsonNode file) => RecommenderModel.Load(Encoding.UTF8.GetBytes(file.ToJsonString()));

    [Fact]
    public void Save_Header_KindVersionMethodAndInteractionsWithTheNumbersAsBinaryParts()
    {
        var saved = AlsModel().Save();
        var file = ModelFile.Read(saved);

        Assert.Equal("recommender", file.Kind);
        Assert.Equal(2, file.FormatVersion);
        Assert.Equal("als", file.Payload.GetProperty("method").GetString());
        Assert.Equal(6, file.Payload.GetProperty("interactions").GetProperty("userIds").GetArrayLength());
        Assert.Equal("userFactors", file.Payload.GetProperty("parameters").GetProperty("userFactors").GetProperty("part").GetString());
        Assert.Equal(6 * 4 * sizeof(float), file.Blob("userFactors").Length);
        Assert.Equal(AlsModel().UserFactors(5).ToArray(), MemoryMarshal.Cast<byte, float>(file.Blob("userFactors")).ToArray()[20..]);
        // The document, a line feed, then the parts' bytes: 4-byte numbers of the 7 row pointers, 12 entries' columns and
        // values (the 6 × 6 checkerboard: 3 × 2 of each group), 6 users' and 6 items' 4 factors.
        var header = Encoding.UTF8.GetString(saved, 0, Array.IndexOf(saved, (byte)'\n'));
        Assert.EndsWith("""{"name":"itemFactors","bytes":96}]}""", header, StringComparison.Ordinal);
        Assert.Equal(header.Length + 1 + (4 * (7 + 12 + 12 + 24 + 24)), saved.Length);
    }

    [Fact]
    public void Load_FormatOne_SameModelAsFormatTwo()
    {
        // A model as the build before format 2 saved it (every number in the JSON) reads back as the same model.
        var model = AlsModel();

        var read = Assert.IsType<AlsModel>(Load(AlsFile()));

        for (var u = 0; u < 6; u++)
        {
            Assert.Equal(model.UserFactors(u).ToArray(), read.UserFactors(u).ToArray());
            Assert.Equal(model.Recommend(Checkerboard.User(u), 3).Items, read.Recommend(Checkerboard.User(u), 3).Items);
        }
        Assert.Equal(model.Save(), read.Save());
    }

    [Fact]
    public void SaveStream_LoadStream_SameBytesAndRecommendationsAsTheArray()
    {
        var model = AlsModel();
        using var stream = new MemoryStream();

        model.Save(stream);
        stream.Position = 0;
        var read = Assert.IsType<AlsModel>(RecommenderModel.Load(stream));

        Assert.Equal(model.Save(), stream.ToArray());
        for (var u = 0; u < 6; u++)
        {
            Assert.Equal(model.UserFactors(u).ToArray(), read.UserFactors(u).ToArray());
            Assert.Equal(model.Recommend(Checkerboard.User(u), 3).Items, read.Recommend(Checkerboard.User(u), 3).Items);
        }
    }

    [Fact]
    public void Load_NotARecommender_ClienteleException()
    {
        var clustering = """{"format":"clientele-model","kind":"clustering","formatVersion":1,"payload":{}}"""u8.ToArray();

        var error = Assert.Throws<ClienteleException>(() => RecommenderModel.Load(clustering));

        Assert.Equal("The model file holds a model of kind \"clustering\" where kind \"recommender\" was expected.", error.Message);
        Assert.Throws<ClienteleException>(() => RecommenderModel.Load("not json"u8));
    }

    [Fact]
    public void Load_NewerVersion_ClienteleExceptionNamingBoth()
    {
        var root = AlsFile();
        root["formatVersion"] = 3;

        var error = Assert.Throws<ClienteleException>(() => Load(root));

        Assert.Equal("The model file holds a recommender model of format version 3; this build of Clientele reads versions 1 to 2.", error.Message);
    }

    [Fact]
    public void Load_Inconsistent_ClienteleExceptionSayingWhat()
    {
        var truncated = AlsFile();
        truncated["payload"]!["parameters"]!["userFactors"]!.AsArray().RemoveAt(0);
        var unknown = AlsFile();
        unknown["payload"]!["method"] = "svd";
        var missing = AlsFile();
        missing["payload"]!["parameters"]!.AsObject().Remove("itemFactors");

        Assert.Equal(
            "The model file holds a damaged recommender model (\"userFactors\" should have 24 values, has 23).",
            Assert.Throws<ClienteleException>(() => Load(truncated)).Message);
        Assert.Contains("(Unknown recommender method \"svd\")", Assert.Throws<ClienteleException>(() => Load(unknown)).Message, StringComparison.Ordinal);
        Assert.Contains("(a property is missing)", Assert.Throws<ClienteleException>(() => Load(missing)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_FormatTwoCutShortOrDamaged_ClienteleExceptionSayingWhat()
    {
        var saved = AlsModel().Save();
        var nan = (byte[])saved.Clone();
        BitConverter.GetBytes(float.NaN).CopyTo(nan, nan.Length - 4);

        Assert.Equal(
            $"The model file is a saved recommender model whose binary parts should be {4 * (7 + 12 + 12 + 24 + 24)} bytes after a line feed, and {(4 * (7 + 12 + 12 + 24 + 24)) - 1} follow the document (cut short or damaged).",
            Assert.Throws<ClienteleException>(() => RecommenderModel.Load(saved.AsSpan(0, saved.Length - 1))).Message);
        Assert.Equal(
            "The model file holds a damaged recommender model (\"itemFactors\"[23] is not a finite number).",
            Assert.Throws<ClienteleException>(() => RecommenderModel.Load(nan)).Message);
    }

    [Fact]
    public void WriteArray_LongerThanAChunk_TheSameTextAsOneNumberAtATime()
    {
        // 2.5 chunks of random floats over many magnitudes, and the extremes, against Utf8JsonWriter's own numbers.
        var random = new Random(3);
        var values = Enumerable.Range(0, (JsonParts.ChunkValues * 5 / 2) + 17)
            .Select(_ => (random.NextSingle() - 0.5f) * MathF.Pow(10, random.Next(-40, 39)))
            .Concat([float.MaxValue, float.MinValue, float.Epsilon, -float.Epsilon, 0f, -0f, 1.17549435E-38f, -1.17549435E-38f])
            .ToArray();
        static string Write(Action<System.Text.Json.Utf8JsonWriter> write)
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                write(writer);
                writer.WriteEndObject();
            }
            return Encoding.UTF8.GetString(buffer.WrittenSpan);
        }

        var chunked = Write(w => JsonParts.WriteArray(w, "v", values));
        var plain = Write(w => JsonParts.WriteArray(w, "v", values.AsSpan()));

        Assert.Equal(plain, chunked);
        Assert.Equal(values, JsonNode.Parse(chunked)!["v"]!.AsArray().Select(v => (float)v!));
        Assert.Throws<ArgumentException>(() => Write(w => JsonParts.WriteArray(w, "v", values.Append(float.NaN).ToArray())));
    }
}
