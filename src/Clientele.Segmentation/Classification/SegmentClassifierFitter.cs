using Clientele.Core.Maths;
using Clientele.Core;

namespace Clientele.Segmentation.Classification;

/// <summary>
/// Trains a <see cref="SegmentClassifier"/>: a model from a customer's features to the segment a clustering gave
/// them, for assigning customers who arrive after the segmentation was fitted, without refitting it.
/// </summary>
/// <remarks>
/// <para>
/// The model is ML.NET's LightGBM multi-class trainer (gradient-boosted decision trees with a softmax over one tree
/// ensemble per segment; Ke et al., "LightGBM: A Highly Efficient Gradient Boosting Decision Tree", NeurIPS 2017),
/// trained on every row. The segment ids are mapped to ML.NET keys with <c>MapValueToKey</c>; features are converted
/// to single precision. Trees need no scaling of the features.
/// </para>
/// <para>
/// Before that, stratified k-fold cross-validation on the same rows estimates how well it does on customers it has
/// not seen (<see cref="SegmentClassifierEvaluation"/>). Everything random derives from
/// <see cref="SegmentClassifierOptions.Seed"/> and LightGBM runs in its deterministic mode, so the same data and
/// options give the same evaluation and the same predictions.
/// </para>
/// </remarks>
public sealed class SegmentClassifierFitter
{
    private readonly SegmentClassifierOptions _options;

    /// <summary>Creates a trainer with <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public SegmentClassifierFitter(SegmentClassifierOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    /// <summary>Creates a trainer with the default <see cref="SegmentClassifierOptions"/>.</summary>
    public SegmentClassifierFitter()
        : this(new SegmentClassifierOptions())
    {
    }

    /// <summary>
    /// Cross-validates, then trains on all rows of <paramref name="features"/>, labelled by <paramref name="segments"/>
    /// (one segment id per row, for example a clustering model's labels); above <see cref="SegmentClassifierOptions.SampleLimit"/>
    /// rows, on a sample stratified by segment (<see cref="SegmentClassifierEvaluation.Rows"/> says how many).
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The number of segments is not the number of rows, there are fewer than two distinct segments, a segment has
    /// fewer rows than <see cref="SegmentClassifierOptions.Folds"/>, or a feature is NaN, infinite or beyond float's
    /// range; the message says which.
    /// </exception>
    public SegmentClassifier Fit(FeatureMatrix features, IReadOnlyList<int> segments)
    {
        var (rows, labels, distinct) = ClassifierInput.CheckTraining(features, segments, _options.Folds);
        if (rows.Length > _options.SampleLimit)
        {
            var sample = StratifiedSplit.Sample(labels, _options.SampleLimit, _options.Folds, _options.Seed);
            rows = [.. sample.Select(i => rows[i])];
            labels = [.. sample.Select(i => labels[i])];
        }
        var evaluation = CrossValidate(rows, labels, distinct);
        var model = MlMulticlassModel.Train(_options, rows, labels);
        return new SegmentClassifier(model, distinct, [.. features.ColumnNames], _options, evaluation);
    }

    /// <summary>Only the cross-validation of <see cref="Fit"/>: the held-out metrics, without the final model.</summary>
    /// <exception cref="ArgumentException">As <see cref="Fit"/>.</exception>
    public SegmentClassifierEvaluation CrossValidate(FeatureMatrix features, IReadOnlyList<int> segments)
    {
        var (rows, labels, distinct) = ClassifierInput.CheckTraining(features, segments, _options.Folds);
        return CrossValidate(rows, labels, distinct);
    }

    private SegmentClassifierEvaluation CrossValidate(float[][] rows, int[] labels, int[] segments)
    {
        var k = segments.Length;
        var folds = StratifiedSplit.Folds(labels, _options.Folds, _options.Seed);
        var index = new Dictionary<int, int>(k);
        for (var s = 0; s < k; s++)
        {
            index[segments[s]] = s;
        }

        // Each fold is trained and scored on its own (one MLContext, one LightGBM thread), so the folds run in
        // parallel and give the same result as in sequence.
        var confusions = new ConfusionMatrix[_options.Folds];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.NumberOfThreads ?? Environment.ProcessorCount };
        Parallel.For(0, _options.Folds, parallel, fold =>
        {
            var training = Enumerable.Range(0, rows.Length).Where(i => folds[i] != fold).ToArray();
            var heldOut = Enumerable.Range(0, rows.Length).Where(i => folds[i] == fold).ToArray();
            var model = MlMulticlassModel.Train(_options, [.. training.Select(i => rows[i])], [.. training.Select(i => labels[i])]);
            var probabilities = model.Probabilities([.. heldOut.Select(i => rows[i])]);

            var counts = new long[k * k];
            for (var j = 0; j < heldOut.Length; j++)
            {
                // Training folds hold every segment (each has at least Folds rows), so the model's segments are these.
                var predicted = index[new SegmentPrediction(model.Segments, probabilities[j]).Segment];
                counts[(index[labels[heldOut[j]]] * k) + predicted]++;
            }
            confusions[fold] = new ConfusionMatrix((int[])segments.Clone(), counts);
        });
        return new SegmentClassifierEvaluation(confusions);
    }
}
