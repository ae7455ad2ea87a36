using Clientele.Value.Classification;

namespace Clientele.Value.Tests.Churn;

/// <summary>
/// <see cref="BinaryMetrics"/> against hand-computed answers and scikit-learn 1.2.1 (Debian python3-sklearn):
/// roc_auc_score, precision_score, recall_score, brier_score_loss, log_loss and calibration_curve.
/// </summary>
public sealed class BinaryMetricsTests
{
    // 24 rows with tied scores; the scikit-learn numbers below were computed from exactly these arrays.
    private static readonly double[] P =
        [0.02, 0.05, 0.05, 0.13, 0.17, 0.21, 0.25, 0.25, 0.25, 0.33, 0.38, 0.42, 0.47, 0.52, 0.55, 0.55, 0.61, 0.66, 0.72, 0.74, 0.83, 0.88, 0.95, 0.99];

    private static readonly bool[] Y = [.. new[] { 0, 0, 1, 0, 0, 0, 1, 0, 1, 0, 0, 1, 0, 1, 0, 1, 1, 0, 1, 1, 1, 0, 1, 1 }.Select(v => v == 1)];

    [Fact]
    public void Auc_ScikitLearnDocumentationExample_IsThreeQuarters()
    {
        // roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) = 0.75: of the 4 (positive, negative) pairs, 3 are ordered right.
        Assert.Equal(0.75, BinaryMetrics.Auc([0.1, 0.4, 0.35, 0.8], [false, false, true, true]), 15);
    }

    [Fact]
    public void Auc_TiedScores_CountOneHalf()
    {
        // Positives 0.5, 0.9, 0.1 against negatives 0.5, 0.5: pairs score 0.5 + 0.5, 1 + 1, 0 + 0 → 3 / 6 (scikit-learn: 0.5).
        Assert.Equal(0.5, BinaryMetrics.Auc([0.5, 0.5, 0.5, 0.9, 0.1], [false, true, false, true, true]), 15);
        // Everything tied: no information, 0.5.
        Assert.Equal(0.5, BinaryMetrics.Auc([0.3, 0.3, 0.3], [true, false, false]), 15);
    }

    [Fact]
    public void Auc_PerfectAndReversed_AreOneAndZero()
    {
        Assert.Equal(1.0, BinaryMetrics.Auc([0.1, 0.2, 0.8, 0.9], [false, false, true, true]));
        Assert.Equal(0.0, BinaryMetrics.Auc([0.9, 0.8, 0.2, 0.1], [false, false, true, true]));
    }

    [Fact]
    public void Auc_RandomScoresWithTies_EqualsCountingEveryPair()
    {
        var random = new Random(11);
        var scores = Enumerable.Range(0, 500).Select(_ => Math.Round(random.NextDouble(), 1)).ToArray(); // 11 distinct values: many ties
        var labels = scores.Select(s => random.NextDouble() < 0.2 + (0.6 * s)).ToArray();
        double wins = 0, pairs = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            for (var j = 0; j < scores.Length; j++)
            {
                if (labels[i] && !labels[j])
                {
                    pairs++;
                    wins += scores[i] > scores[j] ? 1.0 : scores[i] == scores[j] ? 0.5 : 0.0;
                }
            }
        }

