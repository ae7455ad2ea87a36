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
    IReadOnlyList<SegmentProfile> ClusterProfiles,
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

        var units = ProfileMatrix(rows);
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

        var clusterProfiles = clustering is null
            ? []
            : SegmentProfiler.Profile(units, clustering.ClusterOf, id => $"cluster {id}", (id, _) => clustering.Labels[id - 1]);

        var customers = rows.Select((c, i) => new CustomerSegments(c, r[i], f[i], m[i], segmentNames[i], clustering?.ClusterOf[i])).ToArray();
        Directory.CreateDirectory(request.OutputDirectory);
        var customersFile = Path.GetFullPath(Path.Combine(request.OutputDirectory, CustomersFileName));
        var segmentsFile = Path.GetFullPath(Path.Combine(request.OutputDirectory, SegmentsFileName));
        CustomersCsv.Write(customersFile, customers);
        var result = new SegmentResult(store.Path, features.AsOf, features, customers, rfmProfiles, clustering, clusterProfiles, customersFile, segmentsFile);
        SegmentsJson.Write(segmentsFile, result, request);
        return result;
    }

    /// <summary>The features every segment profile describes, in their original units.</summary>
    public static readonly IReadOnlyList<string> ProfileFeatures =
        ["recency_days", "frequency", "monetary", "tenure_days", "average_order_value", "distinct_products", "return_rate"];

    private static FeatureMatrix ProfileMatrix(IReadOnlyList<CustomerFeatures> rows)
    {
        var columns = ProfileFeatures.Count;
        var values = new double[rows.Count * columns];
        for (var i = 0; i < rows.Count; i++)
        {
            var c = rows[i];
            var row = values.AsSpan(i * columns, columns);
            row[0] = c.RecencyDays;
            row[1] = c.Frequency;
            row[2] = (double)c.Monetary;
            row[3] = c.TenureDays;
            row[4] = (double)c.AverageOrderValue;
            row[5] = c.DistinctProducts;
            row[6] = c.ReturnRate;
        }
        return new FeatureMatrix(values, rows.Count, columns, ProfileFeatures);
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
