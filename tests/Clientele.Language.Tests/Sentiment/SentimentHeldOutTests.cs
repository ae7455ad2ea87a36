using Clientele.Language.Sentiment;
using Clientele.Tests;

namespace Clientele.Language.Tests.Sentiment;

/// <summary>
/// The acceptance numbers of the models that <c>clientele models train-sentiment</c> trains (here trained once per test
/// run, <see cref="SentimentData"/>), on their held-out 20% (seed 42, stratified): the English model beats VADER on
/// accuracy and macro-F1, and the Chinese model reaches at least 0.90 accuracy. The held-out texts are recomputed here
/// from the corpora and the models read back from their files, so these tests also check that the numbers each model
/// file records are those of that model on that split.
/// </summary>
public sealed class SentimentHeldOutTests
{
    [SharedDataFact(SentimentData.AlexaFile, SentimentData.ChineseFile)]
    public void EnglishModel_HeldOutAlexaReviews_BeatsVaderOnAccuracyAndMacroF1()
    {
        var (_, heldOut) = SentimentTraining.Split(SentimentData.Alexa);
        var texts = heldOut.Select(t => t.Text).ToArray();
        var actual = heldOut.Select(t => t.Label).ToArray();
        var model = SentimentData.TrainedEnglish;

        var vectors = UseLiteModel.Embedder.Embed(texts);
        var trained = SentimentEvaluation.Of(actual, vectors.Select(v => model.Predict(v)).ToArray(), SentimentLabels.All);
        var vader = SentimentEvaluation.Of(actual, texts.Select(t => VaderAnalyzer.Default.PolarityScores(t).Label).ToArray(), SentimentLabels.All);

        Assert.Equal(460, trained.Count);
        Assert.True(trained.Accuracy > vader.Accuracy, $"accuracy: trained {trained.Accuracy:0.0000}, VADER {vader.Accuracy:0.0000}");
        Assert.True(trained.MacroF1 > vader.MacroF1, $"macro-F1: trained {trained.MacroF1:0.0000}, VADER {vader.MacroF1:0.0000}");
        // The numbers the model file records (and Sentiment/README.md reports: 0.8913 / 0.6318 against 0.8217 / 0.4636) are these.
        var recorded = model.Training!;
        Assert.Equal(recorded.HeldOut.Accuracy, trained.Accuracy, 9);
        Assert.Equal(recorded.HeldOut.MacroF1, trained.MacroF1, 9);
        Assert.Equal(recorded.Baseline!.Accuracy, vader.Accuracy, 9);
        Assert.Equal(recorded.Baseline.MacroF1, vader.MacroF1, 9);
    }

    [SharedDataFact(SentimentData.AlexaFile, SentimentData.ChineseFile)]
    public void ChineseModel_HeldOutShoppingReviews_AccuracyAtLeast090()
    {
        var (_, heldOut) = SentimentTraining.Split(SentimentData.Chinese);
        var model = SentimentData.TrainedChinese;
        var predicted = new SentimentLabel[heldOut.Count];
        Parallel.For(0, heldOut.Count, i => predicted[i] = model.Predict(heldOut[i].Text));

        var evaluation = SentimentEvaluation.Of(heldOut.Select(t => t.Label).ToArray(), predicted, [SentimentLabel.Negative, SentimentLabel.Positive]);

        Assert.Equal(12_544, evaluation.Count);
        Assert.True(evaluation.Accuracy >= 0.90, $"held-out accuracy {evaluation.Accuracy:0.0000}");
        Assert.Equal(model.Training!.HeldOut.Accuracy, evaluation.Accuracy, 9);
    }
}
