using Clientele.Data.Store;
using Clientele.Features;
using Clientele.Language.Themes;
using Clientele.Segmentation;
using Clientele.Segmentation.Classification;

namespace Clientele.Pipeline.State;

/// <summary>A clustering as the registry keeps it: everything of <see cref="ClusteringOutcome"/> but the customers' clusters (in the results table) and the model (an artifact).</summary>
internal sealed record StoredClustering(
    ClusteringMethod Method,
    int K,
    IReadOnlyList<double[]> Centroids,
    double Inertia,
    double Silhouette,
    double DaviesBouldin,
    double CalinskiHarabasz,
    KSelectionResult? Selection,
    GaussianMixtureSelectionResult? MixtureSelection,
    double? Epsilon,
    FeatureScaling Scaling,
    IReadOnlyList<string> Labels,
    IReadOnlyList<string> FeatureNames);

/// <summary>What a segmentation found beyond its per-customer rows: enough to lay it out again without fitting.</summary>
internal sealed record SegmentationFacts(
    string Store,
    DateOnly AsOf,
    int CustomersWithoutPurchases,
    StoredClustering? Clustering,
    TextInterestFeatures? TextInterests,
    string? TextSkipped,
    string? ClassifierSkipped,
    IReadOnlyDictionary<int, IReadOnlyList<DistinctiveTerm>>? RfmThemes,
    IReadOnlyDictionary<int, IReadOnlyList<DistinctiveTerm>>? ClusterThemes,
    string? BehaviourSkipped = null);

/// <summary>
/// A segmentation of the store's customers in the registry: <see cref="Save"/> adds a version with its rows and makes
/// it current in one transaction; <see cref="Load"/> gives the same <see cref="SegmentResult"/> back from the store,
/// without fitting anything (the profiles as the run computed them).
/// </summary>
public static class StoredSegmentation
{
    internal const string FactsArtifact = "facts.json";
    internal const string ClusteringArtifact = "clustering-model";
    internal const string ClassifierArtifact = "segment-classifier";
    internal const string ProductsArtifact = "segment-products";

    public static long Save(ClienteleStore store, SegmentResult result, SegmentRequest request, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(request);
        var c = result.Clustering;
        var facts = new SegmentationFacts(
            result.Store,
            result.AsOf,
            result.Features.CustomersWithoutPurchases,
            c is null ? null : new StoredClustering(
                c.Outcome.Method, c.Outcome.K, c.Outcome.Centroids, c.Outcome.Inertia, c.Outcome.Silhouette, c.Outcome.DaviesBouldin, c.Outcome.CalinskiHarabasz,
                c.Outcome.Selection, c.Outcome.MixtureSelection, c.Outcome.Epsilon, c.Scaling, c.Labels, c.FeatureNames),
            result.TextInterests,
            result.TextSkipped,
            result.ClassifierSkipped,
            result.RfmThemes,
            result.ClusterThemes,
            result.BehaviourSkipped);
        var artifacts = new Dictionary<string, ModelArtifact> { [FactsArtifact] = StateJson.Bytes(facts) };
        if (c is not null)
        {
            artifacts[ClusteringArtifact] = c.Outcome.Model.Save();
        }
        if (result.Classifier is { } classifier)
        {
            artifacts[ClassifierArtifact] = classifier.Save();
        }
        if (result.SegmentProducts is { } products)
        {
            artifacts[ProductsArtifact] = SegmentProductsArtifact.Bytes(products);
        }
        var metrics = new
        {
            Customers = result.Customers.Count,
            Method = c is null ? "rfm" : SegmentsJson.MethodName(c.Outcome.Method),
            K = c?.Outcome.K,
            Silhouette = c is null || !double.IsFinite(c.Outcome.Silhouette) ? (double?)null : c.Outcome.Silhouette,
            ClassifierAccuracy = result.Classifier?.Evaluation.AccuracyMean,
        };
        var model = new NewModelVersion(
            ModelKinds.Segmentation,
            result.AsOf,
            StateJson.OptionsOf(request),
            SegmentsJson.Text(result, request),
            StateJson.Write(metrics),
            CustomerInputs.StoreData(store).ToJson())
        {
            Artifacts = artifacts,
        };
        using var transaction = store.BeginTransaction();
        var version = ModelRegistry.Add(store, model, time);
        ResultTables.WriteSegments(store, version, result.Customers);
        ModelRegistry.MakeCurrent(store, version);
        transaction.Commit();
        return version;
    }

