namespace Clientele.Value.Classification;

/// <summary>
/// Metrics of a binary classifier for any (score, label) arrays: ROC AUC, counts at a threshold, Brier score, log loss
/// and a calibration table. The definitions follow scikit-learn's <c>roc_auc_score</c>, <c>precision_score</c>,
/// <c>recall_score</c>, <c>brier_score_loss</c>, <c>log_loss</c> and <c>calibration_curve(strategy="uniform")</c>, and the
/// tests check them against its output.
/// </summary>
public static class BinaryMetrics
{
    /// <summary>log loss clips probabilities to [ε, 1 − ε] with this ε (scikit-learn 1.2's default).</summary>
    public const double LogLossEpsilon = 1e-15;

    /// <summary>
    /// The area under the ROC curve: the probability that a random positive scores higher than a random negative, ties
    /// counting one half. Computed as the Mann–Whitney U statistic with mid-ranks for tied scores, in O(n log n).
    /// </summary>
    /// <param name="scores">Any finite numbers; higher means more likely positive.</param>
    /// <param name="labels">The outcomes; true is the positive class.</param>
    /// <exception cref="ArgumentException">The arrays differ in length or a score is not finite.</exception>
    /// <exception cref="ValueModelException">The labels have only one class: AUC is not defined.</exception>
    public static double Auc(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels)
    {
        CheckScores(scores, labels, probabilities: false);
        var positives = CountPositives(labels);
        var negatives = labels.Length - positives;
        if (positives == 0 || negatives == 0)
        {
            throw new ValueModelException(
                $"AUC is not defined when all {labels.Length} labels are {(positives == 0 ? "false" : "true")}: it needs at least one row of each class.");
        }
        var order = new int[scores.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }
        var keys = scores.ToArray();
        Array.Sort(keys, order);
        // Sum of the (1-based, mid-) ranks of the positives.
        double positiveRankSum = 0;
        var start = 0;
        while (start < keys.Length)
        {
            var end = start + 1;
            while (end < keys.Length && keys[end] == keys[start])
            {
                end++;
            }
            var midRank = (start + 1 + end) / 2.0; // mean of ranks start+1 … end
            for (var k = start; k < end; k++)
            {
                if (labels[order[k]])
                {
                    positiveRankSum += midRank;
                }
            }
            start = end;
        }
        var u = positiveRankSum - (positives * (positives + 1.0) / 2.0);
        return u / ((double)positives * negatives);
    }

