using Clientele.Core.Maths;

namespace Clientele.Core.Tests.Maths;

public sealed class StratifiedSplitTests
{
    private enum Label
    {
        Negative,
        Neutral,
        Positive,
    }

    private static Label[] Labels() =>
        [.. Enumerable.Repeat(Label.Negative, 30), .. Enumerable.Repeat(Label.Neutral, 11), .. Enumerable.Repeat(Label.Positive, 59)];

    [Fact]
    public void HeldOut_Fraction_TakesThatShareOfEveryLabel()
    {
        var labels = Labels();

        var heldOut = StratifiedSplit.HeldOut(labels, 0.2, seed: 42);

        Assert.Equal(6, Count(labels, heldOut, Label.Negative));
        Assert.Equal(2, Count(labels, heldOut, Label.Neutral)); // round(2.2)
        Assert.Equal(12, Count(labels, heldOut, Label.Positive)); // round(11.8)
    }

    [Fact]
    public void HeldOut_SameSeed_SameSplit_OtherSeed_OtherSplit()
    {
        var labels = Labels();

        Assert.Equal(StratifiedSplit.HeldOut(labels, 0.2, 7), StratifiedSplit.HeldOut(labels, 0.2, 7));
        Assert.NotEqual(StratifiedSplit.HeldOut(labels, 0.2, 7), StratifiedSplit.HeldOut(labels, 0.2, 8));
    }

    [Fact]
    public void Folds_ThreeLabels_EveryLabelSpreadEvenlyAndFoldSizesWithinOne()
    {
        var labels = Labels();

        var folds = StratifiedSplit.Folds(labels, 5, seed: 1);

        Assert.All(folds, f => Assert.InRange(f, 0, 4));
        for (var f = 0; f < 5; f++)
        {
            Assert.Equal(6, labels.Where((l, i) => folds[i] == f && l == Label.Negative).Count());
            Assert.InRange(labels.Where((l, i) => folds[i] == f && l == Label.Neutral).Count(), 2, 3); // 11 over 5
            Assert.InRange(labels.Where((l, i) => folds[i] == f && l == Label.Positive).Count(), 11, 12); // 59 over 5
            Assert.Equal(20, folds.Count(x => x == f)); // 100 over 5: dealing continues across labels
        }
    }

    [Fact]
    public void Folds_BooleanLabels_EveryFoldHasTheClassBalance_AndTheSeedFixesThem()
    {
        var labels = Enumerable.Range(0, 103).Select(i => i % 5 == 0).ToArray(); // 21 positives, 82 negatives

        var folds = StratifiedSplit.Folds(labels, 5, seed: 42);

        for (var f = 0; f < 5; f++)
        {
            Assert.InRange(Enumerable.Range(0, 103).Count(i => folds[i] == f && labels[i]), 4, 5);
            Assert.InRange(Enumerable.Range(0, 103).Count(i => folds[i] == f), 20, 21);
        }
        Assert.Equal(folds, StratifiedSplit.Folds(labels, 5, seed: 42));
        Assert.NotEqual(folds, StratifiedSplit.Folds(labels, 5, seed: 43));
    }

    [Fact]
    public void Folds_OneFold_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => StratifiedSplit.Folds([1, 2, 3], 1, seed: 1));
    }

    private static int Count(Label[] labels, bool[] heldOut, Label label) =>
        labels.Where((l, i) => heldOut[i] && l == label).Count();
}
