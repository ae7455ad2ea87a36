using Clientele.Core;
using Clientele.Language.Sentiment;
using Clientele.Tests;
using Xunit.Abstractions;

namespace Clientele.Language.Tests.Sentiment;

/// <summary>
/// The training behind <c>clientele models train-sentiment</c>: the seeded split, the record it stores with each model,
/// that the same data and seed give the same weights, and where the command finds its data.
/// </summary>
public sealed class SentimentTrainingTests(ITestOutputHelper output)
{
    [SharedDataFact(SentimentData.AlexaFile, SentimentData.ChineseFile)]
    public void Train_BothModels_RecordSplitSeedAndTrainer()
    {
        var english = SentimentData.TrainedEnglish.Training!;
        var chinese = SentimentData.TrainedChinese.Training!;
        output.WriteLine($"training both models took {SentimentData.TrainingTime.TotalSeconds:0.0} s");

        Assert.Equal((1_841, 460, 42, 0.2), (english.TrainTexts, english.HeldOutTexts, english.Seed, english.HeldOutFraction));
        Assert.Equal((50_179, 12_544, 42), (chinese.TrainTexts, chinese.HeldOutTexts, chinese.Seed));
        Assert.Equal(english.CorpusRows, english.Texts + english.EmptyTexts + english.DuplicateTexts);
        Assert.Equal(chinese.CorpusRows, chinese.Texts + chinese.EmptyTexts + chinese.DuplicateTexts);
        Assert.Contains("LbfgsMaximumEntropy", english.Trainer, StringComparison.Ordinal);
        Assert.NotNull(english.Baseline);
        Assert.Null(chinese.Baseline);
    }

    [SharedDataFact(SentimentData.AlexaFile)]
    public void EnglishTrainer_SameDataTwice_SameWeights()
    {
        var texts = SentimentData.Alexa.Texts.Take(400).ToList();
        var embeddings = UseLiteModel.Embedder.Embed(texts.Select(t => t.Text).ToArray());
        var labels = texts.Select(t => t.Label).ToArray();

        var first = new EnglishSentimentFitter().Fit(embeddings, labels);
        var second = new EnglishSentimentFitter().Fit(embeddings, labels);

        foreach (var label in SentimentLabels.All)
        {
            Assert.Equal(first.Bias(label), second.Bias(label));
            Assert.Equal(first.Weights(label), second.Weights(label));
        }
    }

    [SharedDataFact(SentimentData.ChineseFile)]
    public void ChineseTrainer_SameDataTwice_SameWeights()
    {
        var texts = SentimentData.Chinese.Texts.Where((_, i) => i % 20 == 0).ToList();
        var labels = texts.Select(t => t.Label).ToArray();

        var first = new ChineseSentimentFitter().Fit(texts.Select(t => t.Text).ToArray(), labels);
        var second = new ChineseSentimentFitter().Fit(texts.Select(t => t.Text).ToArray(), labels);

        Assert.Equal(first.Bias, second.Bias);
        Assert.Equal(first.Weights(), second.Weights());
    }

    [SharedDataFact(SentimentData.AlexaFile)]
    public void Split_AlexaCorpus_IsStratified8020()
    {
        var (train, heldOut) = SentimentTraining.Split(SentimentData.Alexa);

        Assert.Equal(1_841, train.Count);
        Assert.Equal(460, heldOut.Count);
        Assert.Equal(41, heldOut.Count(t => t.Label == SentimentLabel.Negative)); // round(0.2 × 206)
        Assert.Equal(21, heldOut.Count(t => t.Label == SentimentLabel.Neutral)); // round(0.2 × 105)
        Assert.Equal(398, heldOut.Count(t => t.Label == SentimentLabel.Positive)); // round(0.2 × 1,990)
        Assert.Empty(train.Select(t => t.Text).Intersect(heldOut.Select(t => t.Text)));
    }

    [SharedDataFact(SentimentData.AlexaFile, SentimentData.ChineseFile)]
    public void LocateData_NotGiven_FindsSharedDataAboveTheRepository()
    {
        var found = SentimentTrainingData.Locate(null, [TestData.RepositoryRoot]);

        Assert.Equal(Path.GetFullPath(Path.Combine(TestData.RepositoryRoot, "..", "shared", "data")), found);
    }

    [Fact]
    public void LocateData_GivenFolderWithoutCorpora_ThrowsNamingWhatIsMissing()
    {
        using var folder = new TempFolder();

        var error = Assert.Throws<ClienteleException>(() => SentimentTrainingData.Locate(folder.Path, []));

        Assert.Contains("amazon_alexa.tsv", error.Message, StringComparison.Ordinal);
        Assert.Contains("online_shopping_10_cats.csv.gz", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteModels_ThenLoad_RoundTripsAndLeavesNoPartialFile()
    {
        using var folder = new TempFolder();
        var english = new EnglishSentimentModel([[1f, 0f], [0f, 1f], [0.5f, 0.5f]], [0.1f, 0.2f, 0.3f]);
        var features = new CharNgramHasher(2, 8);
        var chinese = new ChineseSentimentModel(features, [.. Enumerable.Range(0, features.Buckets).Select(i => i / 10f)], -0.5f);
        var directory = Path.Combine(folder.Path, "sentiment");

        SentimentModelFiles.Write(directory, english, chinese);
        var (readEnglish, readChinese) = SentimentAnalyzer.LoadModels(directory);

        Assert.Equal(["sentiment-en.json", "sentiment-zh.json"], Directory.GetFiles(directory).Select(Path.GetFileName).Order());
        Assert.Equal(english.Weights(SentimentLabel.Positive), readEnglish.Weights(SentimentLabel.Positive));
        Assert.Equal(english.Bias(SentimentLabel.Neutral), readEnglish.Bias(SentimentLabel.Neutral));
        Assert.Equal(chinese.Weights(), readChinese.Weights());
        Assert.Equal(-0.5f, readChinese.Bias);
    }
}
