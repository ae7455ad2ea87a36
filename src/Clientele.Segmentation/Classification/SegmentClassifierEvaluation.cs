namespace Clientele.Segmentation.Classification;

/// <summary>
/// How well a segment classifier predicts customers it was not trained on, from stratified k-fold cross-validation on
/// the training data (<see cref="SegmentClassifierOptions.Folds"/>, <see cref="SegmentClassifierOptions.Seed"/>): each
/// fold is predicted by a model trained on the other folds. Immutable.
/// </summary>
/// <remarks>
/// The means and standard deviations are over the folds, each fold's metric computed from that fold's confusion
/// matrix; the standard deviation is the sample one (divisor k − 1), the spread to expect from one held-out set to
/// another. <see cref="PerSegment"/> and <see cref="Confusion"/> pool the held-out predictions of all folds, so every
/// training customer is counted once. See <see cref="ConfusionMatrix"/> for the definitions: macro-F1 is the mean of
/// the per-segment F1 scores, macro recall (ML.NET's <c>MacroAccuracy</c>) the mean of the per-segment recalls.
/// </remarks>
public sealed class SegmentClassifierEvaluation
{
    private readonly double[] _foldAccuracies;
    private readonly double[] _foldMacroF1;
    private readonly double[] _foldMacroRecall;

    internal SegmentClassifierEvaluation(ConfusionMatrix[] folds)
    {
        _foldAccuracies = [.. folds.Select(fold => fold.Accuracy)];
        _foldMacroF1 = [.. folds.Select(fold => fold.MacroF1)];
        _foldMacroRecall = [.. folds.Select(fold => fold.MacroRecall)];
        FoldConfusions = folds.AsReadOnly();

        var segments = folds[0].Segments.ToArray();
        var k = segments.Length;
        var pooled = new long[k * k];
        foreach (var fold in folds)
        {
            for (var actual = 0; actual < k; actual++)
            {
                for (var predicted = 0; predicted < k; predicted++)
                {
                    pooled[(actual * k) + predicted] += fold.Count(segments[actual], segments[predicted]);
                }
            }
        }
        Confusion = new ConfusionMatrix(segments, pooled);
        PerSegment = Array.AsReadOnly(segments
            .Select(s => new SegmentClassMetrics(s, Confusion.Support(s), Confusion.Precision(s), Confusion.Recall(s), Confusion.F1(s)))
            .ToArray());
    }

    /// <summary>Gets the number of folds.</summary>
    public int Folds => _foldAccuracies.Length;

    /// <summary>The rows cross-validated (and the final model trained on): every customer, or a stratified sample of them.</summary>
    public long Rows => Confusion.Total;

    /// <summary>Gets each fold's confusion matrix on its held-out customers, in fold order.</summary>
    public IReadOnlyList<ConfusionMatrix> FoldConfusions { get; }

    /// <summary>Gets each fold's accuracy (share of held-out customers given their segment), in fold order.</summary>
    public IReadOnlyList<double> FoldAccuracies => _foldAccuracies.AsReadOnly();

    /// <summary>Gets each fold's macro-F1, in fold order.</summary>
    public IReadOnlyList<double> FoldMacroF1 => _foldMacroF1.AsReadOnly();

    /// <summary>Gets each fold's macro recall (ML.NET's <c>MacroAccuracy</c>), in fold order.</summary>
    public IReadOnlyList<double> FoldMacroRecall => _foldMacroRecall.AsReadOnly();

    /// <summary>Gets the mean over folds of the accuracy.</summary>
    public double AccuracyMean => _foldAccuracies.Average();

    /// <summary>Gets the sample standard deviation over folds of the accuracy.</summary>
    public double AccuracyStandardDeviation => StandardDeviation(_foldAccuracies);

    /// <summary>Gets the mean over folds of the macro-F1.</summary>
    public double MacroF1Mean => _foldMacroF1.Average();

    /// <summary>Gets the sample standard deviation over folds of the macro-F1.</summary>
    public double MacroF1StandardDeviation => StandardDeviation(_foldMacroF1);

    /// <summary>Gets the mean over folds of the macro recall (ML.NET's <c>MacroAccuracy</c>; not an F1).</summary>
    public double MacroRecallMean => _foldMacroRecall.Average();

    /// <summary>Gets the sample standard deviation over folds of the macro recall.</summary>
    public double MacroRecallStandardDeviation => StandardDeviation(_foldMacroRecall);

    /// <summary>Gets precision, recall and F1 of each segment from the pooled held-out predictions, in segment order.</summary>
    public IReadOnlyList<SegmentClassMetrics> PerSegment { get; }

    /// <summary>Gets the confusion matrix of all folds' held-out predictions added together.</summary>
    public ConfusionMatrix Confusion { get; }

    /// <summary>The sample standard deviation (divisor n − 1) of <paramref name="values"/>; 0 for fewer than two values.</summary>
    internal static double StandardDeviation(IReadOnlyList<double> values)
    {
        if (values.Count < 2)
        {
            return 0.0;
        }
        var mean = values.Average();
        var squares = values.Sum(value => (value - mean) * (value - mean));
        return Math.Sqrt(squares / (values.Count - 1));
    }
}
