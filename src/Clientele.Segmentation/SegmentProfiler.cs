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
        foreach (var group in Enumerable.Range(0, data.Rows).GroupBy(i => segmentOf[i]).OrderBy(g => g.Key))
        {
            var rows = group.ToArray();
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
            profiles.Add(new SegmentProfile(group.Key, name(group.Key), label(group.Key, features), rows.Length, (double)rows.Length / data.Rows, features, separating));
        }
        return profiles;
    }

    public static double Median(double[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length == 0)
        {
            return double.NaN;
        }
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

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
