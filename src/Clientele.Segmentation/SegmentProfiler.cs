using Clientele.Core;
using Clientele.Core.Maths;

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
                    Medians.Of(values),
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