    /// <summary>The confusion counts when a score at or above <paramref name="threshold"/> predicts positive.</summary>
    /// <exception cref="ArgumentException">The arrays differ in length, a score is not finite, or the threshold is NaN.</exception>
    public static ConfusionCounts AtThreshold(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels, double threshold)
    {
        CheckScores(scores, labels, probabilities: false);
        if (double.IsNaN(threshold))
        {
            throw new ArgumentException("The threshold is NaN.", nameof(threshold));
        }
        int tp = 0, fp = 0, tn = 0, fn = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            var predicted = scores[i] >= threshold;
            if (predicted)
            {
                if (labels[i])
                {
                    tp++;
                }
                else
                {
                    fp++;
                }
            }
            else if (labels[i])
            {
                fn++;
            }
            else
            {
                tn++;
            }
        }
        return new ConfusionCounts(tp, fp, tn, fn);
    }

    /// <summary>The mean of (p − y)² over the rows, y = 1 for a true label.</summary>
    /// <exception cref="ArgumentException">The arrays differ in length or are empty, or a probability is outside [0, 1].</exception>
    public static double BrierScore(ReadOnlySpan<double> probabilities, ReadOnlySpan<bool> labels)
    {
        CheckScores(probabilities, labels, probabilities: true);
        double sum = 0;
        for (var i = 0; i < probabilities.Length; i++)
        {
            var d = probabilities[i] - (labels[i] ? 1.0 : 0.0);
            sum += d * d;
        }
        return sum / probabilities.Length;
    }

    /// <summary>−mean(y log p + (1 − y) log(1 − p)), p clipped to [<see cref="LogLossEpsilon"/>, 1 − <see cref="LogLossEpsilon"/>].</summary>
    /// <exception cref="ArgumentException">The arrays differ in length or are empty, or a probability is outside [0, 1].</exception>
    public static double LogLoss(ReadOnlySpan<double> probabilities, ReadOnlySpan<bool> labels)
    {
        CheckScores(probabilities, labels, probabilities: true);
        double sum = 0;
        for (var i = 0; i < probabilities.Length; i++)
        {
            var p = Math.Clamp(probabilities[i], LogLossEpsilon, 1.0 - LogLossEpsilon);
            sum -= labels[i] ? Math.Log(p) : Math.Log(1.0 - p);
        }
        return sum / probabilities.Length;
    }

    /// <summary>
    /// The reliability table: <paramref name="bins"/> equal-width bins of predicted probability on [0, 1] (bin k holds
    /// [k/bins, (k+1)/bins), the last also 1), each with its row count, mean prediction and observed share of positives.
    /// Empty bins are left out, as in scikit-learn's <c>calibration_curve</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The arrays differ in length or are empty, a probability is outside [0, 1], or <paramref name="bins"/> &lt; 1.</exception>
    public static IReadOnlyList<CalibrationBin> Calibration(ReadOnlySpan<double> probabilities, ReadOnlySpan<bool> labels, int bins = 10)
    {
        CheckScores(probabilities, labels, probabilities: true);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        var count = new int[bins];
        var predicted = new double[bins];
        var observed = new int[bins];
        for (var i = 0; i < probabilities.Length; i++)
        {
            var bin = Math.Min((int)(probabilities[i] * bins), bins - 1);
            count[bin]++;
            predicted[bin] += probabilities[i];
            observed[bin] += labels[i] ? 1 : 0;
        }
        var result = new List<CalibrationBin>(bins);
        for (var k = 0; k < bins; k++)
        {
            if (count[k] > 0)
            {
                result.Add(new CalibrationBin((double)k / bins, (double)(k + 1) / bins, count[k], predicted[k] / count[k], (double)observed[k] / count[k]));
            }
        }
        return result;
    }

    /// <summary>All the metrics of <see cref="BinaryEvaluation"/> for predicted probabilities.</summary>
    /// <param name="probabilities">Predicted probabilities of the positive class, in [0, 1].</param>
    /// <param name="labels">The outcomes; true is the positive class.</param>
    /// <param name="threshold">A probability at or above it predicts positive.</param>
    /// <param name="bins">Bins of the calibration table.</param>
    /// <exception cref="ArgumentException">The arrays differ in length or are empty, or a probability is outside [0, 1].</exception>
    /// <exception cref="ValueModelException">The labels have only one class (AUC is not defined).</exception>
    public static BinaryEvaluation Evaluate(ReadOnlySpan<double> probabilities, ReadOnlySpan<bool> labels, double threshold = 0.5, int bins = 10)
    {
        CheckScores(probabilities, labels, probabilities: true);
        var positives = CountPositives(labels);
        return new BinaryEvaluation(
            probabilities.Length,
            positives,
            (double)positives / probabilities.Length,
            Auc(probabilities, labels),
            threshold,
            AtThreshold(probabilities, labels, threshold),
            BrierScore(probabilities, labels),
            LogLoss(probabilities, labels),
            Calibration(probabilities, labels, bins));
    }

    private static int CountPositives(ReadOnlySpan<bool> labels)
    {
        var positives = 0;
        foreach (var label in labels)
        {
            positives += label ? 1 : 0;
        }
        return positives;
    }

    private static void CheckScores(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels, bool probabilities)
    {
        if (scores.Length != labels.Length)
        {
            throw new ArgumentException($"There are {scores.Length} scores but {labels.Length} labels; they must pair up one to one.", nameof(labels));
        }
        if (scores.Length == 0)
        {
            throw new ArgumentException("There are no rows to evaluate.", nameof(scores));
        }
        for (var i = 0; i < scores.Length; i++)
        {
            var s = scores[i];
            if (!double.IsFinite(s) || (probabilities && (s < 0.0 || s > 1.0)))
            {
                throw new ArgumentException(
                    $"Row {i} has score {s}; {(probabilities ? "probabilities must lie in [0, 1]" : "scores must be finite")}.", nameof(scores));
            }
        }
    }
}
