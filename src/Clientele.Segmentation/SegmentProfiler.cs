using Clientele.Core;

namespace Clientele.Segmentation;

/// <summary>Profiles segments of any method from the features in their original units.</summary>
public static class SegmentProfiler
{
    /// <summary>
    /// One profile per segment that has customers, in id order. <paramref name="segmentOf"/> gives each row's segment id;
    /// <paramref name="name"/> and <paramref name="label"/> name a segment from its id and (for the label) its profile.
    /// </summary>
    public static IReadOnlyList<SegmentProfile> Profile(
        FeatureMatrix data,
        IReadOnlyList<int> segmentOf,
        Func<int, string> name,
        Func<int, IReadOnlyList<FeatureSummary>, string> label)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(segmentOf);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(label);
        if (segmentOf.Count != data.Rows)
        {
            throw new ArgumentException($"Expected {data.Rows} segment ids, got {segmentOf.Count}.", nameof(segmentOf));
        }
        var columns = Enumerable.Range(0, data.Columns).Select(data.Column).ToArray();
        var overallMean = columns.Select(c => c.Average()).ToArray();
        var overallSd = columns.Select((c, j) => StandardDeviation(c, overallMean[j])).ToArray();
        var profiles = new List<SegmentProfile>();
        foreach (var (key, rows) in RowsBySegment(segmentOf))
        {
            var features = new FeatureSummary[data.Columns];
            for (var j = 0; j < data.Columns; j++)
            {
                var values = rows.Select(i => columns[j][i]).ToArray();
                var mean = values.Average();
                features[j] = new FeatureSummary(
                    data.ColumnNames[j],
                    mean,
                    Median(values),
                    overallMean[j] == 0 ? double.NaN : mean / overallMean[j],
                    overallSd[j] == 0 ? 0 : (mean - overallMean[j]) / overallSd[j]);
            }
            var separating = features.OrderByDescending(f => Math.Abs(f.StandardisedDifference)).Select(f => f.Feature).ToArray();
            profiles.Add(new SegmentProfile(key, name(key), label(key, features), rows.Length, (double)rows.Length / data.Rows, features, separating));
        }
        return profiles;
    }

    /// <summary>Each segment's rows in row order, segments by id: what grouping the rows by segment gives, from one count and one pass.</summary>
    private static IEnumerable<(int Segment, int[] Rows)> RowsBySegment(IReadOnlyList<int> segmentOf)
    {
        var sizes = new Dictionary<int, int>();
        for (var i = 0; i < segmentOf.Count; i++)
        {
            sizes[segmentOf[i]] = sizes.GetValueOrDefault(segmentOf[i]) + 1;
        }
        var rows = sizes.ToDictionary(p => p.Key, p => new int[p.Value]);
        var filled = sizes.Keys.ToDictionary(k => k, _ => 0);
        for (var i = 0; i < segmentOf.Count; i++)
        {
            var segment = segmentOf[i];
            var at = filled[segment];
            rows[segment][at] = i;
            filled[segment] = at + 1;
        }
        return rows.OrderBy(p => p.Key).Select(p => (p.Key, p.Value));
    }

    /// <summary>
    /// The middle value (the mean of the two middle values of an even count), as sorting would give it, found by
    /// selection in linear time: a segment's medians over a million customers are the report's largest sort otherwise.
    /// </summary>
    public static double Median(double[] values)
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

    private static double StandardDeviation(double[] values, double mean)
    {
        var sum = 0.0;
        foreach (var v in values)
        {
            sum += (v - mean) * (v - mean);
        }
        return values.Length > 1 ? Math.Sqrt(sum / (values.Length - 1)) : 0;
    }
}
