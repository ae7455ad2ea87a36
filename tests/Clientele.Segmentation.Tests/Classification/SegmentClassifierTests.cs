using System.Text;
using Clientele.Core;
using Clientele.Core.Models;
using Clientele.Segmentation.Classification;

namespace Clientele.Segmentation.Tests.Classification;

/// <summary>
/// Four well-separated gaussian blobs in 3-D (centres at least 12 apart, standard deviation 1, 120 points each, named
/// features), segmented by k-means with k = 4, and a classifier trained on the k-means labels with the default
/// options. Trained once for the tests that only read it.
/// </summary>
public sealed class BlobSegmentsFixture
{
    internal static readonly string[] FeatureNames = ["recency", "frequency", "monetary"];

    internal static readonly double[][] Centres = [[0, 0, 0], [12, 0, 0], [0, 12, 0], [6, 6, 12]];

    public BlobSegmentsFixture()
    {
        var (blobs, _) = Blobs.Generate(Centres, perBlob: 120, spread: 1.0, seed: 7);
        Features = new FeatureMatrix(blobs.Values.ToArray(), blobs.Rows, blobs.Columns, FeatureNames);
        KMeans = new KMeansFitter(new KMeansOptions { NumberOfClusters = 4 }).Fit(Features);
        Segments = [.. KMeans.Labels];
        Classifier = new SegmentClassifierFitter(new SegmentClassifierOptions()).Fit(Features, Segments);
    }

    internal FeatureMatrix Features { get; }

    internal KMeansModel KMeans { get; }

    internal int[] Segments { get; }

    internal SegmentClassifier Classifier { get; }

    /// <summary>New points: each centre plus offsets of up to 1.5 (1.5 standard deviations) along each axis.</summary>
    internal static FeatureMatrix PointsNearCentres(out int[] nearestCentre)
    {
        double[][] offsets = [[0, 0, 0], [1.5, 0, 0], [0, -1.5, 0], [0, 0, 1.5], [-1, 1, -1]];
        var values = new List<double>();
        var centres = new List<int>();
        for (var c = 0; c < Centres.Length; c++)
        {
            foreach (var offset in offsets)
            {
                values.AddRange(Centres[c].Zip(offset, (x, d) => x + d));
                centres.Add(c);
            }
        }
        nearestCentre = [.. centres];
        return new FeatureMatrix([.. values], centres.Count, 3, FeatureNames);
    }
}

public sealed class SegmentClassifierTests(BlobSegmentsFixture blobs) : IClassFixture<BlobSegmentsFixture>
{
    [Fact]
    public void Fit_WellSeparatedBlobsLabelledByKMeans_CrossValidatedAccuracyAndMacroF1AtLeast098()
    {
        // The blobs are 12 standard deviations apart, so k-means recovers them and a held-out customer is
        // misclassified only if it lies beyond ~6 standard deviations from its centre: the expected accuracy is ~1.
        var evaluation = blobs.Classifier.Evaluation;

        Assert.Equal(5, evaluation.Folds);
        Assert.True(evaluation.AccuracyMean >= 0.98, $"accuracy {evaluation.AccuracyMean}");
        Assert.True(evaluation.MacroF1Mean >= 0.98, $"macro-F1 {evaluation.MacroF1Mean}");
        Assert.True(evaluation.MacroRecallMean >= 0.98, $"macro recall {evaluation.MacroRecallMean}");
        Assert.All(evaluation.PerSegment, segment => Assert.True(segment.F1 >= 0.98, $"segment {segment.Segment}: F1 {segment.F1}"));
    }

    [Fact]
    public void Fit_Blobs_PooledConfusionCountsEveryTrainingCustomerOnce()
    {
        // Each customer is held out in exactly one fold, so the pooled matrix's row sums are the segment sizes, and
        // the folds are stratified: each fold holds 120/5 = 24 customers of each blob's segment.
        var evaluation = blobs.Classifier.Evaluation;

        Assert.Equal(blobs.Features.Rows, evaluation.Confusion.Total);
        foreach (var segment in blobs.Classifier.Segments)
        {
            var size = blobs.Segments.Count(s => s == segment);
            Assert.Equal(size, evaluation.Confusion.Support(segment));
            Assert.All(evaluation.FoldConfusions, fold => Assert.InRange(fold.Support(segment), size / 5, (size / 5) + 1));
        }
        Assert.Equal(evaluation.FoldAccuracies.Average(), evaluation.AccuracyMean, 15);
        Assert.Equal(evaluation.FoldMacroF1.Average(), evaluation.MacroF1Mean, 15);
    }

