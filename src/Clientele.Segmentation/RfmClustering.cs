using Clientele.Core;

namespace Clientele.Segmentation;

/// <summary>
/// Clusters customers on recency, frequency and monetary after log1p (monetary floored at 0 first, since returns can make
/// it negative) and standardisation, so that no feature dominates by its units and long tails do not make the clusters.
/// Cluster ids are stable for a seed: 1 is the cluster with the highest mean monetary value.
/// </summary>
public static class RfmClustering
{
    public static readonly IReadOnlyList<string> FeatureNames = ["recency_days", "frequency", "monetary"];

    /// <summary>Any clustering method on the transformed RFM features.</summary>
    public static RfmClusteringResult Fit(ReadOnlySpan<double> recencyDays, ReadOnlySpan<double> frequency, ReadOnlySpan<double> monetary, ClusteringRequest request) =>
        Fit(recencyDays, frequency, monetary, request, extraFeatures: null);

    /// <summary>
    /// Any clustering method on the transformed RFM features and <paramref name="extraFeatures"/> (one row per customer,
    /// for example the principal components of their text interests), each extra column standardised like the RFM ones
    /// but not log-transformed. Labels still describe value, recency and frequency.
    /// </summary>
    public static RfmClusteringResult Fit(
        ReadOnlySpan<double> recencyDays, ReadOnlySpan<double> frequency, ReadOnlySpan<double> monetary, ClusteringRequest request, FeatureMatrix? extraFeatures)
    {
        ArgumentNullException.ThrowIfNull(request);
        var n = recencyDays.Length;
        if (frequency.Length != n || monetary.Length != n)
        {
            throw new ArgumentException("recency, frequency and monetary must have one value per customer each.");
        }
        if (extraFeatures is not null && extraFeatures.Rows != n)
        {
            throw new ArgumentException($"The extra features have {extraFeatures.Rows} rows; expected one per customer ({n}).", nameof(extraFeatures));
        }
        var extra = extraFeatures?.Columns ?? 0;
        var d = 3 + extra;
        var transformed = new double[n * d];
        var value = new double[n];
        for (var i = 0; i < n; i++)
        {
            transformed[d * i] = Math.Log(1 + Math.Max(recencyDays[i], 0));
            transformed[(d * i) + 1] = Math.Log(1 + Math.Max(frequency[i], 0));
            transformed[(d * i) + 2] = Math.Log(1 + Math.Max(monetary[i], 0));
            extraFeatures?.Row(i).CopyTo(transformed.AsSpan((d * i) + 3, extra));
            value[i] = monetary[i];
        }
        IReadOnlyList<string> names = extraFeatures is null ? FeatureNames : [.. FeatureNames, .. extraFeatures.ColumnNames];
        var scaling = FeatureScaling.Standardise(transformed, n, d);
        var outcome = CustomerClustering.Cluster(new FeatureMatrix(transformed, n, d, names), request, value);
        return new RfmClusteringResult(outcome, scaling, outcome.Centroids.Select(c => DescribeCentroid(c, scaling)).ToArray()) { FeatureNames = names };
    }

    /// <summary>
    /// A short label from a centroid in standardised log space: value, recency and frequency, each as
    /// high/low when the centroid is more than half a standard deviation from the average customer. With the scaling,
    /// a cluster whose customers all bought exactly once (mean log1p(frequency) = log 2, the least it can be for a
    /// customer with a purchase) is "one-off" however close that is to the average: on a shop where nearly everyone buys
    /// once, half a standard deviation is a sliver, and "occasional" would claim repeat purchases no one made.
    /// </summary>
    public static string DescribeCentroid(ReadOnlySpan<double> centroid, FeatureScaling? scaling = null)
    {
        const double Threshold = 0.5;
        static string Pick(double z, string high, string middle, string low) => z > Threshold ? high : z < -Threshold ? low : middle;
        var value = Pick(centroid[2], "high value", "mid value", "low value");
        var recency = Pick(centroid[0], "lapsed", "lapsing", "recent");
        var frequency = Pick(centroid[1], "frequent", "occasional", "one-off");
        if (scaling is not null && (centroid[1] * scaling.StandardDeviation[1]) + scaling.Mean[1] <= Math.Log(2) + 1e-9)
        {
            frequency = "one-off";
        }
        return $"{value}, {recency}, {frequency}";
    }
}
