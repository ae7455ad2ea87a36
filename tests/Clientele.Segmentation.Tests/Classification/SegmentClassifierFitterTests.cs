using Clientele.Core;
using Clientele.Segmentation.Classification;

namespace Clientele.Segmentation.Tests.Classification;

public sealed class SegmentClassifierFitterTests
{
    private static SegmentClassifierFitter CreateSut(SegmentClassifierOptions? options = null) => new(options ?? new SegmentClassifierOptions());

    /// <summary>Two 1-D groups around 0 and 10, <paramref name="perSegment"/> rows each, labelled 0 and 1.</summary>
    private static (FeatureMatrix Features, int[] Segments) TwoGroups(int perSegment)
    {
        var values = new double[2 * perSegment];
        var segments = new int[2 * perSegment];
        for (var i = 0; i < values.Length; i++)
        {
            segments[i] = i % 2;
            values[i] = (10 * segments[i]) + (0.01 * i);
        }
        return (new FeatureMatrix(values, values.Length, 1), segments);
    }

    [Fact]
    public void Fit_NonContiguousSegmentIds_PredictsThoseIds()
    {
        // Segment ids 10, 2 and 7 (in order of first appearance) on three separated 2-D groups: the classifier must
        // report the ids themselves, in ascending order, whatever order ML.NET gives its keys. With only 20 training
        // customers per segment and fold, a held-out customer just outside its segment's training range can fall on
        // the wrong side of a tree threshold (2 of 90 here), so the accuracy is only checked to be high.
        double[][] centres = [[0, 0], [10, 0], [0, 10]];
        int[] ids = [10, 2, 7];
        var (features, truth) = Blobs.Generate(centres, perBlob: 30, spread: 0.5, seed: 3);
        var segments = truth.Select(t => ids[t]).ToArray();
        var options = new SegmentClassifierOptions { Folds = 3, NumberOfIterations = 20, MinimumExampleCountPerLeaf = 5 };

        var classifier = CreateSut(options).Fit(features, segments);

        Assert.Equal([2, 7, 10], classifier.Segments);
        Assert.Equal(10, classifier.Predict([0.2, -0.1]).Segment);
        Assert.Equal(2, classifier.Predict([9.8, 0.3]).Segment);
        Assert.Equal(7, classifier.Predict([0.1, 9.9]).Segment);
        Assert.True(classifier.Evaluation.AccuracyMean >= 0.95, $"accuracy {classifier.Evaluation.AccuracyMean}");
        Assert.Equal([2, 7, 10], classifier.Evaluation.PerSegment.Select(s => s.Segment));
    }

    [Fact]
    public void Fit_RowsAndSegmentsDiffer_ThrowsArgumentException()
    {
        var (features, segments) = TwoGroups(10);

        var exception = Assert.Throws<ArgumentException>(() => CreateSut().Fit(features, segments[..^1]));
        Assert.Contains("20 rows but 19 segments", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_SingleSegment_ThrowsArgumentException()
    {
        var (features, _) = TwoGroups(10);

        var exception = Assert.Throws<ArgumentException>(() => CreateSut().Fit(features, new int[20]));
        Assert.Contains("All 20 customers are in segment 0", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_SegmentSmallerThanFolds_ThrowsArgumentException()
    {
        var (features, segments) = TwoGroups(10);
        segments[0] = 5;
        segments[2] = 5;

        var exception = Assert.Throws<ArgumentException>(() => CreateSut().Fit(features, segments));
        Assert.Contains("Segment 5 has 2 customer(s), fewer than the 5 cross-validation folds", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_NaNFeature_ThrowsArgumentException()
    {
        var (features, segments) = TwoGroups(10);
        var values = features.Values.ToArray();
        values[7] = double.NaN;

        var exception = Assert.Throws<ArgumentException>(() => CreateSut().Fit(new FeatureMatrix(values, 20, 1, ["spend"]), segments));
        Assert.Contains("Row 7, feature 'spend' is NaN", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CrossValidate_InfiniteFeature_ThrowsArgumentException()
    {
        var (features, segments) = TwoGroups(10);
        var values = features.Values.ToArray();
        values[3] = double.PositiveInfinity;

        var exception = Assert.Throws<ArgumentException>(() => CreateSut().CrossValidate(new FeatureMatrix(values, 20, 1), segments));
        Assert.Contains("Row 3, feature 'x0' is Infinity", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(nameof(SegmentClassifierOptions.Folds))]
    [InlineData(nameof(SegmentClassifierOptions.NumberOfLeaves))]
    [InlineData(nameof(SegmentClassifierOptions.NumberOfIterations))]
    [InlineData(nameof(SegmentClassifierOptions.LearningRate))]
    [InlineData(nameof(SegmentClassifierOptions.MinimumExampleCountPerLeaf))]
    [InlineData(nameof(SegmentClassifierOptions.NumberOfThreads))]
    public void Constructor_InvalidOptions_ThrowsNamingTheSetting(string setting)
    {
        var options = setting switch
        {
            nameof(SegmentClassifierOptions.Folds) => new SegmentClassifierOptions { Folds = 1 },
            nameof(SegmentClassifierOptions.NumberOfLeaves) => new SegmentClassifierOptions { NumberOfLeaves = 1 },
            nameof(SegmentClassifierOptions.NumberOfIterations) => new SegmentClassifierOptions { NumberOfIterations = 0 },
            nameof(SegmentClassifierOptions.LearningRate) => new SegmentClassifierOptions { LearningRate = double.NaN },
            nameof(SegmentClassifierOptions.MinimumExampleCountPerLeaf) => new SegmentClassifierOptions { MinimumExampleCountPerLeaf = 0 },
            _ => new SegmentClassifierOptions { NumberOfThreads = 0 },
        };

        var exception = Assert.Throws<ArgumentException>(() => CreateSut(options));
        Assert.Equal(setting, exception.ParamName);
    }

    [Fact]
    public void Options_Defaults_AreTheDocumentedOnes()
    {
        var options = new SegmentClassifierOptions();

        Assert.Equal(42, options.Seed);
        Assert.Equal(5, options.Folds);
        Assert.Equal(31, options.NumberOfLeaves);
        Assert.Equal(100, options.NumberOfIterations);
        Assert.Equal(0.1, options.LearningRate);
        Assert.Equal(20, options.MinimumExampleCountPerLeaf);
        Assert.Null(options.NumberOfThreads);
    }
}
