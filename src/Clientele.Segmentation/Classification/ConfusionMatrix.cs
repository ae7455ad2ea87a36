namespace Clientele.Segmentation.Classification;

/// <summary>
/// Counts of (actual segment, predicted segment) pairs, with the per-segment and macro-averaged metrics computed from
/// them. Rows are the actual segment, columns the predicted one, both in the order of <see cref="Segments"/>. Immutable.
/// </summary>
/// <remarks>
/// For a segment s with true positives TP (actual s, predicted s), false positives FP (predicted s, actual another)
/// and false negatives FN (actual s, predicted another): precision = TP / (TP + FP), recall = TP / (TP + FN) and
/// F1 = 2·TP / (2·TP + FP + FN), the harmonic mean of the two. A ratio whose denominator is 0 is taken as 0, as
/// scikit-learn does (<c>zero_division</c>). The macro averages are the unweighted means of the per-segment values
/// over <see cref="Segments"/>, so every segment counts the same however small it is: <see cref="MacroF1"/> is
/// scikit-learn's <c>f1_score(average='macro')</c>, and <see cref="MacroRecall"/> is what ML.NET reports as
/// <c>MacroAccuracy</c> (and scikit-learn as <c>balanced_accuracy_score</c>); it is not an F1.
/// </remarks>
public sealed class ConfusionMatrix
{
    private readonly int[] _segments;
    private readonly long[] _counts;
    private readonly Dictionary<int, int> _index;

    /// <summary>Builds a matrix from <paramref name="counts"/>[actual][predicted], indexed like <paramref name="segments"/>.</summary>
    /// <exception cref="ArgumentException">
    /// The segments are empty or repeat one, the counts are not a square matrix of that size, or a count is negative.
    /// </exception>
    public ConfusionMatrix(IReadOnlyList<int> segments, IReadOnlyList<IReadOnlyList<long>> counts)
    {
        ArgumentNullException.ThrowIfNull(segments);
        ArgumentNullException.ThrowIfNull(counts);
        var k = segments.Count;
        if (k == 0)
        {
            throw new ArgumentException("A confusion matrix needs at least one segment.", nameof(segments));
        }
        if (counts.Count != k || counts.Any(row => row is null || row.Count != k))
        {
            throw new ArgumentException($"Expected {k} rows of {k} counts, one row and one column per segment.", nameof(counts));
        }
        var flat = new long[k * k];
        for (var actual = 0; actual < k; actual++)
        {
            for (var predicted = 0; predicted < k; predicted++)
            {
                var count = counts[actual][predicted];
                if (count < 0)
                {
                    throw new ArgumentException(
                        $"The count for actual segment {segments[actual]}, predicted {segments[predicted]} is {count}; counts cannot be negative.",
                        nameof(counts));
                }
                flat[(actual * k) + predicted] = count;
            }
        }
        _segments = [.. segments];
        _counts = flat;
        _index = IndexOf(_segments);
    }

    /// <summary>Wraps <paramref name="counts"/> (row-major, k × k) without copying; the caller hands both over.</summary>
    internal ConfusionMatrix(int[] segments, long[] counts)
    {
        _segments = segments;
        _counts = counts;
        _index = IndexOf(segments);
    }

    /// <summary>Gets the segments, in the order of the rows and columns.</summary>
    public IReadOnlyList<int> Segments => _segments.AsReadOnly();

    /// <summary>Gets the number of pairs counted.</summary>
    public long Total => _counts.Sum();

    /// <summary>Gets the share of pairs whose predicted segment is the actual one (0 when there are none).</summary>
    public double Accuracy
    {
        get
        {
            var k = _segments.Length;
            long correct = 0;
            for (var s = 0; s < k; s++)
            {
                correct += _counts[(s * k) + s];
            }
            return Ratio(correct, Total);
        }
    }

    /// <summary>Gets the unweighted mean over <see cref="Segments"/> of <see cref="F1"/>.</summary>
    public double MacroF1 => _segments.Average(F1);

    /// <summary>Gets the unweighted mean over <see cref="Segments"/> of <see cref="Precision"/>.</summary>
    public double MacroPrecision => _segments.Average(Precision);

    /// <summary>
    /// Gets the unweighted mean over <see cref="Segments"/> of <see cref="Recall"/>: ML.NET's <c>MacroAccuracy</c>,
    /// scikit-learn's <c>balanced_accuracy_score</c>.
    /// </summary>
    public double MacroRecall => _segments.Average(Recall);

    /// <summary>The number of pairs with actual segment <paramref name="actual"/> and predicted segment <paramref name="predicted"/>.</summary>
    /// <exception cref="ArgumentException">A segment is not one of <see cref="Segments"/>.</exception>
    public long Count(int actual, int predicted) => _counts[(Index(actual) * _segments.Length) + Index(predicted)];

    /// <summary>The number of pairs whose actual segment is <paramref name="segment"/> (its row sum).</summary>
    public long Support(int segment)
    {
        var row = Index(segment);
        var k = _segments.Length;
        long sum = 0;
        for (var predicted = 0; predicted < k; predicted++)
        {
            sum += _counts[(row * k) + predicted];
        }
        return sum;
    }

    /// <summary>The number of pairs predicted as <paramref name="segment"/> (its column sum).</summary>
    public long PredictedCount(int segment)
    {
        var column = Index(segment);
        var k = _segments.Length;
        long sum = 0;
        for (var actual = 0; actual < k; actual++)
        {
            sum += _counts[(actual * k) + column];
        }
        return sum;
    }

    /// <summary>TP / (TP + FP) for <paramref name="segment"/>; 0 when it is never predicted.</summary>
    public double Precision(int segment) => Ratio(TruePositives(segment), PredictedCount(segment));

    /// <summary>TP / (TP + FN) for <paramref name="segment"/>; 0 when it never occurs.</summary>
    public double Recall(int segment) => Ratio(TruePositives(segment), Support(segment));

    /// <summary>2·TP / (2·TP + FP + FN) for <paramref name="segment"/>; 0 when it neither occurs nor is predicted.</summary>
    public double F1(int segment)
    {
        var truePositives = TruePositives(segment);
        // 2·TP + FP + FN = (TP + FN) + (TP + FP) = support + predicted count.
        return Ratio(2 * truePositives, Support(segment) + PredictedCount(segment));
    }

    /// <summary>A copy of the counts as <c>[actual][predicted]</c>, in the order of <see cref="Segments"/>.</summary>
    public long[][] ToArray()
    {
        var k = _segments.Length;
        var result = new long[k][];
        for (var actual = 0; actual < k; actual++)
        {
            result[actual] = _counts.AsSpan(actual * k, k).ToArray();
        }
        return result;
    }

    private long TruePositives(int segment)
    {
        var s = Index(segment);
        return _counts[(s * _segments.Length) + s];
    }

    private int Index(int segment) =>
        _index.TryGetValue(segment, out var index)
            ? index
            : throw new ArgumentException(
                $"Segment {segment} is not in this confusion matrix; its segments are {string.Join(", ", _segments)}.", nameof(segment));

    private static double Ratio(long numerator, long denominator) => denominator == 0 ? 0.0 : (double)numerator / denominator;

    private static Dictionary<int, int> IndexOf(int[] segments)
    {
        var index = new Dictionary<int, int>(segments.Length);
        for (var i = 0; i < segments.Length; i++)
        {
            if (!index.TryAdd(segments[i], i))
            {
                throw new ArgumentException($"Segment {segments[i]} appears twice; each segment is one row and one column.", nameof(segments));
            }
        }
        return index;
    }
}
