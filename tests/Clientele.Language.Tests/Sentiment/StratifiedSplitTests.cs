using Clientele.Language.Sentiment;

namespace Clientele.Language.Tests.Sentiment;

public sealed class StratifiedSplitTests
{
    private static SentimentLabel[] Labels() =>
        [.. Enumerable.Repeat(SentimentLabel.Negative, 30), .. Enumerable.Repeat(SentimentLabel.Neutral, 11), .. Enumerable.Repeat(SentimentLabel.Positive, 59)];

    [Fact]
    public void HeldOut_Fraction_TakesThatShareOfEveryLabel()
    {
        var labels = Labels();

        var heldOut = StratifiedSplit.HeldOut(labels, 0.2, seed: 42);

        Assert.Equal(6, Count(labels, heldOut, SentimentLabel.Negative));
        Assert.Equal(2, Count(labels, heldOut, SentimentLabel.Neutral)); // round(2.2)
        Assert.Equal(12, Count(labels, heldOut, SentimentLabel.Positive)); // round(11.8)
    }

    [Fact]
    public void HeldOut_SameSeed_SameSplit_OtherSeed_OtherSplit()
    {
        var labels = Labels();

        Assert.Equal(StratifiedSplit.HeldOut(labels, 0.2, 7), StratifiedSplit.HeldOut(labels, 0.2, 7));
        Assert.NotEqual(StratifiedSplit.HeldOut(labels, 0.2, 7), StratifiedSplit.HeldOut(labels, 0.2, 8));
    }

    [Fact]
    public void Folds_EveryItemInOneFold_LabelsSpreadEvenly()
    {
        var labels = Labels();

        var folds = StratifiedSplit.Folds(labels, 5, seed: 1);

        Assert.All(folds, f => Assert.InRange(f, 0, 4));
        for (var f = 0; f < 5; f++)
        {
            Assert.Equal(6, labels.Where((l, i) => folds[i] == f && l == SentimentLabel.Negative).Count());
        }
    }

    private static int Count(SentimentLabel[] labels, bool[] heldOut, SentimentLabel label) =>
        labels.Where((l, i) => heldOut[i] && l == label).Count();
}
