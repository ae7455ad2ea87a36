using Clientele.Core;
using Clientele.Data.Store;
using Clientele.Features;
using Clientele.Segmentation;

namespace Clientele.Pipeline;

/// <summary>What one segmentation produced, and where it was written.</summary>
public sealed record SegmentResult(
    string Store,
    DateOnly AsOf,
    CustomerFeatureSet Features,
    IReadOnlyList<CustomerSegments> Customers,
    IReadOnlyList<SegmentProfile> RfmProfiles,
    RfmClusteringResult? Clustering,
    string CustomersFile,
    string SegmentsFile);

/// <summary>One customer's features and segments, as a row of customers.csv.</summary>
public sealed record CustomerSegments(CustomerFeatures Features, int RScore, int FScore, int MScore, string RfmSegment, int? Cluster);

/// <summary>
/// Features from the store → RFM scores and named segments → (k-means clusters) → profiles → customers.csv and segments.json.
/// </summary>
public static class SegmentationJob
{
    public const string CustomersFileName = "customers.csv";
    public const string SegmentsFileName = "segments.json";

    public static SegmentResult Run(SegmentRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var store = ClienteleStore.OpenExisting(request.StorePath);
        var features = CustomerFeatureQuery.Compute(store, request.AsOf);
        var rows = features.Customers;

        var recency = rows.Select(c => (double)c.RecencyDays).ToArray();
        var frequency = rows.Select(c => (double)c.Frequency).ToArray();
        var monetary = rows.Select(c => (double)c.Monetary).ToArray();
        var r = RfmScoring.ScoreLowerIsBetter(recency);
        var f = RfmScoring.ScoreHigherIsBetter(frequency);
        var m = RfmScoring.ScoreHigherIsBetter(monetary);
        var segmentNames = rows.Select((_, i) => RfmSegments.Name(r[i], f[i], m[i])).ToArray();

        var units = RfmMatrix(recency, frequency, monetary);
        var rfmProfiles = SegmentProfiler.Profile(
            units,
            segmentNames.Select(s => IndexOf(RfmSegments.All, s) + 1).ToArray(),
            id => RfmSegments.All[id - 1],
            (id, _) => DescribeRfmCells(RfmSegments.All[id - 1]));

        RfmClusteringResult? clustering = null;
        if (request.Method == SegmentMethod.KMeans)
        {
            clustering = RfmClustering.Fit(recency, frequency, monetary, new RfmClusteringOptions
            {
                NumberOfClusters = request.K,
                MinimumK = request.MinimumK,
                MaximumK = request.MaximumK,
                NumberOfRestarts = request.Restarts,
                Seed = request.Seed,
            });
        }

        var customers = rows.Select((c, i) => new CustomerSegments(c, r[i], f[i], m[i], segmentNames[i], clustering?.ClusterOf[i])).ToArray();
        Directory.CreateDirectory(request.OutputDirectory);
        var customersFile = Path.GetFullPath(Path.Combine(request.OutputDirectory, CustomersFileName));
        var segmentsFile = Path.GetFullPath(Path.Combine(request.OutputDirectory, SegmentsFileName));
        CustomersCsv.Write(customersFile, customers);
        var result = new SegmentResult(store.Path, features.AsOf, features, customers, rfmProfiles, clustering, customersFile, segmentsFile);
        SegmentsJson.Write(segmentsFile, result, request);
        return result;
    }

    private static FeatureMatrix RfmMatrix(double[] recency, double[] frequency, double[] monetary)
    {
        var values = new double[recency.Length * 3];
        for (var i = 0; i < recency.Length; i++)
        {
            values[3 * i] = recency[i];
            values[(3 * i) + 1] = frequency[i];
            values[(3 * i) + 2] = monetary[i];
        }
        return new FeatureMatrix(values, recency.Length, 3, RfmClustering.FeatureNames);
    }

    private static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] == value)
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>"R 4–5, FM 4–5"-style description of where a named segment sits on the grid.</summary>
    public static string DescribeRfmCells(string segment)
    {
        var cells = RfmSegments.Cells(segment);
        return string.Join("; ", cells.GroupBy(c => c.R).Select(g => $"R {g.Key}, FM {Range(g.Select(c => c.FM))}"));
    }

    private static string Range(IEnumerable<int> values)
    {
        var list = values.Order().ToList();
        return list.Count == 1 ? $"{list[0]}" : $"{list[0]}–{list[^1]}";
    }
}
