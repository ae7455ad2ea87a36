namespace Clientele.Segmentation.Tests;

public sealed class RfmScoringTests
{
    [Fact]
    public void ScoreHigherIsBetter_TenDistinctValues_TwoPerQuintile()
    {
        // Hand-computed: worse counts 0..9 → 1 + ⌊5w/10⌋; the same as pandas qcut(q=5, labels=[1..5]) on distinct values.
        var scores = RfmScoring.ScoreHigherIsBetter([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        Assert.Equal([1, 1, 2, 2, 3, 3, 4, 4, 5, 5], scores);
    }

    [Fact]
    public void ScoreHigherIsBetter_Ties_EqualValuesEqualScores()
    {
        // Six customers with one order: none has a worse value, all score 1; "2" has 6 of 10 below it → 1 + ⌊3⌋ = 4.
        var scores = RfmScoring.ScoreHigherIsBetter([1, 1, 1, 1, 1, 1, 2, 3, 4, 5]);
        Assert.Equal([1, 1, 1, 1, 1, 1, 4, 4, 5, 5], scores);
    }

    [Fact]
    public void ScoreLowerIsBetter_Recency_FewestDaysScoresFive()
    {
        // 10 days: 4 of 5 customers are worse (more days) → 1 + ⌊5·4/5⌋ = 5; 50 days: none worse → 1.
        Assert.Equal([5, 4, 3, 2, 1], RfmScoring.ScoreLowerIsBetter([10, 20, 30, 40, 50]));
    }

    [Fact]
    public void ScoreHigherIsBetter_AnyInput_ScoresInRangeAndMonotone()
    {
        var random = new Random(7);
        var values = Enumerable.Range(0, 1000).Select(_ => (double)random.Next(0, 40)).ToArray();
        var scores = RfmScoring.ScoreHigherIsBetter(values);
        Assert.All(scores, s => Assert.InRange(s, 1, 5));
        for (var i = 0; i < values.Length; i++)
        {
            for (var j = 0; j < values.Length; j += 37)
            {
                if (values[i] < values[j])
                {
                    Assert.True(scores[i] <= scores[j]);
                }
                if (values[i] == values[j])
                {
                    Assert.Equal(scores[i], scores[j]);
                }
            }
        }
    }

    [Fact]
    public void Score_NaN_Throws() => Assert.Throws<ArgumentException>(() => RfmScoring.ScoreHigherIsBetter([1, double.NaN]));
}

public sealed class RfmSegmentsTests
{
    [Theory]
    [InlineData(5, 5, 5, RfmSegments.Champions)]
    [InlineData(5, 1, 1, RfmSegments.New)]
    [InlineData(4, 1, 1, RfmSegments.Promising)]
    [InlineData(1, 1, 1, RfmSegments.Lost)]
    [InlineData(1, 5, 5, RfmSegments.CantLoseThem)]
    [InlineData(2, 1, 2, RfmSegments.Hibernating)] // FM = ⌈3/2⌉ = 2
    [InlineData(3, 1, 2, RfmSegments.NeedAttention)]
    [InlineData(3, 1, 1, RfmSegments.AboutToSleep)]
    [InlineData(2, 3, 4, RfmSegments.AtRisk)] // FM = ⌈7/2⌉ = 4
    [InlineData(3, 4, 4, RfmSegments.Loyal)]
    [InlineData(5, 2, 3, RfmSegments.PotentialLoyalist)]
    public void Name_GridCells_MatchTheDocumentedTable(int r, int f, int m, string expected) =>
        Assert.Equal(expected, RfmSegments.Name(r, f, m));

    [Fact]
    public void Cells_EverySegment_CoversTheGridExactlyOnce()
    {
        var cells = RfmSegments.All.SelectMany(RfmSegments.Cells).ToList();
        Assert.Equal(25, cells.Count);
        Assert.Equal(25, cells.Distinct().Count());
        Assert.All(RfmSegments.All, s => Assert.NotEmpty(RfmSegments.Cells(s)));
    }

    [Fact]
    public void Name_ScoreOutOfRange_Throws() => Assert.Throws<ArgumentOutOfRangeException>(() => RfmSegments.Name(0, 3, 3));
}

public sealed class RfmScaleTests
{
    [Fact]
    public void Score_ValueNotAmongTheCustomers_ScoredByTheShareWorseThanIt()
    {
        // By hand, 5 customers 10, 20, 20, 30, 40: for 25, two have more days (worse recency) → 1 + ⌊5 × 2/5⌋ = 3;
        // three have less (worse frequency) → 1 + ⌊5 × 3/5⌋ = 4. Below everyone: 5 for recency, 1 for frequency.
        double[] values = [10, 20, 20, 30, 40];

        Assert.Equal(3, RfmScale.Of(values, higherIsBetter: false).Score(25));
        Assert.Equal(4, RfmScale.Of(values, higherIsBetter: true).Score(25));
        Assert.Equal(5, RfmScale.Of(values, higherIsBetter: false).Score(1));
        Assert.Equal(1, RfmScale.Of(values, higherIsBetter: true).Score(1));
        Assert.Equal(0.6, RfmScale.Of(values, higherIsBetter: true).ShareWorse(25), 12);
    }

    [Fact]
    public void Score_EachCustomersOwnValue_TheBatchScore()
    {
        var random = new Random(5);
        var values = Enumerable.Range(0, 997).Select(_ => (double)random.Next(0, 60)).ToArray();

        var lower = RfmScale.Of(values, higherIsBetter: false);
        var higher = RfmScale.Of(values, higherIsBetter: true);

        Assert.Equal(RfmScoring.ScoreLowerIsBetter(values), values.Select(lower.Score));
        Assert.Equal(RfmScoring.ScoreHigherIsBetter(values), values.Select(higher.Score));
    }

    /// <summary>The batch scores (one sort, runs of equal values) agree with the scale's search at its edges too: both zeros count as one value, infinities sort last and first.</summary>
    [Fact]
    public void Score_SignedZerosAndInfinities_TheBatchScore()
    {
        double[] values = [0.0, -0.0, double.PositiveInfinity, 3, -0.0, double.NegativeInfinity, 3, 0.0, 7.5];

        Assert.Equal(values.Select(RfmScale.Of(values, higherIsBetter: false).Score), RfmScoring.ScoreLowerIsBetter(values));
        Assert.Equal(values.Select(RfmScale.Of(values, higherIsBetter: true).Score), RfmScoring.ScoreHigherIsBetter(values));
        Assert.Equal([1, 1, 5, 3, 1, 1, 3, 1, 4], RfmScoring.ScoreHigherIsBetter(values)); // by hand: 1 + ⌊5 × strictly lower / 9⌋ (zeros: 1 lower, 3s: 5, 7.5: 7, +∞: 8)
    }
}
