using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Clientele.Language;
using Clientele.Language.Sentiment;

namespace Clientele.Cli.Tests;

/// <summary>
/// The contract of <c>clientele text embed</c>, <c>clientele text sentiment</c> and <c>clientele models
/// train-sentiment</c>: one JSON line per input text, in input order (empty lines keep their place), no store, and a
/// one-line error with exit code 1 when a model is missing. They read the USE-lite model that
/// scripts/fetch-models.sh puts in the model cache; sentiment models are trained here into temporary caches.
/// </summary>
public sealed class TextCommandTests
{
    private static readonly string[] Labels = ["positive", "negative", "neutral"];

    private static readonly Lazy<UseLiteEmbedder> Embedder = new(() => UseLiteEmbedder.Load());

    [Fact]
    public void TextEmbed_LineFile_OneLinePerTextInOrderWith512Floats()
    {
        using var folder = new TempFolder();
        string[] texts = ["Love my Echo!", "", "这个手机很好用", "Stopped working after a week."];
        var path = folder.Write("texts.txt", string.Join('\n', texts) + "\n");

        var result = Cli.Ok("text", "embed", path);

        var lines = Lines(result.Out);
        Assert.Equal(texts, lines.Select(l => l.GetProperty("text").GetString()));
        Assert.All(lines, l => Assert.Equal(["text", "embedding"], l.EnumerateObject().Select(p => p.Name)));
        for (var i = 0; i < texts.Length; i++)
        {
            // The floats are written in their shortest round-trip form, so they read back exactly.
            Assert.Equal(Embedder.Value.Embed(texts[i]), lines[i].GetProperty("embedding").EnumerateArray().Select(v => v.GetSingle()));
        }
        Assert.Equal("", result.Err);
    }

    [Fact]
    public void TextEmbed_CsvColumn_ReadsThatColumnIncludingQuotedLineBreaks()
    {
        using var folder = new TempFolder();
        var path = folder.Write("reviews.csv", "id,review,stars\n1,\"Great, really great\",5\n2,\"Broke on day two.\nSecond line\",1\n3,,3\n");

        var result = Cli.Ok("text", "embed", path, "--column", "review");

        Assert.Equal(["Great, really great", "Broke on day two.\nSecond line", ""], Lines(result.Out).Select(l => l.GetProperty("text").GetString()));
        Assert.All(Lines(result.Out), l => Assert.Equal(512, l.GetProperty("embedding").GetArrayLength()));
    }

    [Fact]
    public void TextEmbed_StandardInput_ReadsLines()
    {
        var original = Console.In;
        try
        {
            Console.SetIn(new StringReader("first\nsecond\n"));
            var result = Cli.Ok("text", "embed", "-");

            Assert.Equal(["first", "second"], Lines(result.Out).Select(l => l.GetProperty("text").GetString()));
        }
        finally
        {
            Console.SetIn(original);
        }
    }

    [Fact]
    public void TextEmbed_MissingColumn_OneLineErrorListingTheHeader()
    {
        using var folder = new TempFolder();
        var path = folder.Write("reviews.csv", "id,review\n1,good\n");

        var result = Cli.Run("text", "embed", path, "--column", "text");

        Cli.AssertOneLineError(result, "has no column 'text'; its header is: id, review");
        Assert.Equal("", result.Out);
    }

