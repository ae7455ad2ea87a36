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
    public void TextSentiment_FreshModelCache_EnglishByVaderPortugueseUnlabelledUntilTrainedFromStore()
    {
        // The acceptance case of issue 13: nothing in the model cache and no research corpora. English texts get labels
        // (VADER); Portuguese ones a clear "no sentiment model for pt"; after models train-sentiment --from-store on a
        // store with rated Portuguese reviews, Portuguese texts get labels from the shop's own model.
        using var folder = new TempFolder();
        var cache = folder.File("empty-cache");
        var input = folder.Write("texts.txt", "I love it, works great\nPéssimo, não recebi o produto\nProduto excelente, chegou antes do prazo\nThis is terrible\n");

        var before = Cli.Ok("text", "sentiment", input, "--models", cache);

        var lines = Lines(before.Out);
        Assert.Equal(["positive", null, null, "negative"], lines.Select(l => l.GetProperty("label").GetString()));
        Assert.Equal(["en", "pt", "pt", "en"], lines.Select(l => l.GetProperty("language").GetString()));
        Assert.Equal(["en-vader", "none", "none", "en-vader"], lines.Select(l => l.GetProperty("model").GetString()));
        Assert.Equal("no sentiment model for pt", lines[1].GetProperty("reason").GetString());
        Assert.Equal(JsonValueKind.Null, lines[1].GetProperty("score").ValueKind);
        Assert.Contains("2 text(s) got no label, no sentiment model reads their language (2 in pt)", before.Err, StringComparison.Ordinal);
        Assert.Contains("train-sentiment --from-store", before.Err, StringComparison.Ordinal);

        var store = folder.File("shop.duckdb");
        Cli.Ok("ingest", "reviews", PortugueseReviews(folder), "--store", store);
        var train = Cli.Ok("models", "train-sentiment", "--from-store", "--store", store, "--models", cache);

        Assert.Contains("the model is kept for pt (pt-shop-char-ngrams)", train.Out, StringComparison.Ordinal);
        Assert.Contains("held-out accuracy", train.Out, StringComparison.Ordinal);
        Assert.Contains($"wrote {Path.Combine(cache, "sentiment", "sentiment-shop-pt.json")}", train.Out, StringComparison.Ordinal);

        var after = Lines(Cli.Ok("text", "sentiment", input, "--models", cache).Out);
        Assert.Equal(["positive", "negative", "positive", "negative"], after.Select(l => l.GetProperty("label").GetString()));
        Assert.Equal(["en-vader", "pt-shop-char-ngrams", "pt-shop-char-ngrams", "en-vader"], after.Select(l => l.GetProperty("model").GetString()));
    }

    [Fact]
    public void TrainSentimentFromStore_TooFewRatedReviews_OneLineErrorSayingHowManyAreNeeded()
    {
        using var folder = new TempFolder();
        var store = folder.File("shop.duckdb");
        var reviews = folder.Write("reviews.csv", "customer_id,product_id,rating,text,date\nc1,p1,5,Muito bom,2024-01-02\nc2,p1,1,Péssimo,2024-01-03\nc3,p1,3,Ok,2024-01-04\n");
        Cli.Ok("ingest", "reviews", reviews, "--store", store);

        var result = Cli.Run("models", "train-sentiment", "--from-store", "--store", store, "--models", folder.File("cache"));

        Cli.AssertOneLineError(result, "1 distinct negative (1–2 stars) and 1 positive (4–5 stars); at least 50 of each are needed");
        Assert.Contains("1 rated 3 left out", result.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder.File("cache"), "sentiment", "sentiment-shop-pt.json")));
    }

    /// <summary>
    /// 120 distinct Portuguese reviews written for the test (no Olist text is copied): every pairing of a few good and
    /// bad phrases, 4–5 stars for the good and 1–2 for the bad, plus some 3-star ones that training leaves out.
    /// </summary>
    private static string PortugueseReviews(TempFolder folder)
    {
        string[] good = ["Produto excelente", "Muito bom", "Adorei", "Ótima compra", "Recomendo", "Chegou antes do prazo", "Tudo certo", "Bem embalado", "Qualidade ótima", "Perfeito"];
        string[] bad = ["Péssimo", "Não recebi o produto", "Veio quebrado", "Não recomendo", "Produto ruim", "Atrasou muito", "Veio errado", "Muito fraco", "Não funciona", "Horrível"];
        var lines = new List<string> { "customer_id,product_id,rating,text,date" };
        var n = 0;
        foreach (var a in good)
        {
            foreach (var b in good.Where(b => b != a).Take(6))
            {
                lines.Add($"c{n},p{n % 7},{4 + (n % 2)},\"{a}, {b.ToLowerInvariant()}\",2024-02-{1 + (n % 27):00}");
                n++;
            }
        }
        foreach (var a in bad)
        {
            foreach (var b in bad.Where(b => b != a).Take(6))
            {
                lines.Add($"c{n},p{n % 7},{1 + (n % 2)},\"{a}, {b.ToLowerInvariant()}\",2024-03-{1 + (n % 27):00}");
                n++;
            }
        }
        lines.Add("c999,p1,3,\"Normal, nada demais\",2024-04-01");
        return folder.Write("reviews.csv", string.Join('\n', lines) + "\n");
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

        Cli.AssertOneLineError(result, "is not a saved Clientele model");
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
        Assert.Equal(["positive", null, "negative", null], lines.Select(l => l.GetProperty("label").GetString()));
        Assert.Equal([0.4404, -0.5461], lines.Where(l => l.GetProperty("score").ValueKind == JsonValueKind.Number).Select(l => l.GetProperty("score").GetDouble()));
        Assert.Equal(["en-vader", "none", "en-vader", "none"], lines.Select(l => l.GetProperty("model").GetString()));
        Assert.Equal(["en", "und", "en", "zh"], lines.Select(l => l.GetProperty("language").GetString()));
        Assert.Equal([null, "empty text", null, "no sentiment model for zh"], lines.Select(l => l.TryGetProperty("reason", out var r) ? r.GetString() : null));
        Assert.False(lines[0].TryGetProperty("probability", out _));
        Assert.Contains("1 text(s) got no label, no sentiment model reads their language (1 in zh)", result.Err, StringComparison.Ordinal);
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
        Assert.Equal([JsonValueKind.Null, JsonValueKind.Null], new[] { lines[1], lines[3] }.Select(l => l.GetProperty("label").ValueKind));
        var judged = new[] { lines[0], lines[2], lines[4] };
        Assert.All(judged, l => Assert.Contains(l.GetProperty("label").GetString(), Labels));
        Assert.All(judged, l => Assert.InRange(l.GetProperty("score").GetDouble(), -1, 1));
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
