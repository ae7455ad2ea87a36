namespace Clientele.Segmentation;

/// <summary>
/// One RFM dimension's scale: the values of the customers a segmentation scored, sorted, so that any value, such as a
/// live customer's recency today, gets the score it would have had among them (<see cref="RfmScoring"/>'s rule:
/// 1 + ⌊5 × share of those customers with a strictly worse value⌋, capped at 5). Immutable.
/// </summary>
public sealed class RfmScale
{
    private readonly double[] _sorted;

    private RfmScale(double[] sorted, bool higherIsBetter)
    {
        _sorted = sorted;
        HigherIsBetter = higherIsBetter;
    }

    /// <summary>Gets whether a larger value is better (frequency, monetary) rather than a smaller one (recency in days).</summary>
    public bool HigherIsBetter { get; }

    /// <summary>Gets the number of customers the scale was made from.</summary>
    public int Count => _sorted.Length;

    /// <summary>The scale of <paramref name="values"/> (at least one, none NaN).</summary>
    public static RfmScale Of(ReadOnlySpan<double> values, bool higherIsBetter)
    {
        var sorted = Checked(values);
        Array.Sort(sorted);
        return new RfmScale(sorted, higherIsBetter);
    }

    /// <summary>
    /// The score of every one of <paramref name="values"/> on their own scale, as <see cref="Of"/> then <see cref="Score"/>
    /// give it, from one sort of the values with their positions: each run of equal values has as many strictly worse
    /// values as lie on its worse side, without a search for each value.
    /// </summary>
    internal static int[] ScoreAll(ReadOnlySpan<double> values, bool higherIsBetter)
    {
        var sorted = Checked(values);
        var n = sorted.Length;
        var positions = new int[n];
        for (var i = 0; i < n; i++)
        {
            positions[i] = i;
        }
        Array.Sort(sorted, positions);
        var scores = new int[n];
        for (var start = 0; start < n;)
        {
            var end = start + 1;
            while (end < n && sorted[end] == sorted[start])
            {
                end++;
            }
            var score = ScoreOf(higherIsBetter ? start : n - end, n);
            for (var j = start; j < end; j++)
            {
                scores[positions[j]] = score;
            }
            start = end;
        }
        return scores;
    }

    /// <summary>1 + ⌊5 × <paramref name="worse"/> / <paramref name="n"/>⌋, capped at 5: the rule (<see cref="RfmScoring"/>).</summary>
    private static int ScoreOf(int worse, int n) => Math.Min(RfmScoring.Levels, 1 + (int)(RfmScoring.Levels * (long)worse / n));

    private static double[] Checked(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty)
        {
            throw new ArgumentException("An RFM scale needs at least one customer's value.", nameof(values));
        }
        var copy = values.ToArray();
        for (var i = 0; i < copy.Length; i++)
        {
            if (double.IsNaN(copy[i]))
            {
                throw new ArgumentException($"Value {i} is NaN; RFM scores need numbers.", nameof(values));
            }
        }
        return copy;
    }

    /// <summary>The score, 1 to 5, of <paramref name="value"/> among the scale's customers.</summary>
    public int Score(double value)
    {
        if (double.IsNaN(value))
        {
            throw new ArgumentException("An RFM score needs a number, not NaN.", nameof(value));
        }
        var n = _sorted.Length;
        // Customers with a strictly worse value: below it when higher is better, above it otherwise.
        var worse = HigherIsBetter ? LowerBound(value) : n - UpperBound(value);
        return ScoreOf(worse, n);
    }

    /// <summary>The share of the scale's customers with a strictly worse value than <paramref name="value"/>: what the score is made of, for explanations.</summary>
    public double ShareWorse(double value)
    {
        var n = _sorted.Length;
        return (HigherIsBetter ? LowerBound(value) : n - UpperBound(value)) / (double)n;
    }

    /// <summary>First index whose value is ≥ <paramref name="value"/>.</summary>
    private int LowerBound(double value)
    {
        int lo = 0, hi = _sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_sorted[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }

    /// <summary>First index whose value is &gt; <paramref name="value"/>.</summary>
    private int UpperBound(double value)
    {
        int lo = 0, hi = _sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_sorted[mid] <= value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }
}
