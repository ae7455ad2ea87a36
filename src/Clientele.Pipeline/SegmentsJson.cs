using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Clientele.Segmentation;

namespace Clientele.Pipeline;

/// <summary>
/// segments.json: the profiles of the segmentation methods that ran, with what is needed to trace them. Format 1 grew
/// optional fields without a new version (readers that ignore unknown fields read it as before): <c>themes</c> per
/// segment, and <c>themes_method</c>, <c>text_features</c> and <c>text_features_skipped</c> at the top.
/// </summary>
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

    public static void Write(string path, SegmentResult result, SegmentRequest request) => File.WriteAllText(path, Text(result, request));

    /// <summary>segments.json's text for a segmentation of the store's customers (what the registry keeps and exports).</summary>
    public static string Text(SegmentResult result, SegmentRequest request)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(request);
        var c = result.Clustering;
        var document = new SegmentsDocument(
            FormatVersion,
            result.Store,
            null,
            result.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            result.Customers.Count,
            result.Features.CustomersWithoutPurchases,
            new RfmSection(
                "score = 1 + floor(5 × share of customers with a strictly worse value), capped at 5; equal values get equal scores",
                "segment from R and FM = ceil((F + M) / 2) on the 5 × 5 grid in docs/segmentation.md",
                result.RfmProfiles.Select(p => Segment(p, result.RfmThemes)).ToList()),
            c is null ? null : Clustering(
                c.Outcome,
                request,
                result.TextInterests is null
                    ? "log1p (monetary floored at 0), then standardised (population sd)"
                    : "log1p (monetary floored at 0) of recency, frequency and monetary; text_interest_* as they are; then all standardised (population sd)",
                c.FeatureNames,
                c.Scaling,
                result.ClusterProfiles,
                result.ClusterThemes),
            Classifier(result))
        {
            TextFeatures = result.TextInterests,
            TextFeaturesSkipped = result.TextSkipped,
            ThemesMethod = result.RfmThemes is null ? null : SegmentThemes.Method,
        };
        return JsonSerializer.Serialize(document, Options);
    }

    public static void Write(string path, TableSegmentResult result, SegmentRequest request)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(request);
        var document = new SegmentsDocument(
            FormatVersion,
            null,
            result.FeaturesFile,
            null,
            result.Table.Ids.Count,
            0,
            null,
            Clustering(
                result.Clustering, request, result.Scaled ? "standardised (population sd)" : "none (--no-scale)", result.Table.Features.ColumnNames, result.Scaling, result.Profiles),
            null);
        File.WriteAllText(path, JsonSerializer.Serialize(document, Options));
    }

    private static ClusteringSection Clustering(
        ClusteringOutcome c, SegmentRequest request, string transform, IReadOnlyList<string> features, FeatureScaling? scaling, IReadOnlyList<SegmentProfile> profiles,
        IReadOnlyDictionary<int, IReadOnlyList<Language.Themes.DistinctiveTerm>>? themes = null) => new(
        MethodName(c.Method),
        c.K,
        request.Seed,
        c.Method == ClusteringMethod.KMeans ? request.Restarts : null,
        c.Method == ClusteringMethod.Hierarchical ? request.Linkage.ToString().ToLowerInvariant() : null,
        c.Epsilon,
        c.Method == ClusteringMethod.Dbscan ? request.MinimumPoints : null,
        c.Method == ClusteringMethod.GaussianMixture ? request.Covariance.ToString().ToLowerInvariant() : null,
        c.NoiseCount,
        c.Inertia,
        c.Silhouette,
        c.DaviesBouldin,
        c.CalinskiHarabasz,
        transform,
        features,
        scaling?.Mean,
        scaling?.StandardDeviation,
        c.Centroids,
        c.Selection is null ? null : new KSelectionSection(c.Selection.Rule, c.Selection.ChosenK, c.Selection.Table),
        c.MixtureSelection is null ? null : new BicSelectionSection(c.MixtureSelection.Rule, c.MixtureSelection.ChosenK, c.MixtureSelection.Table),
        profiles.Select(p => Segment(p, themes)).ToList());

    private static ClassifierSection? Classifier(SegmentResult result)
    {
        if (result.Classifier is not { } classifier)
        {
            return result.ClassifierSkipped is null ? null : new ClassifierSection(null, null, 0, 0, 0, 0, 0, 0, 0, [], result.ClassifierSkipped);
        }
        var e = classifier.Evaluation;
        return new ClassifierSection(
            result.ClassifierFile,
            "LightGbm multi-class on the profile features; stratified k-fold cross-validation"
                + (e.Rows < result.Features.Customers.Count ? $", on a stratified sample of {e.Rows} of the {result.Features.Customers.Count} customers" : ""),
            e.Folds,
            e.AccuracyMean,
            e.AccuracyStandardDeviation,
            e.MacroF1Mean,
            e.MacroF1StandardDeviation,
            e.MacroRecallMean,
            e.MacroRecallStandardDeviation,
            classifier.FeatureNames,
            null);
    }

    public static string MethodName(ClusteringMethod method) => method switch
    {
        ClusteringMethod.Hierarchical => "hierarchical",
        ClusteringMethod.Dbscan => "dbscan",
        ClusteringMethod.GaussianMixture => "gmm",
        _ => "kmeans",
    };

    /// <summary>
    /// The RFM and cluster profiles a segments.json text holds (the registry keeps it as a segmentation version's
    /// parameters), as the run computed them: every number is written at full precision, so they read back the same.
    /// </summary>
    internal static (IReadOnlyList<SegmentProfile> Rfm, IReadOnlyList<SegmentProfile> Clusters) Profiles(string text)
    {
        using var document = JsonDocument.Parse(text);
        var root = document.RootElement;
        IReadOnlyList<SegmentProfile> Read(string section) =>
            root.TryGetProperty(section, out var part) && part.ValueKind == JsonValueKind.Object
                ? [.. part.GetProperty("segments").Deserialize<List<SegmentEntry>>(Options)!.Select(Profile)]
                : [];
        return (Read("rfm"), Read("clustering"));
    }

    /// <summary>A segment's entry as the profile it was written from (the features in their order of writing).</summary>
    private static SegmentProfile Profile(SegmentEntry e) => new(
        e.Id,
        e.Name,
        e.Label,
        e.Size,
        e.Share,
        [.. e.Mean.Keys.Select(f => new FeatureSummary(f, e.Mean[f], e.Median[f], e.Lift[f], e.StandardisedDifference[f]))],
        e.SeparatingFeatures);

    private static SegmentEntry Segment(SegmentProfile p, IReadOnlyDictionary<int, IReadOnlyList<Language.Themes.DistinctiveTerm>>? themes) => new(
        p.Id,
        p.Name,
        p.Label,
        p.Size,
        p.Share,
        p.Features.ToDictionary(f => f.Feature, f => f.Mean),
        p.Features.ToDictionary(f => f.Feature, f => f.Median),
        p.Features.ToDictionary(f => f.Feature, f => f.Lift),
        p.Features.ToDictionary(f => f.Feature, f => f.StandardisedDifference),
        p.SeparatingFeatures)
    {
        Themes = themes is null ? null : themes.TryGetValue(p.Id, out var list) ? list.Select(t => new ThemeEntry(t.Term, Math.Round(t.ZScore, 3), t.Count)).ToList() : [],
    };
}

