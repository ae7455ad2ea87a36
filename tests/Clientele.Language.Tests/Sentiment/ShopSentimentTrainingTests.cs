using Clientele.Core;
using Clientele.Language.Sentiment;
using Clientele.Tests;
using Xunit.Abstractions;

namespace Clientele.Language.Tests.Sentiment;

/// <summary>A shop's own sentiment model from its star ratings (<see cref="SentimentTraining.TrainShop"/>).</summary>
public sealed class ShopSentimentTrainingTests(ITestOutputHelper output)
{
    [Fact]
    public void FromRatings_Stars_OneTwoNegativeFourFivePositiveThreeLeftOut()
    {
        (string?, double)[] reviews = [("ruim", 1), ("fraco", 2), ("ok", 3), ("bom", 4), ("ótimo", 5), ("", 5), (null, 1), ("bom", 5), ("bom", 1)];

        var corpus = SentimentCorpus.FromRatings("shop", reviews, out var middle);

        Assert.Equal(1, middle);
        Assert.Equal(8, corpus.Rows); // 9 reviews less the 3-star one
        Assert.Equal(2, corpus.Empty);
        Assert.Equal(2, corpus.Duplicates); // "bom" again (5 stars, same label) and again (1 star, conflicting)
        Assert.Equal(1, corpus.Conflicting);
        Assert.Equal(
            [new LabelledText("ruim", SentimentLabel.Negative), new LabelledText("fraco", SentimentLabel.Negative), new LabelledText("bom", SentimentLabel.Positive), new LabelledText("ótimo", SentimentLabel.Positive)],
            corpus.Texts);
    }

    [Fact]
    public void TrainShop_TooFewRatedReviews_RefusesSayingHowManyAreNeeded()
    {
        var reviews = Enumerable.Range(0, 60).Select(i => ((string?)$"muito bom produto {i}", 5.0))
            .Concat(Enumerable.Range(0, 20).Select(i => ((string?)$"péssimo, não chegou {i}", 1.0)));
        var corpus = SentimentCorpus.FromRatings("shop", reviews, out var middle);

        var error = Assert.Throws<ClienteleException>(() => SentimentTraining.TrainShop(corpus, "shop.duckdb", middle));

        Assert.Contains("20 distinct negative (1–2 stars) and 60 positive (4–5 stars); at least 50 of each are needed", error.Message, StringComparison.Ordinal);
        Assert.Equal("shop.duckdb", error.File);
    }

    /// <summary>
    /// Olist's own star ratings train a Portuguese model. Its held-out accuracy must clearly beat always answering the
    /// commoner class (negative: the subset keeps every non-delivered order, so 1-star reviews are 32%; see its README).
    /// Measured here: 0.9026 against 0.6064 (seed 42, 719 held-out texts, the file's order; through a store, whose order is
    /// by customer, the split differs and gives 0.8846).
    /// </summary>
    [SharedDataFact(OlistReviews.File)]
    public void TrainShop_OlistRatings_PortugueseModelBeatsTheCommonerClass()
    {
        var corpus = SentimentCorpus.FromRatings("olist", OlistReviews.Rated().Select(r => ((string?)r.Message, (double)r.Score)), out var middle);

        var shop = SentimentTraining.TrainShop(corpus, "olist.duckdb", middle);

        var training = shop.Model.Training!;
        output.WriteLine(SentimentTraining.Summarize(training));
        Assert.Equal("pt", shop.Language);
        Assert.Equal("pt-shop-char-ngrams", shop.Name);
        Assert.True(shop.ReviewLanguages["pt"] > 0.95 * corpus.Texts.Count, $"{shop.ReviewLanguages["pt"]} of {corpus.Texts.Count} Portuguese");
        Assert.Equal(training.TrainTexts + training.HeldOutTexts, corpus.Texts.Count);
        Assert.InRange(training.HeldOut.Accuracy, 0.85, 1);
        Assert.True(training.HeldOut.Accuracy > training.Baseline!.Accuracy + 0.2, $"{training.HeldOut.Accuracy} against {training.Baseline.Accuracy}");

        // The analyzer now reads Portuguese with it: the one- and two-star reviews that the English model called
        // positive (1,044 of 2,256 in the issue) are now mostly negative (2,113 of 2,233 here; most of them were
        // training texts, so this checks the wiring, and the held-out accuracy above the model).
        var analyzer = new SentimentAnalyzer(SentimentModelSet.None with { Shop = new Dictionary<string, ShopSentimentModel> { ["pt"] = shop } });
        var low = OlistReviews.Rated().Where(r => r.Score <= 2).Select(r => r.Message).ToList();
        var results = analyzer.Analyze(low);
        var negative = results.Count(r => r.Label == SentimentLabel.Negative && r.Judged);
        output.WriteLine($"{negative} of {low.Count} one- and two-star reviews negative; {results.Count(r => !r.Judged)} unjudged");
        Assert.True(negative > 0.9 * low.Count, $"{negative} of {low.Count}");
    }
}
