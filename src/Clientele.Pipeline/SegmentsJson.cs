using System.Text.Json;
using System.Text.Json.Serialization;
using Clientele.Segmentation;

namespace Clientele.Pipeline;

/// <summary>segments.json: the profiles of the segmentation methods that ran, with what is needed to trace them.</summary>
public static class SegmentsJson
{
    public const int FormatVersion = 1;

    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static void Write(string path, SegmentResult result, SegmentRequest request)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(request);
        var document = Build(result, request);
        File.WriteAllText(path, JsonSerializer.Serialize(document, Options));
    }

    public static SegmentsDocument Build(SegmentResult result, SegmentRequest request)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(request);
        var c = result.Clustering;
        return new SegmentsDocument(
            FormatVersion,
            result.Store,
            result.AsOf.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            result.Customers.Count,
            result.Features.CustomersWithoutPurchases,
            new RfmSection(
                "score = 1 + floor(5 × share of customers with a strictly worse value), capped at 5; equal values get equal scores",
                "segment from R and FM = ceil((F + M) / 2) on the 5 × 5 grid in the README",
                result.RfmProfiles.Select(Segment).ToList()),
            c is null ? null : new KMeansSection(
                c.K,
                request.Seed,
                request.Restarts,
                c.Inertia,
                c.Silhouette,
                "log1p (monetary floored at 0), then standardised (population sd)",
                RfmClustering.FeatureNames,
                c.Scaling.Mean,
                c.Scaling.StandardDeviation,
                c.Centroids,
                c.Selection is null ? null : new KSelectionSection(c.Selection.Rule, c.Selection.ChosenK, c.Selection.Table),
                result.ClusterProfiles.Select(Segment).ToList()));
    }

    private static SegmentEntry Segment(SegmentProfile p) => new(
        p.Id,
        p.Name,
        p.Label,
        p.Size,
        p.Share,
        p.Features.ToDictionary(f => f.Feature, f => f.Mean),
        p.Features.ToDictionary(f => f.Feature, f => f.Median),
        p.Features.ToDictionary(f => f.Feature, f => f.Lift),
        p.Features.ToDictionary(f => f.Feature, f => f.StandardisedDifference),
        p.SeparatingFeatures);
}

public sealed record SegmentsDocument(int FormatVersion, string Store, string AsOf, int Customers, int CustomersWithoutPurchases, RfmSection Rfm, KMeansSection? Kmeans);

public sealed record RfmSection(string Scoring, string Segmentation, IReadOnlyList<SegmentEntry> Segments);

public sealed record KMeansSection(
    int K,
    int Seed,
    int Restarts,
    double Inertia,
    double Silhouette,
    string Transform,
    IReadOnlyList<string> Features,
    IReadOnlyList<double> ScalingMean,
    IReadOnlyList<double> ScalingStandardDeviation,
    IReadOnlyList<double[]> Centroids,
    KSelectionSection? KSelection,
    IReadOnlyList<SegmentEntry> Segments);

public sealed record KSelectionSection(string Rule, int ChosenK, IReadOnlyList<KSelectionRow> Table);

public sealed record SegmentEntry(
    int Id,
    string Name,
    string Label,
    int Size,
    double Share,
    IReadOnlyDictionary<string, double> Mean,
    IReadOnlyDictionary<string, double> Median,
    IReadOnlyDictionary<string, double> Lift,
    IReadOnlyDictionary<string, double> StandardisedDifference,
    IReadOnlyList<string> SeparatingFeatures);