public sealed record SegmentsDocument(
    int FormatVersion,
    string? Store,
    string? FeaturesFile,
    string? AsOf,
    int Customers,
    int CustomersWithoutPurchases,
    RfmSection? Rfm,
    ClusteringSection? Clustering,
    ClassifierSection? Classifier)
{
    /// <summary>The text interests that joined the clustering's features (format 1 readers may ignore it).</summary>
    public TextInterestFeatures? TextFeatures { get; init; }

    /// <summary>Why text features were asked for and not used.</summary>
    public string? TextFeaturesSkipped { get; init; }

    /// <summary>How the segments' <c>themes</c> were scored; absent when the store has no product text.</summary>
    public string? ThemesMethod { get; init; }
}

/// <summary>A term that sets a segment's texts apart: its z-score against all other customers and its count in the segment.</summary>
public sealed record ThemeEntry(string Term, double ZScore, double Count);

/// <summary>The classifier that assigns later customers to the clusters, and how well it reproduces them out of fold.</summary>
public sealed record ClassifierSection(
    string? File,
    string? Model,
    int Folds,
    double AccuracyMean,
    double AccuracyStandardDeviation,
    double MacroF1Mean,
    double MacroF1StandardDeviation,
    double MacroRecallMean,
    double MacroRecallStandardDeviation,
    IReadOnlyList<string> Features,
    string? Skipped);

public sealed record RfmSection(string Scoring, string Segmentation, IReadOnlyList<SegmentEntry> Segments);

/// <summary>The clustering that ran: its settings, quality, the space it worked in, how k was chosen, and its segments.</summary>
public sealed record ClusteringSection(
    string Method,
    int K,
    int Seed,
    int? Restarts,
    string? Linkage,
    double? Epsilon,
    int? MinimumPoints,
    string? Covariance,
    int Noise,
    double Inertia,
    double Silhouette,
    double DaviesBouldin,
    double CalinskiHarabasz,
    string Transform,
    IReadOnlyList<string> Features,
    IReadOnlyList<double>? ScalingMean,
    IReadOnlyList<double>? ScalingStandardDeviation,
    IReadOnlyList<double[]> Centroids,
    KSelectionSection? KSelection,
    BicSelectionSection? BicSelection,
    IReadOnlyList<SegmentEntry> Segments);

public sealed record KSelectionSection(string Rule, int ChosenK, IReadOnlyList<KSelectionRow> Table);

public sealed record BicSelectionSection(string Rule, int ChosenK, IReadOnlyList<GaussianMixtureSelectionRow> Table);

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
    IReadOnlyList<string> SeparatingFeatures)
{
    /// <summary>The segment's top themes, best first (see <see cref="SegmentThemes"/>); absent when the store has no product text.</summary>
    public IReadOnlyList<ThemeEntry>? Themes { get; init; }
}