        Assert.Equal(wins / pairs, BinaryMetrics.Auc(scores, labels), 12);
    }

    [Fact]
    public void Evaluate_TwentyFourRows_MatchesScikitLearn()
    {
        var e = BinaryMetrics.Evaluate(P, Y, threshold: 0.5);

        Assert.Equal(24, e.Count);
        Assert.Equal(12, e.Positives);
        Assert.Equal(0.5, e.BaseRate);
        Assert.Equal(0.736111111111111, e.Auc, 12);
        Assert.Equal(new ConfusionCounts(8, 3, 9, 4), e.AtThreshold);
        Assert.Equal(0.727272727272727, e.Precision, 12);
        Assert.Equal(0.666666666666667, e.Recall, 12);
        Assert.Equal(0.219516666666667, e.BrierScore, 12);
        Assert.Equal(0.653776179526370, e.LogLoss, 12);
        // calibration_curve(y, p, n_bins=10): prob_true and prob_pred; every bin is occupied.
        double[] observed = [1.0 / 3, 0, 0.5, 0, 0.5, 2.0 / 3, 0.5, 1, 0.5, 1];
        double[] predicted = [0.04, 0.15, 0.24, 0.355, 0.445, 0.54, 0.635, 0.73, 0.855, 0.97];
        Assert.Equal(10, e.Calibration.Count);
        Assert.Equal([3, 2, 4, 2, 2, 3, 2, 2, 2, 2], e.Calibration.Select(b => b.Count));
        for (var k = 0; k < 10; k++)
        {
            Assert.Equal(observed[k], e.Calibration[k].ObservedRate, 12);
            Assert.Equal(predicted[k], e.Calibration[k].MeanPredicted, 12);
            Assert.Equal(k / 10.0, e.Calibration[k].Lower, 12);
        }
    }

    [Fact]
    public void Calibration_EmptyBinsLeftOut_BoundaryGoesUp_OneInLastBin()
    {
        var bins = BinaryMetrics.Calibration([0.5, 0.5, 1.0, 0.0], [true, false, true, false], bins: 4);

        // [0, 0.25): 0.0; [0.5, 0.75): both 0.5s; [0.75, 1]: 1.0. [0.25, 0.5) is empty.
        Assert.Equal([0.0, 0.5, 0.75], bins.Select(b => b.Lower));
        Assert.Equal([1, 2, 1], bins.Select(b => b.Count));
        Assert.Equal(0.5, bins[1].ObservedRate);
    }

    [Fact]
    public void BrierAndLogLoss_ConstantBaseRate_AreTheEntropyAndVariance()
    {
        // Predicting the base rate q for everyone: Brier = q(1 − q), log loss = −q ln q − (1 − q) ln(1 − q).
        var labels = new[] { true, false, false, false };
        var q = Enumerable.Repeat(0.25, 4).ToArray();

        Assert.Equal(0.1875, BinaryMetrics.BrierScore(q, labels), 15);
        Assert.Equal(-(0.25 * Math.Log(0.25)) - (0.75 * Math.Log(0.75)), BinaryMetrics.LogLoss(q, labels), 15);
    }

    [Fact]
    public void LogLoss_CertainAndWrong_IsClippedNotInfinite()
    {
        var loss = BinaryMetrics.LogLoss([0.0, 1.0], [true, true]);

        Assert.Equal(-Math.Log(1e-15) / 2, loss, 9);
    }

    [Fact]
    public void AtThreshold_NothingPredictedPositive_PrecisionIsZero()
    {
        var counts = BinaryMetrics.AtThreshold([0.1, 0.2], [true, false], 0.5);

        Assert.Equal(new ConfusionCounts(0, 0, 1, 1), counts);
        Assert.Equal(0.0, counts.Precision);
        Assert.Equal(0.0, counts.Recall);
        Assert.Equal(0.5, counts.Accuracy);
    }

    [Fact]
    public void Auc_OneClass_ThrowsSayingBothAreNeeded()
    {
        var error = Assert.Throws<ValueModelException>(() => BinaryMetrics.Auc([0.1, 0.2], [true, true]));

        Assert.Contains("all 2 labels are true", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_BadArrays_ThrowArgumentException()
    {
        Assert.Throws<ArgumentException>(() => BinaryMetrics.Evaluate([0.1, 0.2], [true]));
        Assert.Throws<ArgumentException>(() => BinaryMetrics.Evaluate([], []));
        var range = Assert.Throws<ArgumentException>(() => BinaryMetrics.Evaluate([0.1, 1.2], [true, false]));
        Assert.Contains("Row 1 has score 1.2", range.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => BinaryMetrics.Auc([double.NaN, 0.2], [true, false]));
    }
}
