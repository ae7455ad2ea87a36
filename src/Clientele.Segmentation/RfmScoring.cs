namespace Clientele.Segmentation;

/// <summary>
/// R, F and M scores from 1 to 5 by quintile, with ties kept together: a customer's score is
/// 1 + ⌊5 × (share of customers with a strictly worse value)⌋, capped at 5. Equal values therefore always
/// get equal scores (unlike ranking by row order), and a value shared by many customers can leave a score unused.
/// For recency a smaller number of days is better; for frequency and monetary a larger one.
/// </summary>
public static class RfmScoring
{
    public const int Levels = 5;

    /// <summary>Scores where a larger value is better (frequency, monetary).</summary>
    public static int[] ScoreHigherIsBetter(ReadOnlySpan<double> values) => Score(values, higherIsBetter: true);

    /// <summary>Scores where a smaller value is better (recency in days).</summary>
    public static int[] ScoreLowerIsBetter(ReadOnlySpan<double> values) => Score(values, higherIsBetter: false);

    private static int[] Score(ReadOnlySpan<double> values, bool higherIsBetter)
    {
        var n = values.Length;
        var scores = new int[n];
        if (n == 0)
        {
            return scores;
        }
        var sorted = values.ToArray();
        Array.Sort(sorted);
        for (var i = 0; i < n; i++)
        {
            if (double.IsNaN(values[i]))
            {
                throw new ArgumentException($"Value {i} is NaN; RFM scores need numbers.", nameof(values));
            }
            // Customers with a strictly worse value: below it when higher is better, above it otherwise.
            var worse = higherIsBetter ? LowerBound(sorted, values[i]) : n - UpperBound(sorted, values[i]);
            scores[i] = Math.Min(Levels, 1 + (int)(Levels * (long)worse / n));
        }
        return scores;
    }

    /// <summary>First index whose value is ≥ <paramref name="value"/>.</summary>
    private static int LowerBound(double[] sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] < value)
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
    private static int UpperBound(double[] sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] <= value)
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