    /// <summary>The current segmentation, or an error that names <c>clientele segment</c> when there is none.</summary>
    public static SegmentResult LoadCurrent(ClienteleStore store, string outputDirectory) =>
        Load(store, ModelRegistry.Require(store, ModelKinds.Segmentation, ModelKinds.CommandFor(ModelKinds.Segmentation)), outputDirectory);

    /// <summary>A version as the result its run returned; the file names are those its export writes into <paramref name="outputDirectory"/>.</summary>
    public static SegmentResult Load(ClienteleStore store, ModelVersion version, string outputDirectory)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(version);
        var facts = StateJson.Read<SegmentationFacts>(Artifact(store, version, FactsArtifact), "a segmentation's facts");
        var customers = ResultTables.ReadSegments(store, version.Version);
        var features = new CustomerFeatureSet(facts.AsOf, customers.Select(c => c.Features).ToArray(), facts.CustomersWithoutPurchases);
        // The profiles as the run computed them (medians over every customer), from its segments.json, which the
        // version keeps as its parameters: not computed again from a million rows.
        var (rfmProfiles, clusterProfiles) = SegmentsJson.Profiles(version.Parameters);
        RfmClusteringResult? clustering = null;
        if (facts.Clustering is { } s)
        {
            var clusterOf = customers.Select(c => c.Cluster ?? throw new InvalidOperationException($"customer {c.Features.CustomerId} has no cluster in version {version.Version}")).ToArray();
            var model = ClusteringModel.Load(Artifact(store, version, ClusteringArtifact));
            var outcome = new ClusteringOutcome(
                s.Method, s.K, clusterOf, s.Centroids, s.Inertia, s.Silhouette, s.DaviesBouldin, s.CalinskiHarabasz, s.Selection, s.MixtureSelection, s.Epsilon, null, model);
            clustering = new RfmClusteringResult(outcome, s.Scaling, s.Labels) { FeatureNames = s.FeatureNames };
        }
        SegmentClassifier? classifier = null;
        string? classifierFile = null;
        if (ModelRegistry.Artifact(store, version.Version, ClassifierArtifact) is { } saved)
        {
            classifier = SegmentClassifier.Load(saved);
            classifierFile = Path.GetFullPath(Path.Combine(outputDirectory, SegmentationJob.ClassifierFileName));
        }
        return new SegmentResult(
            facts.Store,
            facts.AsOf,
            features,
            customers,
            rfmProfiles,
            clustering,
            clusterProfiles,
            classifier,
            classifierFile,
            facts.ClassifierSkipped,
            Path.GetFullPath(Path.Combine(outputDirectory, SegmentationJob.CustomersFileName)),
            Path.GetFullPath(Path.Combine(outputDirectory, SegmentationJob.SegmentsFileName)))
        {
            TextInterests = facts.TextInterests,
            TextSkipped = facts.TextSkipped,
            BehaviourSkipped = facts.BehaviourSkipped,
            RfmThemes = facts.RfmThemes,
            ClusterThemes = facts.ClusterThemes,
            Version = version.Version,
        };
    }

    /// <summary>
    /// Segmentation <paramref name="version"/>'s products by segment as of <paramref name="asOf"/>: as the run kept them
    /// (<see cref="SegmentProductsArtifact"/>) when it did and the day is its own, else grouped from the store now
    /// (<see cref="SegmentProductQuery.ForVersion"/>; a version made without product text, or before it was kept).
    /// </summary>
    /// <param name="summariesCurrent">As <see cref="SegmentProductQuery.ForVersion"/>'s, for the query.</param>
    public static IReadOnlyList<SegmentProduct> Products(ClienteleStore store, ModelVersion version, DateOnly asOf, bool? summariesCurrent = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(version);
        return version.AsOf == asOf && ModelRegistry.Artifact(store, version.Version, ProductsArtifact) is { } kept
            ? SegmentProductsArtifact.Read(kept)
            : SegmentProductQuery.ForVersion(store, version.Version, asOf, summariesCurrent);
    }

    internal static byte[] Artifact(ClienteleStore store, ModelVersion version, string name) =>
        ModelRegistry.RequireArtifact(store, version, name, ModelKinds.CommandFor(version.Kind));
}
