using System.Globalization;
using System.Text;

namespace Clientele.Cli.Tests;

/// <summary>Without the text model, <c>segment --text-features</c> and <c>recommend --algorithm content</c> still run and say how to fetch it.</summary>
public sealed class TextFeaturesCommandTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly string _store;

    public TextFeaturesCommandTests()
    {
        _store = _temp.File("store.duckdb");
        string[] products = ["85123A,WHITE HANGING HEART T-LIGHT HOLDER", "71053,WHITE METAL LANTERN", "22633,HAND WARMER UNION JACK", "84879,ASSORTED COLOUR BIRD ORNAMENT"];
        var csv = new StringBuilder(OnlineRetail.Header + "\n");
        for (var c = 0; c < 30; c++)
        {
            for (var o = 0; o <= c % 3; o++)
            {
                var day = new DateTime(2011, 1, 1).AddDays((c * 5) + (o * 20));
                csv.Append(CultureInfo.InvariantCulture, $"{600000 + (c * 10) + o},{products[(c + o) % 4]},{1 + (c % 5)},{day:yyyy-MM-dd HH:mm:ss},2.50,{20000 + c},United Kingdom\n");
            }
        }
        Cli.Ok("ingest", "orders", _temp.Write("orders.csv", csv.ToString()), "--store", _store);
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Segment_TextFeaturesModelMissing_RunsAndPrintsHowToFetch()
    {
        var result = Cli.Ok("segment", "--store", _store, "--method", "kmeans", "--k", "3", "--text-features", "--models", _temp.File("none"), "--out", _temp.File("out"));

        Assert.Contains("text features skipped", result.Out, StringComparison.Ordinal);
        Assert.Contains("scripts/fetch-models.sh", result.Out, StringComparison.Ordinal);
        Assert.Contains("kmeans: k = 3", result.Out, StringComparison.Ordinal);
        Assert.True(File.Exists(_temp.File(Path.Combine("out", "segments.json"))));
    }

    [Fact]
    public void RecommendContent_ModelMissing_FallsBackToTfIdfWithANote()
    {
        var result = Cli.Ok("recommend", "--store", _store, "--algorithm", "content", "--models", _temp.File("none"), "--out", _temp.File("out"), "--output", "json").Json();

        Assert.Contains("TF-IDF", result.GetProperty("note").GetString(), StringComparison.Ordinal);
        Assert.Contains("fetch-models.sh", result.GetProperty("note").GetString(), StringComparison.Ordinal);
        Assert.Equal(30, result.GetProperty("customers").GetInt32());
    }
}
