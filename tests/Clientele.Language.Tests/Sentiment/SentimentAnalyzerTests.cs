using Clientele.Core;
using Clientele.Language.Sentiment;
using Clientele.Tests;

namespace Clientele.Language.Tests.Sentiment;

/// <summary>The analyzer routes each text to the model of its language and reports label, score and language.</summary>
public sealed class SentimentAnalyzerTests
{
    [SharedDataTheory(SentimentData.AlexaFile, SentimentData.ChineseFile)]
    [InlineData("I love it, the sound is amazing and setup was easy!", "positive", "en")]
    [InlineData("Stopped working after a week. Complete waste of money.", "negative", "en")]
    [InlineData("这个手机很好用，物流也快，非常满意", "positive", "zh")]
    [InlineData("质量太差了，用了两天就坏了，退货", "negative", "zh")]
    public void Analyze_ClearReview_GivesLabelAndLanguage(string text, string label, string language)
    {
        var result = SentimentData.Analyzer.Analyze(text);

        Assert.Equal(label, SentimentLabels.Name(result.Label));
        Assert.Equal(language, result.Language);
        Assert.Equal(label == "positive", result.Score > 0);
    }

    [SharedDataTheory(SentimentData.AlexaFile, SentimentData.ChineseFile)]
    [InlineData("", "und")]
    [InlineData("この製品はとても良いです", "ja")]
    [InlineData("배송이 빠르고 좋아요", "ko")]
    public void Analyze_NoModelForText_IsUnjudgedSayingWhy(string text, string language)
    {
        var result = SentimentData.Analyzer.Analyze(text);

        Assert.Equal(new SentimentResult(SentimentLabel.Neutral, 0, null, language, SentimentAnalyzer.NoModel)
        {
            Reason = text.Length == 0 ? "empty text" : $"no sentiment model for {language}",
        }, result);
        Assert.False(result.Judged);
    }

    [SharedDataFact(SentimentData.AlexaFile, SentimentData.ChineseFile)]
    public void Analyze_Batch_SameAsOneByOneInOrder()
    {
        string[] texts = ["Great speaker", "很好", "", "Terrible, it broke", "还行吧", "It's ok I guess"];

        var batch = SentimentData.Analyzer.Analyze(texts);

        Assert.Equal(texts.Select(t => SentimentData.Analyzer.Analyze(t)), batch);
    }

    [SharedDataFact(SentimentData.AlexaFile, SentimentData.ChineseFile)]
    public void Analyze_Results_ScoreInRangeAndProbabilityOfLabelIsLargest()
    {
        var texts = SentimentData.Alexa.Texts.Take(200).Select(t => t.Text).Concat(SentimentData.Chinese.Texts.Take(200).Select(t => t.Text)).ToArray();

        foreach (var result in SentimentData.Analyzer.Analyze(texts).Where(r => r.Judged))
        {
            Assert.InRange(result.Score, -1, 1);
            Assert.InRange(result.Probability!.Value, result.Model == SentimentAnalyzer.EnglishModel ? 1.0 / 3 : 0.5, 1);
            Assert.Equal(result.Language == "zh" ? SentimentAnalyzer.ChineseModel : SentimentAnalyzer.EnglishModel, result.Model);
        }
    }

