namespace Clientele.Core.Maths;

/// <summary>The median, in one place for the segment profiles, the briefs and the churn model's typical customer.</summary>
public static class Medians
{
    /// <summary>
    /// The middle value (the mean of the two middle values of an even count), as sorting would give it, found by
    /// selection in linear time: a segment's medians over a million customers are the report's largest sort otherwise.
    /// </summary>
    public static double Of(double[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length == 0)
        {
            return double.NaN;
        }
        var copy = (double[])values.Clone();
        var mid = copy.Length / 2;
        if (Array.IndexOf(copy, double.NaN) >= 0 || !SelectInPlace(copy, mid))
        {
            // NaN has no place in an order by < (sorting puts it first), and a selection that keeps choosing bad pivots stops: sort instead.
            Array.Sort(copy);
            return copy.Length % 2 == 1 ? copy[mid] : (copy[mid - 1] + copy[mid]) / 2;
        }
        if (copy.Length % 2 == 1)
        {
            return copy[mid];
        }
        // Everything before mid is at most copy[mid]: the largest of them is the other middle value.
        var lower = copy[0];
        for (var i = 1; i < mid; i++)
        {
            if (copy[i] > lower)
            {
                lower = copy[i];
            }
        }
        return (lower + copy[mid]) / 2;
    }

    /// <summary>
    /// Puts the <paramref name="k"/>-th smallest value at index k, the values before it at most it and those after at
    /// least it (three-way partitions around a median-of-three pivot, so long runs of equal values are one step);
    /// false when it gives up after scanning ten times the values, leaving the values permuted.
    /// </summary>
    private static bool SelectInPlace(double[] a, int k)
    {
        var lo = 0;
        var hi = a.Length - 1;
        // Good pivots scan about 3n values in all; ten times that means the pivots keep landing near the ends.
        var budget = 10L * a.Length;
        while (lo < hi)
        {
            budget -= hi - lo + 1;
            if (budget < 0)
            {
                return false;
            }
            var m = lo + ((hi - lo) / 2);
            var pivot = MedianOfThree(a[lo], a[m], a[hi]);
            // a[lo..lt) < pivot, a[lt..i) == pivot, a(gt..hi] > pivot.
            int lt = lo, i = lo, gt = hi;
            while (i <= gt)
            {
                var v = a[i];
                if (v < pivot)
                {
                    (a[lt], a[i]) = (a[i], a[lt]);
                    lt++;
                    i++;
                }
                else if (v > pivot)
                {
                    (a[i], a[gt]) = (a[gt], a[i]);
                    gt--;
                }
                else
                {
                    i++;
                }
            }
            if (k < lt)
            {
                hi = lt - 1;
            }
            else if (k > gt)
            {
                lo = gt + 1;
            }
            else
            {
                return true;
            }
        }
        return true;
    }

    private static double MedianOfThree(double a, double b, double c) =>
        a < b ? (b < c ? b : a < c ? c : a) : (a < c ? a : b < c ? c : b);
}