    /// <summary>
    /// Above the sample limit the classifier learns from a stratified sample: the 480 blob customers to 200, each of the
    /// four segments (120 each) a quarter of it, 50; it still predicts every customer's segment.
    /// </summary>
    [Fact]
    public void Fit_MoreRowsThanTheSampleLimit_TrainsOnAStratifiedSample()
    {
        var sampled = new SegmentClassifierFitter(new SegmentClassifierOptions { SampleLimit = 200 }).Fit(blobs.Features, blobs.Segments);

        Assert.Equal(200, sampled.Evaluation.Rows);
        Assert.All(sampled.Segments, segment => Assert.Equal(50, sampled.Evaluation.Confusion.Support(segment)));
        Assert.Equal(blobs.Features.Rows, blobs.Classifier.Evaluation.Rows); // 480 rows, under the default limit: all of them
        var predicted = sampled.Predict(blobs.Features);
        Assert.True(Enumerable.Range(0, blobs.Features.Rows).Count(i => predicted[i].Segment == blobs.Segments[i]) >= 0.98 * blobs.Features.Rows);
    }

    [Fact]
    public void Predict_NewPointsNearACentre_GetThatCentresKMeansSegment()
    {
        var points = BlobSegmentsFixture.PointsNearCentres(out var nearestCentre);

        var predictions = blobs.Classifier.Predict(points);

        for (var i = 0; i < points.Rows; i++)
        {
            var centreSegment = blobs.KMeans.Predict(BlobSegmentsFixture.Centres[nearestCentre[i]]);
            Assert.Equal(centreSegment, predictions[i].Segment);
            Assert.True(predictions[i].Probability(centreSegment) > 0.9, $"row {i}: {predictions[i].Probability(centreSegment)}");
        }
    }

    [Fact]
    public void Predict_SingleRowAndBatch_GiveTheSameProbabilitiesSummingToOne()
    {
        var points = BlobSegmentsFixture.PointsNearCentres(out _);

        var batch = blobs.Classifier.Predict(points);

        for (var i = 0; i < points.Rows; i++)
        {
            var single = blobs.Classifier.Predict(points.Row(i));
            Assert.Equal(batch[i].Segment, single.Segment);
            Assert.Equal(batch[i].Probabilities, single.Probabilities);
            Assert.Equal(1.0, single.Probabilities.Sum(), 12);
            Assert.Equal(blobs.Classifier.Segments, single.Segments);
        }
    }

    [Fact]
    public void Fit_SameSeedTwiceSequentialAndParallel_IdenticalEvaluationAndPredictions()
    {
        // The fixture trained its folds in parallel; this run trains them one after another.
        var again = new SegmentClassifierFitter(new SegmentClassifierOptions { NumberOfThreads = 1 }).Fit(blobs.Features, blobs.Segments);
        var points = BlobSegmentsFixture.PointsNearCentres(out _);

        Assert.Equal(blobs.Classifier.Evaluation.FoldAccuracies, again.Evaluation.FoldAccuracies);
        Assert.Equal(blobs.Classifier.Evaluation.FoldMacroF1, again.Evaluation.FoldMacroF1);
        Assert.Equal(blobs.Classifier.Evaluation.AccuracyStandardDeviation, again.Evaluation.AccuracyStandardDeviation);
        Assert.Equal(blobs.Classifier.Evaluation.MacroF1StandardDeviation, again.Evaluation.MacroF1StandardDeviation);
        Assert.Equal(blobs.Classifier.Evaluation.Confusion.ToArray(), again.Evaluation.Confusion.ToArray());
        Assert.Equal(
            blobs.Classifier.Predict(points).SelectMany(p => p.Probabilities),
            again.Predict(points).SelectMany(p => p.Probabilities));
    }

