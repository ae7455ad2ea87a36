using Clientele.Language.Sentiment;

namespace Clientele.Language.Tests.Sentiment;

public sealed class SentimentEvaluationTests
{
    private const SentimentLabel Neg = SentimentLabel.Negative;
    private const SentimentLabel Neu = SentimentLabel.Neutral;
    private const SentimentLabel Pos = SentimentLabel.Positive;

    /// <summary>
    /// By hand, as scikit-learn's f1_score(average='macro') counts: negative TP 2, FP 0, FN 1 → 4/5; neutral TP 0, FP 1,
    /// FN 1 → 0; positive TP 3, FP 2, FN 1 → 6/9. Macro-F1 = (0.8 + 0 + 0.6667) / 3 = 0.48889; accuracy 5/8.
    /// </summary>
    [Fact]
    public void Of_KnownPredictions_GivesHandComputedMetrics()
    {
        SentimentLabel[] actual = [Neg, Neg, Neg, Neu, Pos, Pos, Pos, Pos];
        SentimentLabel[] predicted = [Neg, Neg, Pos, Pos, Pos, Pos, Pos, Neu];

        var evaluation = SentimentEvaluation.Of(actual, predicted, SentimentLabels.All);

        Assert.Equal(0.625, evaluation.Accuracy, 12);
        Assert.Equal(0.8, evaluation.F1[0], 12);
        Assert.Equal(0.0, evaluation.F1[1], 12);
        Assert.Equal(6.0 / 9, evaluation.F1[2], 12);
        Assert.Equal((0.8 + (6.0 / 9)) / 3, evaluation.MacroF1, 12);
        Assert.Equal([2, 0, 1], evaluation.Confusion[0]);
        Assert.Equal([0, 0, 1], evaluation.Confusion[1]);
        Assert.Equal([0, 1, 3], evaluation.Confusion[2]);
    }

    [Fact]
    public void Of_ClassNeverSeen_CountsF1AsZero()
    {
        var evaluation = SentimentEvaluation.Of([Pos, Neg], [Pos, Neg], SentimentLabels.All);

        Assert.Equal(1.0, evaluation.Accuracy);
        Assert.Equal(2.0 / 3, evaluation.MacroF1, 12);
    }

    [Fact]
    public void Of_LabelOutsideClasses_Throws()
    {
        Assert.Throws<ArgumentException>(() => SentimentEvaluation.Of([Neu], [Pos], [Neg, Pos]));
    }
}
