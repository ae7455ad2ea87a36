using Clientele.Core;
using Clientele.Core.Models;
using Clientele.Language.Sentiment;

namespace Clientele.Language.Tests.Sentiment;

/// <summary>Every sentiment model saves as a <see cref="ModelFile"/> and loads back predicting exactly the same.</summary>
public sealed class SentimentModelSaveTests
{
    private static readonly string[] Texts = ["bom", "ruim", "ótimo", "péssimo", "很好", "太差了"];

    private static ChineseSentimentModel Chinese() => new ChineseSentimentFitter(new ChineseSentimentOptions { BucketBits = 8 }).Fit(
        Texts, [SentimentLabel.Positive, SentimentLabel.Negative, SentimentLabel.Positive, SentimentLabel.Negative, SentimentLabel.Positive, SentimentLabel.Negative]);

    [Fact]
    public void EnglishLoad_OfSave_SameProbabilities()
    {
        // Three classes on 4-d vectors; the values are arbitrary but distinct, so a transposed or shifted read would show.
        var model = new EnglishSentimentModel([[0.5f, -1, 0, 2], [0, 0.25f, 1, -1], [-0.5f, 1, 0.75f, 0]], [0.1f, 0, -0.1f]);
        float[] embedding = [0.3f, -0.2f, 0.9f, 0.1f];

        var read = EnglishSentimentModel.Load(model.Save());

        var expected = new double[3];
        var actual = new double[3];
        model.Probabilities(embedding, expected);
        read.Probabilities(embedding, actual);
        Assert.Equal(expected, actual);
        Assert.Equal("sentiment-en", ModelFile.Read(model.Save()).Kind);
    }

    [Fact]
    public void ChineseLoad_OfSave_SameProbabilities()
    {
        var model = Chinese();

        var read = ChineseSentimentModel.Load(model.Save());

        Assert.Equal(Texts.Select(model.PositiveProbability), Texts.Select(read.PositiveProbability));
        Assert.Equal(model.Bias, read.Bias);
    }

    [Fact]
    public void ShopLoad_OfSave_SameProbabilitiesAndProvenance()
    {
        var model = new ShopSentimentModel("pt", "shop.duckdb", new Dictionary<string, int> { ["pt"] = 4, ["zh"] = 2 }, Chinese());

        var read = ShopSentimentModel.Load(model.Save());

        Assert.Equal(("pt", "shop.duckdb", 2), (read.Language, read.Store, read.ReviewLanguages["zh"]));
        Assert.Equal(Texts.Select(model.Model.PositiveProbability), Texts.Select(read.Model.PositiveProbability));
    }

    [Fact]
    public void Load_OtherSentimentKind_ClienteleExceptionNamingBoth()
    {
        var error = Assert.Throws<ClienteleException>(() => ShopSentimentModel.Load(Chinese().Save()));

        Assert.Contains("kind \"sentiment-zh\" where kind \"sentiment-shop\" was expected", error.Message, StringComparison.Ordinal);
    }
}
