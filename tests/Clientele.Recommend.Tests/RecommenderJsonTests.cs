using System.Text.Json.Nodes;

namespace Clientele.Recommend.Tests;

public sealed class RecommenderJsonTests
{
    private static string AlsJson() => new AlsFitter(new AlsOptions { Factors = 4, Iterations = 2 }).Fit(Checkerboard.Matrix(6)).ToJson();

    [Fact]
    public void ToJson_Header_FormatVersionMethodAndInteractions()
    {
        var root = JsonNode.Parse(AlsJson())!;

        Assert.Equal("clientele-recommender", (string?)root["format"]);
        Assert.Equal(1, (int?)root["formatVersion"]);
        Assert.Equal("als", (string?)root["method"]);
        Assert.Equal(6, root["interactions"]!["userIds"]!.AsArray().Count);
        Assert.Equal(6 * 4, root["parameters"]!["userFactors"]!.AsArray().Count);
    }

    [Fact]
    public void Read_NotARecommender_FormatException()
    {
        var error = Assert.Throws<FormatException>(() => RecommenderJson.Read("{\"format\": \"clientele-clustering-model\"}"));

        Assert.Equal("Not a recommender: expected \"format\": \"clientele-recommender\".", error.Message);
        Assert.Throws<FormatException>(() => RecommenderJson.Read("not json"));
    }

    [Fact]
    public void Read_OtherVersion_FormatExceptionNamingBoth()
    {
        var root = JsonNode.Parse(AlsJson())!;
        root["formatVersion"] = 2;

        var error = Assert.Throws<FormatException>(() => RecommenderJson.Read(root.ToJsonString()));

        Assert.Equal("Recommender format version 2 is not supported; this build reads version 1.", error.Message);
    }

    [Fact]
    public void Read_Inconsistent_FormatExceptionSayingWhat()
    {
        var truncated = JsonNode.Parse(AlsJson())!;
        truncated["parameters"]!["userFactors"]!.AsArray().RemoveAt(0);
        var unknown = JsonNode.Parse(AlsJson())!;
        unknown["method"] = "svd";
        var missing = JsonNode.Parse(AlsJson())!;
        missing["parameters"]!.AsObject().Remove("itemFactors");

        Assert.Equal("\"userFactors\" should have 24 values, has 23.", Assert.Throws<FormatException>(() => RecommenderJson.Read(truncated.ToJsonString())).Message);
        Assert.Equal("Unknown recommender method \"svd\".", Assert.Throws<FormatException>(() => RecommenderJson.Read(unknown.ToJsonString())).Message);
        Assert.StartsWith("The recommender JSON lacks a property", Assert.Throws<FormatException>(() => RecommenderJson.Read(missing.ToJsonString())).Message, StringComparison.Ordinal);
    }
}
