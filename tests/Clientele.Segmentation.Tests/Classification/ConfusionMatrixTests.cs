using Clientele.Segmentation.Classification;

namespace Clientele.Segmentation.Tests.Classification;

public sealed class ConfusionMatrixTests
{
    /// <summary>
    /// A hand-made example, rows = actual, columns = predicted, segments 0, 1, 2:
    /// <code>
    ///             pred 0  pred 1  pred 2 | support
    ///   actual 0     5       1       0   |   6
    ///   actual 1     2       3       1   |   6
    ///   actual 2     0       0       4   |   4
    ///   predicted    7       4       5   |  16
    /// </code>
    /// </summary>
    private static ConfusionMatrix CreateSut() => new([0, 1, 2], [[5L, 1, 0], [2L, 3, 1], [0L, 0, 4]]);

    [Fact]
    public void MacroF1_HandComputedThreeSegmentExample_MatchesArithmetic()
    {
        // Per segment, F1 = 2·TP / (2·TP + FP + FN) = 2·TP / (support + predicted count):
        //   segment 0: TP 5, support 6, predicted 7 → 10/13
        //   segment 1: TP 3, support 6, predicted 4 → 6/10 = 3/5
        //   segment 2: TP 4, support 4, predicted 5 → 8/9
        // Macro-F1 = (10/13 + 3/5 + 8/9) / 3 = (450 + 351 + 520) / 585 / 3 = 1321/1755 = 0.752706552706…
        // (scikit-learn 1.2.1: f1_score(y_true, y_pred, average='macro') on the same 16 pairs gives 0.7527065527065527.)
        var sut = CreateSut();

        Assert.Equal(10.0 / 13.0, sut.F1(0), 15);
        Assert.Equal(3.0 / 5.0, sut.F1(1), 15);
        Assert.Equal(8.0 / 9.0, sut.F1(2), 15);
        Assert.Equal(1321.0 / 1755.0, sut.MacroF1, 15);
    }

    [Fact]
    public void MacroRecallAndPrecision_HandComputedThreeSegmentExample_MatchArithmetic()
    {
        // Recall = TP / support: 5/6, 3/6, 4/4 → macro (5/6 + 1/2 + 1) / 3 = 7/9 (ML.NET's MacroAccuracy,
        // scikit-learn's balanced_accuracy_score). Precision = TP / predicted: 5/7, 3/4, 4/5 → macro
        // (100 + 105 + 112) / 140 / 3 = 317/420. Accuracy = (5 + 3 + 4) / 16 = 3/4.
        // The F1 of the macro precision and macro recall, 2·(317/420)·(7/9) / (317/420 + 7/9) = 0.7661…, is not the
        // macro-F1 (0.7527…): the macro-F1 averages per-segment F1 scores.
        var sut = CreateSut();

        Assert.Equal(5.0 / 6.0, sut.Recall(0), 15);
        Assert.Equal(5.0 / 7.0, sut.Precision(0), 15);
        Assert.Equal(7.0 / 9.0, sut.MacroRecall, 15);
        Assert.Equal(317.0 / 420.0, sut.MacroPrecision, 15);
        Assert.Equal(0.75, sut.Accuracy, 15);
        Assert.Equal(16, sut.Total);
        Assert.Equal(6, sut.Support(1));
        Assert.Equal(4, sut.PredictedCount(1));
        Assert.Equal(2, sut.Count(actual: 1, predicted: 0));
    }

    [Fact]
    public void PrecisionAndF1_SegmentNeverPredicted_AreZero()
    {
        // Segment 7 occurs twice and is never predicted: precision 0/0 → 0 (scikit-learn's zero_division=0),
        // recall 0/2 = 0, F1 = 0 / (2 + 0) = 0. Segment 3: TP 3, support 3, predicted 5 → F1 = 6/8.
        var sut = new ConfusionMatrix([3, 7], [[3L, 0], [2L, 0]]);

        Assert.Equal(0.0, sut.Precision(7));
        Assert.Equal(0.0, sut.Recall(7));
        Assert.Equal(0.0, sut.F1(7));
        Assert.Equal(0.75, sut.F1(3), 15);
        Assert.Equal(0.375, sut.MacroF1, 15);
    }

    [Fact]
    public void Constructor_CountsNotSquare_Throws()
    {
        var exception = Assert.Throws<ArgumentException>(() => new ConfusionMatrix([0, 1], [[1L, 2], [3L]]));
        Assert.Contains("2 rows of 2 counts", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_RepeatedSegment_Throws()
    {
        var exception = Assert.Throws<ArgumentException>(() => new ConfusionMatrix([4, 4], [[1L, 0], [0L, 1]]));
        Assert.Contains("Segment 4 appears twice", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Count_UnknownSegment_Throws()
    {
        var exception = Assert.Throws<ArgumentException>(() => CreateSut().Count(0, 9));
        Assert.Contains("Segment 9 is not in this confusion matrix", exception.Message, StringComparison.Ordinal);
    }
}