    [Fact]
    public void TextEmbed_NoModelInCache_OneLineErrorSayingHowToFetch()
    {
        using var folder = new TempFolder();
        var path = folder.Write("texts.txt", "hello\n");

        var result = Cli.Run("text", "embed", path, "--models", folder.File("cache"));

        Cli.AssertOneLineError(result, "clientele models fetch");
        Assert.Contains("scripts/fetch-models.sh", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void TextSentiment_NoTrainedModel_OneLineErrorSayingTheCommandThatCreatesIt()
    {
        using var folder = new TempFolder();
        var path = folder.Write("texts.txt", "Love it\n");

        var result = Cli.Run("text", "sentiment", path, "--models", folder.File("cache"));

        Cli.AssertOneLineError(result, "no such sentiment model file; create the sentiment models with: clientele models train-sentiment");
        Assert.Contains(Path.Combine(folder.File("cache"), "sentiment", "sentiment-en.json"), result.Err, StringComparison.Ordinal);
        Assert.Contains("--model vader", result.Err, StringComparison.Ordinal);
        Assert.Equal("", result.Out);
    }

    [Fact]
    public void TextSentiment_CorruptModel_OneLineErrorSayingTheCommandThatCreatesIt()
    {
        using var folder = new TempFolder();
        var cache = ModelCacheWithUseLite(folder);
        Directory.CreateDirectory(Path.Combine(cache, "sentiment"));
        File.WriteAllText(Path.Combine(cache, "sentiment", "sentiment-en.json"), "{\"format\": \"clientele-sentiment-en\", \"weights\": [[");
        var path = folder.Write("texts.txt", "Love it\n");

        var result = Cli.Run("text", "sentiment", path, "--models", cache);

        Cli.AssertOneLineError(result, "is not an English sentiment model");
        Assert.Contains("clientele models train-sentiment", result.Err, StringComparison.Ordinal);
    }

    /// <summary>VADER's compound scores of the two English sentences are printed in vaderSentiment's README.</summary>
    [Fact]
    public void TextSentiment_Vader_NeedsNoModelAndSaysWhatItLeftOut()
    {
        using var folder = new TempFolder();
        var path = folder.Write("texts.txt", "The book was good.\n\nToday SUX!\n很好\n");

        var result = Cli.Run("text", "sentiment", path, "--model", "vader", "--models", folder.File("empty-cache"));

        Assert.Equal(0, result.ExitCode);
        var lines = Lines(result.Out);
        Assert.Equal(["positive", "neutral", "negative", "neutral"], lines.Select(l => l.GetProperty("label").GetString()));
        Assert.Equal([0.4404, 0, -0.5461, 0], lines.Select(l => l.GetProperty("score").GetDouble()));
        Assert.Equal(["en-vader", "none", "en-vader", "none"], lines.Select(l => l.GetProperty("model").GetString()));
        Assert.Equal(["en", "und", "en", "zh"], lines.Select(l => l.GetProperty("language").GetString()));
        Assert.False(lines[0].TryGetProperty("probability", out _));
        Assert.Contains("1 Chinese, Japanese or Korean text(s) got neutral", result.Err, StringComparison.Ordinal);
    }

    /// <summary>
    /// The whole path on small corpora: <c>models train-sentiment --data</c> reads the shared data layout, writes both
    /// models with their held-out numbers into the cache given by <c>--models</c>, and <c>text sentiment</c> reads them
    /// from there, one line per input line, empty lines in their place.
    /// </summary>
    [Fact]
    public void TrainSentiment_ThenTextSentiment_ModelsInCacheAndOneLinePerTextInOrder()
    {
        using var folder = new TempFolder();
        var cache = ModelCacheWithUseLite(folder);
        var data = SmallCorpora(folder);

        var train = Cli.Ok("models", "train-sentiment", "--data", data, "--models", cache, "--folds", "0");

        Assert.Contains("amazon_alexa.tsv: 45 rows, 45 distinct texts", train.Out, StringComparison.Ordinal);
        Assert.Contains("trained on 36, held out 9 (seed 42)", train.Out, StringComparison.Ordinal);
        Assert.Contains($"wrote {Path.Combine(cache, "sentiment", "sentiment-en.json")}", train.Out, StringComparison.Ordinal);
        var (english, chinese) = SentimentAnalyzer.LoadModels(Path.Combine(cache, "sentiment"));
        Assert.Equal(9, english.Training!.HeldOut.Count);
        Assert.Equal(8, chinese.Training!.HeldOut.Count);

        string[] texts = ["It works great, love it", "", "质量很好，很满意", "", "Broke after a day, terrible"];
        var input = folder.Write("texts.txt", string.Join('\n', texts) + "\n");
        var result = Cli.Ok("text", "sentiment", input, "--models", cache);

        var lines = Lines(result.Out);
        Assert.Equal(texts, lines.Select(l => l.GetProperty("text").GetString()));
        Assert.Equal(["en", "und", "zh", "und", "en"], lines.Select(l => l.GetProperty("language").GetString()));
        Assert.Equal(["en-use-lite", "none", "zh-char-ngrams", "none", "en-use-lite"], lines.Select(l => l.GetProperty("model").GetString()));
        Assert.Equal(["neutral", "neutral"], new[] { lines[1], lines[3] }.Select(l => l.GetProperty("label").GetString()));
        Assert.All(lines, l => Assert.Contains(l.GetProperty("label").GetString(), Labels));
        Assert.All(lines, l => Assert.InRange(l.GetProperty("score").GetDouble(), -1, 1));
        Assert.Equal(["text", "label", "score", "language", "probability", "model"], lines[0].EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void TrainSentiment_DataFolderWithoutCorpora_OneLineErrorNamingThem()
    {
        using var folder = new TempFolder();

        var result = Cli.Run("models", "train-sentiment", "--data", folder.Path, "--models", folder.File("cache"));

        Cli.AssertOneLineError(result, "amazon_alexa.tsv");
        Assert.Contains("online_shopping_10_cats.csv.gz", result.Err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder.File("cache")));
    }

    private static List<JsonElement> Lines(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            using var document = JsonDocument.Parse(line);
            return document.RootElement.Clone();
        }).ToList();

    /// <summary>A model cache folder whose use-lite entry links to the fetched model (so only sentiment models differ).</summary>
    private static string ModelCacheWithUseLite(TempFolder folder)
    {
        var cache = folder.File("cache");
        Directory.CreateDirectory(cache);
        Directory.CreateSymbolicLink(Path.Combine(cache, "use-lite"), Embedder.Value.ModelDirectory);
        return cache;
    }

    /// <summary>
    /// A data folder laid out as ../shared/data with small corpora: 45 Alexa-style reviews (15 per class, by stars) and
    /// 40 Chinese reviews (20 per label), written in the real files' formats (TSV with a BOM; gzip CSV).
    /// </summary>
    private static string SmallCorpora(TempFolder folder)
    {
        var data = folder.File("data");
        Directory.CreateDirectory(Path.Combine(data, "reviews-amazon-alexa"));
        Directory.CreateDirectory(Path.Combine(data, "reviews-zh-online-shopping"));
        string[] good = ["Love it", "Works great", "Excellent sound", "Very happy with it", "Best purchase ever"];
        string[] middling = ["It is okay", "Average speaker", "Not bad not great", "Does the job mostly", "Fine I guess"];
        string[] bad = ["Terrible", "Stopped working", "Waste of money", "Broke in a week", "Awful sound"];
        var alexa = new StringBuilder("\uFEFFrating\tdate\tvariation\tverified_reviews\tfeedback\n");
        for (var i = 0; i < 15; i++)
        {
            alexa.Append($"5\t31-Jul-18\tCharcoal Fabric \t{good[i % 5]} number {i}\t1\n");
            alexa.Append($"3\t31-Jul-18\tCharcoal Fabric \t{middling[i % 5]} number {i}\t1\n");
            alexa.Append($"1\t31-Jul-18\tCharcoal Fabric \t{bad[i % 5]} number {i}\t0\n");
        }
        File.WriteAllText(Path.Combine(data, "reviews-amazon-alexa", "amazon_alexa.tsv"), alexa.ToString());

        string[] positive = ["质量很好", "非常满意", "物流很快", "很好用", "值得购买"];
        string[] negative = ["质量太差", "很失望", "坏了", "退货", "不好用"];
        var chinese = new StringBuilder("cat,label,review\n");
        for (var i = 0; i < 20; i++)
        {
            chinese.Append($"手机,1,{positive[i % 5]}{i}\n");
            chinese.Append($"手机,0,{negative[i % 5]}{i}\n");
        }
        using (var file = File.Create(Path.Combine(data, "reviews-zh-online-shopping", "online_shopping_10_cats.csv.gz")))
        using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(chinese.ToString()));
        }
        return data;
    }
}
