using System.Text;
using System.Text.Json.Nodes;
using Clientele.Core;

namespace Clientele.Recommend.Tests;

public sealed class RecommenderSaveTests
{
    private static JsonNode AlsFile() => JsonNode.Parse(new AlsFitter(new AlsOptions { Factors = 4, Iterations = 2 }).Fit(Checkerboard.Matrix(6)).Save())!;

    private static RecommenderModel Load(JsonNode file) => RecommenderModel.Load(Encoding.UTF8.GetBytes(file.ToJsonString()));

    [Fact]
    public void Save_Header_KindVersionMethodAndInteractions()
    {
        var root = AlsFile();

        Assert.Equal("clientele-model", (string?)root["format"]);
        Assert.Equal("recommender", (string?)root["kind"]);
        Assert.Equal(1, (int?)root["formatVersion"]);
        var payload = root["payload"]!;
        Assert.Equal("als", (string?)payload["method"]);
        Assert.Equal(6, payload["interactions"]!["userIds"]!.AsArray().Count);
        Assert.Equal(6 * 4, payload["parameters"]!["userFactors"]!.AsArray().Count);
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
        root["formatVersion"] = 2;

        var error = Assert.Throws<ClienteleException>(() => Load(root));

        Assert.Equal("The model file holds a recommender model of format version 2; this build of Clientele reads versions 1 to 1.", error.Message);
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