    [Fact]
    public void LoadModels_MissingFile_ThrowsSayingHowToCreateIt()
    {
        using var folder = new TempFolder();

        var error = Assert.Throws<ClienteleException>(() => SentimentAnalyzer.LoadModels(folder.Path));

        Assert.Equal(folder.File("sentiment-en.json"), error.File);
        Assert.Contains("no such sentiment model file", error.Message, StringComparison.Ordinal);
        Assert.Contains("clientele models train-sentiment", error.Message, StringComparison.Ordinal);
        Assert.Contains("--model vader", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadModels_CorruptFile_ThrowsSayingHowToCreateIt()
    {
        using var folder = new TempFolder();
        folder.Write("sentiment-en.json", """{"format": "clientele-model", "kind": "sentiment-en", "formatVersion": 1, "payload": {"weights": [[0.1, 0.2""");

        var error = Assert.Throws<ClienteleException>(() => SentimentAnalyzer.LoadModels(folder.Path));

        Assert.StartsWith(folder.File("sentiment-en.json") + ": is not a saved Clientele model", error.Message, StringComparison.Ordinal);
        Assert.Contains("clientele models train-sentiment", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadModels_DefaultFolder_IsTheSentimentFolderOfTheModelCache()
    {
        Assert.Equal(Path.Combine(ModelCache.DefaultRoot, "sentiment"), SentimentModelFiles.DefaultDirectory);
        Assert.Equal(Path.GetFullPath("/tmp/models/sentiment"), SentimentModelFiles.Directory("/tmp/models"));
    }

    /// <summary>VADER's compound scores of these sentences are in its README (see <see cref="VaderAnalyzerTests"/>).</summary>
    [Fact]
    public void AnalyzeWithVader_Texts_VaderForEnglishNoModelOtherwise()
    {
        string[] texts = ["The book was good.", "Today SUX!", "这个手机很好用", "", "The speaker is black and round.", "Não recebi o produto"];

        var results = SentimentAnalyzer.AnalyzeWithVader(texts);

        Assert.Equal(
            [
                new SentimentResult(SentimentLabel.Positive, 0.4404, null, "en", SentimentAnalyzer.VaderModel),
                new SentimentResult(SentimentLabel.Negative, -0.5461, null, "en", SentimentAnalyzer.VaderModel),
                new SentimentResult(SentimentLabel.Neutral, 0, null, "zh", SentimentAnalyzer.NoModel) { Reason = "no sentiment model for zh" },
                new SentimentResult(SentimentLabel.Neutral, 0, null, "und", SentimentAnalyzer.NoModel) { Reason = "empty text" },
                new SentimentResult(SentimentLabel.Neutral, 0, null, "en", SentimentAnalyzer.VaderModel),
                new SentimentResult(SentimentLabel.Neutral, 0, null, "pt", SentimentAnalyzer.NoModel) { Reason = "no sentiment model for pt" },
            ],
            results.Select(r => r with { Score = Math.Round(r.Score, 4) }));
    }

    [Fact]
    public void AnalyzeWithVader_PortugueseReviews_NotPushedThroughEnglish()
    {
        // Olist-style one- and two-star reviews: VADER reads English only, so none of these may get a label from it.
        string[] texts = ["Péssimo", "Não recebi o produto", "Produto veio quebrado, não recomendo", "Wow"];

        var results = SentimentAnalyzer.AnalyzeWithVader(texts);

        Assert.All(results, r => Assert.Equal(("pt", SentimentAnalyzer.NoModel, "no sentiment model for pt"), (r.Language, r.Model, r.Reason)));
    }

    [Fact]
    public void Analyze_ShopModelForPortuguese_JudgesPortugueseAndLeavesEnglishToVader()
    {
        string[] good = ["muito bom", "ótimo produto", "chegou antes do prazo", "recomendo muito", "excelente qualidade", "adorei, perfeito"];
        string[] bad = ["péssimo", "não chegou", "produto quebrado", "não recomendo", "muito ruim", "veio errado"];
        var texts = Enumerable.Repeat(good, 5).SelectMany(t => t).Concat(Enumerable.Repeat(bad, 5).SelectMany(t => t)).ToArray();
        var labels = texts.Select((_, i) => i < 30 ? SentimentLabel.Positive : SentimentLabel.Negative).ToArray();
        var model = new ChineseSentimentFitter().Fit(texts, labels);
        var models = SentimentModelSet.None with
        {
            Shop = new Dictionary<string, ShopSentimentModel> { ["pt"] = new("pt", "shop.duckdb", new Dictionary<string, int> { ["pt"] = 60 }, model) },
        };

        var results = new SentimentAnalyzer(models).Analyze(["Produto muito bom", "Não chegou, péssimo", "The book was good.", "Ein gutes Produkt und sehr schnell"]);

        Assert.Equal(("pt", "pt-shop-char-ngrams", SentimentLabel.Positive), (results[0].Language, results[0].Model, results[0].Label));
        Assert.Equal(("pt", "pt-shop-char-ngrams", SentimentLabel.Negative), (results[1].Language, results[1].Model, results[1].Label));
        Assert.Equal(("en", SentimentAnalyzer.VaderModel, SentimentLabel.Positive), (results[2].Language, results[2].Model, results[2].Label));
        Assert.Equal(("de", SentimentAnalyzer.NoModel, "no sentiment model for de"), (results[3].Language, results[3].Model, results[3].Reason));
    }

    [Fact]
    public void ShopSentimentModel_SaveLoad_RoundTrips()
    {
        var model = new ChineseSentimentFitter(new ChineseSentimentOptions { BucketBits = 8 }).Fit(["bom", "ruim", "ótimo", "péssimo"],
            [SentimentLabel.Positive, SentimentLabel.Negative, SentimentLabel.Positive, SentimentLabel.Negative]);
        var shop = new ShopSentimentModel("pt", "/tmp/shop.duckdb", new Dictionary<string, int> { ["pt"] = 3, ["en"] = 1 }, model);
        using var stream = new MemoryStream();

        shop.Save(stream);
        stream.Position = 0;
        var read = ShopSentimentModel.Load(stream, "sentiment-shop-pt.json");

        Assert.Equal(("pt", "/tmp/shop.duckdb", 3), (read.Language, read.Store, read.ReviewLanguages["pt"]));
        Assert.Equal(model.Weights(), read.Model.Weights());
        Assert.Equal(model.PositiveProbability("bom demais"), read.Model.PositiveProbability("bom demais"));
    }

    [Fact]
    public void ModelSetLoad_EnglishModelWithoutTheEncoder_VaderForEnglishAndANote()
    {
        using var folder = new TempFolder();
        folder.Write("sentiment-en.json", "{}"); // never read: the encoder it needs is missing first

        var models = SentimentModelSet.Load(folder.Path, () => throw new TextModelUnavailableException("no USE-lite files", folder.File("use-lite")));

        Assert.Null(models.English);
        Assert.Null(models.Embedder);
        var note = Assert.Single(models.Notes);
        Assert.Contains("English texts get VADER", note, StringComparison.Ordinal);
        Assert.Equal(SentimentAnalyzer.VaderModel, new SentimentAnalyzer(models).Analyze("I love it").Model);
    }

    [Fact]
    public void ModelSetLoad_CorruptShopModel_ThrowsNamingTheFile()
    {
        using var folder = new TempFolder();
        folder.Write("sentiment-shop-pt.json", """{"format": "clientele-model", "kind": "sentiment-shop", "formatVersion": 1, "payload": {"language": "pt"}}""");

        var error = Assert.Throws<ClienteleException>(() => SentimentModelSet.Load(folder.Path, () => throw new InvalidOperationException("not needed")));

        Assert.Equal(folder.File("sentiment-shop-pt.json"), error.File);
        Assert.Contains("train-sentiment --from-store", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadAvailable_EmptyCache_VaderForEnglishOnly()
    {
        using var folder = new TempFolder();

        var analyzer = SentimentAnalyzer.LoadAvailable(folder.Path, embedder: null);

        Assert.Null(analyzer.English);
        Assert.Equal("en (VADER)", analyzer.Models.Describe());
        Assert.Equal(SentimentAnalyzer.VaderModel, analyzer.Analyze("I love it").Model);
    }

    [Fact]
    public void EnglishModelLoad_OtherKindOrVersionOrEarlierLayout_ThrowsNamingIt()
    {
        using var folder = new TempFolder();
        using var wrongKind = new MemoryStream("""{"format": "clientele-model", "kind": "sentiment-zh", "formatVersion": 1, "payload": {}}"""u8.ToArray());
        using var wrongVersion = new MemoryStream("""{"format": "clientele-model", "kind": "sentiment-en", "formatVersion": 99, "payload": {}}"""u8.ToArray());
        using var earlierLayout = new MemoryStream("""{"format": "clientele-sentiment-en", "version": 1}"""u8.ToArray());

        var kind = Assert.Throws<ClienteleException>(() => EnglishSentimentModel.Load(wrongKind, "a.json"));
        var version = Assert.Throws<ClienteleException>(() => EnglishSentimentModel.Load(wrongVersion, "b.json"));
        var earlier = Assert.Throws<ClienteleException>(() => EnglishSentimentModel.Load(earlierLayout, "c.json"));

        Assert.Contains("kind \"sentiment-zh\"", kind.Message, StringComparison.Ordinal);
        Assert.Contains("version 99", version.Message, StringComparison.Ordinal);
        Assert.Contains("clientele models train-sentiment", earlier.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ChineseModelLoad_TruncatedWeights_Throws()
    {
        using var stream = new MemoryStream("""{"format": "clientele-model", "kind": "sentiment-zh", "formatVersion": 1, "payload": {"maximum_ngram_length": 2, "bucket_bits": 16, "bias": 0, "weights_float32_le_base64": "AAAAAA=="}}"""u8.ToArray());

        var error = Assert.Throws<ClienteleException>(() => ChineseSentimentModel.Load(stream, "c.json"));

        Assert.Contains("65536 float32", error.Message, StringComparison.Ordinal);
    }
}
