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

    /// <summary>
    /// 1,000 rows of four labels (600, 300, 99, 1) sampled to 100 with at least 5 a label, by hand: shares 60, 30, 9.9
    /// and 0.1 floor to 60, 30, 9; the lone row of the last label is all it has, so it keeps 1; 60 + 30 + 9 + 1 = 100.
    /// </summary>
    [Fact]
    public void Sample_ManyRows_EachLabelInItsShareSortedAndSeeded()
    {
        int[] labels = [.. Enumerable.Repeat(0, 600), .. Enumerable.Repeat(1, 300), .. Enumerable.Repeat(2, 99), 3];

        var sample = StratifiedSplit.Sample(labels, 100, minimumPerLabel: 5, seed: 7);

        Assert.Equal(100, sample.Length);
        Assert.Equal([60, 30, 9, 1], Enumerable.Range(0, 4).Select(l => sample.Count(i => labels[i] == l)));
        Assert.Equal(sample.Order(), sample);
        Assert.Equal(sample.Length, sample.Distinct().Count());
        Assert.Equal(sample, StratifiedSplit.Sample(labels, 100, 5, seed: 7));
        Assert.NotEqual(sample, StratifiedSplit.Sample(labels, 100, 5, seed: 8));
    }

    /// <summary>A label whose share rounds below the minimum keeps the minimum; the rows still missing go to the largest remainders.</summary>
    [Fact]
    public void Sample_SmallLabel_KeepsTheMinimumAndTheRestFillsTheSize()
    {
        // 90, 8 and 2 rows to 20: shares 18, 1.6, 0.4 → 18, max(5, 1) = 5, min(2, 5) = 2: 25 rows, more than 20 asked, which
        // the minimum is allowed to cost. Without a minimum: 18, 1, 0, then one missing row to the largest remainder (1.6): 18, 2, 0.
        int[] labels = [.. Enumerable.Repeat(0, 90), .. Enumerable.Repeat(1, 8), .. Enumerable.Repeat(2, 2)];

        Assert.Equal([18, 5, 2], Counts(labels, StratifiedSplit.Sample(labels, 20, minimumPerLabel: 5, seed: 1)));
        Assert.Equal([18, 2, 0], Counts(labels, StratifiedSplit.Sample(labels, 20, minimumPerLabel: 0, seed: 1)));
        Assert.Equal(Enumerable.Range(0, 100), StratifiedSplit.Sample(labels, 100, 5, seed: 1));
    }

    private static int[] Counts(int[] labels, int[] sample) => [.. Enumerable.Range(0, 3).Select(l => sample.Count(i => labels[i] == l))];

    private static int Count(Label[] labels, bool[] heldOut, Label label) =>
        labels.Where((l, i) => heldOut[i] && l == label).Count();
}