    [Fact]
    public void Save_LoadRoundTrip_IdenticalPredictionsAndEvaluation()
    {
        var points = BlobSegmentsFixture.PointsNearCentres(out _);
        using var stream = new MemoryStream();
        blobs.Classifier.Save(stream);
        stream.Position = 0;

        var loaded = SegmentClassifier.Load(stream, BlobSegmentsFixture.FeatureNames);

        Assert.Equal(blobs.Classifier.Segments, loaded.Segments);
        Assert.Equal(blobs.Classifier.FeatureNames, loaded.FeatureNames);
        Assert.Equal(blobs.Classifier.Options, loaded.Options);
        Assert.Equal(blobs.Classifier.Evaluation.MacroF1Mean, loaded.Evaluation.MacroF1Mean);
        Assert.Equal(blobs.Classifier.Evaluation.AccuracyStandardDeviation, loaded.Evaluation.AccuracyStandardDeviation);
        Assert.Equal(
            blobs.Classifier.Predict(points).SelectMany(p => p.Probabilities),
            loaded.Predict(points).SelectMany(p => p.Probabilities));
        Assert.Equal(blobs.Classifier.Predict(points.Row(3)).Probabilities, loaded.Predict(points.Row(3)).Probabilities);
    }

    [Fact]
    public void Load_OtherExpectedFeatureNames_ThrowsArgumentException()
    {
        using var stream = new MemoryStream();
        blobs.Classifier.Save(stream);
        stream.Position = 0;

        var exception = Assert.Throws<ArgumentException>(() => SegmentClassifier.Load(stream, ["recency", "monetary", "frequency"]));
        Assert.Contains("column 1 is 'monetary' where 'frequency' was expected", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Save_Payload_HoldsKindVersionSegmentsAndFeatureNames()
    {
        var file = ModelFile.Read(blobs.Classifier.Save(), SegmentClassifier.ModelKind, SegmentClassifier.FormatVersion);
        var root = file.Payload;

        Assert.Equal("segment-classifier", file.Kind);
        Assert.Equal(SegmentClassifier.FormatVersion, file.FormatVersion);
        Assert.Equal(["mlnet-model.zip"], file.BlobNames);
        Assert.Equal(blobs.Classifier.Segments, root.GetProperty("segments").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(BlobSegmentsFixture.FeatureNames, root.GetProperty("featureNames").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(5, root.GetProperty("evaluation").GetProperty("folds").GetArrayLength());
    }

    [Fact]
    public void Load_OtherFormatVersion_ThrowsClienteleException()
    {
        var saved = Encoding.UTF8.GetString(blobs.Classifier.Save());
        var changed = Encoding.UTF8.GetBytes(saved.Replace("\"formatVersion\":1", "\"formatVersion\":99", StringComparison.Ordinal));

        var exception = Assert.Throws<ClienteleException>(() => SegmentClassifier.Load(changed));
        Assert.Contains("format version 99; this build of Clientele reads versions 1 to 1", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_InconsistentSegments_ThrowsClienteleException()
    {
        var saved = Encoding.UTF8.GetString(blobs.Classifier.Save());
        var changed = Encoding.UTF8.GetBytes(saved.Replace("\"segments\":[0,", "\"segments\":[7,", StringComparison.Ordinal));

        var exception = Assert.Throws<ClienteleException>(() => SegmentClassifier.Load(changed));
        Assert.Contains("damaged segment-classifier model", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NotAClassifier_ThrowsClienteleException()
    {
        using var stream = new MemoryStream("not a zip"u8.ToArray());

        var exception = Assert.Throws<ClienteleException>(() => SegmentClassifier.Load(stream));
        Assert.Contains("not a saved Clientele model", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Predict_ColumnsInAnotherOrder_ThrowsArgumentException()
    {
        var points = new FeatureMatrix([1.0, 2.0, 3.0], 1, 3, ["frequency", "recency", "monetary"]);

        var exception = Assert.Throws<ArgumentException>(() => blobs.Classifier.Predict(points));
        Assert.Contains("trained on the features [recency, frequency, monetary]", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Predict_WrongNumberOfFeatures_ThrowsArgumentException()
    {
        var exception = Assert.Throws<ArgumentException>(() => blobs.Classifier.Predict([1.0, 2.0]));
        Assert.Contains("takes 3 features", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Predict_NaNFeature_ThrowsArgumentException()
    {
        var exception = Assert.Throws<ArgumentException>(() => blobs.Classifier.Predict([1.0, double.NaN, 2.0]));
        Assert.Contains("Feature 'frequency' is NaN", exception.Message, StringComparison.Ordinal);
    }
}
