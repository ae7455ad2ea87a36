using Clientele.Core;
using Clientele.Data.Ingest;
using Clientele.Data.Store;
using Clientele.Data.Tables;
using Clientele.Features;
using Clientele.Features.Behaviour;
using Clientele.Pipeline.State;
using Clientele.Segmentation;
using Clientele.Segmentation.Classification;

namespace Clientele.Pipeline;

/// <summary>What one segmentation of the store's customers produced, and where it was written.</summary>
public sealed record SegmentResult(
    string Store,
    DateOnly AsOf,
    CustomerFeatureSet Features,
    IReadOnlyList<CustomerSegments> Customers,
    IReadOnlyList<SegmentProfile> RfmProfiles,
    RfmClusteringResult? Clustering,
    IReadOnlyList<SegmentProfile> ClusterProfiles,
    SegmentClassifier? Classifier,
    string? ClassifierFile,
    string? ClassifierSkipped,
    string CustomersFile,
    string SegmentsFile)
{
    /// <summary>The text interests added to the clustering's features (<c>--text-features</c>), or null.</summary>
    public TextInterestFeatures? TextInterests { get; init; }

    /// <summary>Why text features were asked for but not used (the text model is missing, …), or null.</summary>
    public string? TextSkipped { get; init; }

    /// <summary>Why behaviour features were asked for but not used (no events for these customers, --method rfm), or null.</summary>
    public string? BehaviourSkipped { get; init; }

    /// <summary>Each cluster's top themes by cluster id (see <see cref="SegmentThemes"/>), or null when there is no clustering or no product text.</summary>
    public IReadOnlyDictionary<int, IReadOnlyList<Language.Themes.DistinctiveTerm>>? ClusterThemes { get; init; }

    /// <summary>Each named RFM segment's top themes by profile id, or null when the store has no product text.</summary>
    public IReadOnlyDictionary<int, IReadOnlyList<Language.Themes.DistinctiveTerm>>? RfmThemes { get; init; }

    /// <summary>The model version the registry keeps this segmentation as (<c>clientele models list</c>); 0 before it is saved.</summary>
    public long Version { get; init; }

    /// <summary>
    /// Each segment's products (<see cref="SegmentProductQuery"/>'s rows, by RFM segment name and cluster) as the run
    /// computed them for its themes, saved with the version; null when it found no themes (no product text) or was loaded.
    /// </summary>
    public IReadOnlyList<SegmentProduct>? SegmentProducts { get; init; }
}

/// <summary>What a segmentation of a user's feature table produced, and where it was written.</summary>
public sealed record TableSegmentResult(
    string FeaturesFile,
    FeatureTable Table,
    bool Scaled,
    FeatureScaling? Scaling,
    ClusteringOutcome Clustering,
    IReadOnlyList<string> Labels,
    IReadOnlyList<SegmentProfile> Profiles,
    string CustomersFile,
    string SegmentsFile);

/// <summary>
/// Features from the store → RFM scores and named segments → (k-means clusters) → profiles → customers.csv and segments.json.
/// </summary>
public static class SegmentationJob
{
    public const string CustomersFileName = "customers.csv";
    public const string SegmentsFileName = "segments.json";

    /// <summary>The steps <see cref="Run"/> reports: features, RFM, clustering, classifier, themes, saving, files.</summary>
    private const int Steps = 7;

    private static string MethodStep(SegmentRequest request)
    {
        var method = request.Method.ToString().ToLowerInvariant();
        return request.Method == SegmentMethod.Dbscan ? method
            : request.K is { } k ? $"{method}, k = {k}" : $"{method}, k chosen from {request.MinimumK} to {request.MaximumK}";
    }

    public static SegmentResult Run(SegmentRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.FeaturesFile is not null)
        {
            throw new ArgumentException("A feature table is segmented with RunOnTable.", nameof(request));
        }
        if (request.TextFeatures && request.TextDimensions is < 1 or > 16)
        {
            throw new ClienteleException($"--text-dimensions {request.TextDimensions}: between 1 and 16");
        }
        var steps = new JobSteps(request.Progress, Steps);
        using var store = ClienteleStore.OpenExisting(request.StorePath);
        steps.Next("reading the customers' features");
        CustomerInputs.Prepare(store);
        var result = Compute(store, request, steps);
        steps.At(6, "saving the segmentation to the store");
        // customers.csv from the rows being saved, as the store gives them back, without reading a million rows again;
        // written beside the save (ExportsBeside says why).
        using var writing = ExportsBeside.Start((result.CustomersFile, file => CustomersCsv.Write(file, StoreExports.AsStored(result.Customers))));
        var version = StoredSegmentation.Save(store, result, request, request.Time);
        steps.At(7, $"writing {CustomersFileName} and {SegmentsFileName}");
        writing.Finish(StoreExports.CustomersSource(store, version, value: null));
        StoreExports.SegmentationDocuments(store, version, request.OutputDirectory, value: null);
        return result with { Version = version };
    }

    /// <summary>
    /// The segmentation itself, kept nowhere: <see cref="Run"/> saves it as the current version and exports it; a
    /// back-test takes an earlier day's RFM segments from it without touching the registry.
    /// </summary>
    public static SegmentResult Compute(ClienteleStore store, SegmentRequest request, JobSteps? steps = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(request);
        steps ??= JobSteps.None;
        var features = CustomerInputs.Features(store, request.AsOf);
        var rows = features.Customers;
        steps.At(2, "scoring recency, frequency and monetary value");

        var recency = rows.Select(c => (double)c.RecencyDays).ToArray();
        var frequency = rows.Select(c => (double)c.Frequency).ToArray();
        var monetary = rows.Select(c => (double)c.Monetary).ToArray();
        var (r, f, m, segmentNames) = RfmSegments.Assign(recency, frequency, monetary);

        var units = ProfileMatrix(rows);
        var rfmProfiles = RfmProfiles(units, segmentNames);

        TextInterestFeatures? textInterests = null;
        string? textSkipped = null;
        FeatureMatrix? textColumns = null;
        if (request.TextFeatures && request.Method != SegmentMethod.Rfm)
        {
            (textColumns, textInterests, textSkipped) = TextInterestColumns(store, features, request);
        }
        else if (request.TextFeatures)
        {
            textSkipped = "text features skipped: --method rfm scores recency, frequency and monetary only; they join the clustering methods";
        }
        FeatureMatrix? behaviourColumns = null;
        string? behaviourSkipped = null;
        if (request.BehaviourFeatures && request.Method != SegmentMethod.Rfm)
        {
            (behaviourColumns, behaviourSkipped) = BehaviourColumns(store, features);
        }
        else if (request.BehaviourFeatures)
        {
            behaviourSkipped = "behaviour features skipped: --method rfm scores recency, frequency and monetary only; they join the clustering methods";
        }
        var extraColumns = FeatureMatrix.Concatenate(textColumns, behaviourColumns);
        if (request.Method != SegmentMethod.Rfm)
        {
            steps.At(3, $"clustering ({MethodStep(request)})");
        }
        var clustering = request.Method == SegmentMethod.Rfm
            ? null
            : UserErrors.Guard(() => { ModelFits.Count("clustering"); return RfmClustering.Fit(recency, frequency, monetary, request.ToClusteringRequest(), extraColumns); });

        var clusterProfiles = clustering is null ? [] : ClusterProfiles(units, clustering);

        var customers = rows.Select((c, i) => new CustomerSegments(c, r[i], f[i], m[i], segmentNames[i], clustering?.ClusterOf[i])).ToArray();
        var customersFile = Path.GetFullPath(Path.Combine(request.OutputDirectory, CustomersFileName));
        var segmentsFile = Path.GetFullPath(Path.Combine(request.OutputDirectory, SegmentsFileName));
        if (clustering is not null)
        {
            steps.At(4, "training the classifier for new customers");
        }
        var (classifier, classifierSkipped) = clustering is null ? (null, null) : TrainClassifier(units, clustering.ClusterOf, request);
        var classifierFile = classifier is null ? null : Path.GetFullPath(Path.Combine(request.OutputDirectory, ClassifierFileName));
        var result = new SegmentResult(
            store.Path, features.AsOf, features, customers, rfmProfiles, clustering, clusterProfiles, classifier, classifierFile, classifierSkipped, customersFile, segmentsFile)
        {
            TextInterests = textInterests,
            TextSkipped = textSkipped,
            BehaviourSkipped = behaviourSkipped,
        };
        if (store.Scalar<long>("SELECT count(*) FROM product_catalogue WHERE coalesce(title, description, category) IS NOT NULL") > 0)
        {
            steps.At(5, "finding each segment's products and themes");
            // The products by segment as the store will give them for the saved version: kept with it for the briefs and
            // the report, and read here for the themes.
            var products = SegmentProductQuery.ForMembers(store, customers.Select(c => new SegmentMember(c.Features.CustomerId, c.RfmSegment, c.Cluster)), features.AsOf);
            var (rfmThemes, clusterThemes) = SegmentThemes.ForSegmentation(store, products, rfmProfiles, clustering is not null);
            result = result with { RfmThemes = rfmThemes, ClusterThemes = clusterThemes, SegmentProducts = products };
        }
        return result;
    }

    /// <summary>The named RFM segments' profiles, numbered by the segment's rank in <see cref="RfmSegments.All"/>.</summary>
    internal static IReadOnlyList<SegmentProfile> RfmProfiles(FeatureMatrix units, IReadOnlyList<string> segmentNames) => SegmentProfiler.Profile(
        units,
        segmentNames.Select(s => IndexOf(RfmSegments.All, s) + 1).ToArray(),
        id => RfmSegments.All[id - 1],
        (id, _) => DescribeRfmCells(RfmSegments.All[id - 1]));

    internal static IReadOnlyList<SegmentProfile> ClusterProfiles(FeatureMatrix units, RfmClusteringResult clustering) =>
        SegmentProfiler.Profile(units, clustering.Outcome.ClusterOf, ClusterName, (id, _) => id < 0 ? "noise: in no dense group" : clustering.Labels[id - 1]);

    /// <summary>
    /// Clusters a user's feature table (an id column and numeric columns): standardised unless <see cref="SegmentRequest.NoScale"/>;
    /// customers.csv holds <c>customer_id, cluster</c> and the features; clusters are numbered by size, largest first.
    /// </summary>
    public static TableSegmentResult RunOnTable(SegmentRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var path = request.FeaturesFile ?? throw new ArgumentException("No feature table given.", nameof(request));
        if (request.Method == SegmentMethod.Rfm)
        {
            throw new ClienteleException("--method rfm needs the store's orders; a feature table is clustered with kmeans, hierarchical, dbscan or gmm");
        }
        var table = FeatureTableReader.Read(path, request.IdColumn);
        var units = table.Features;
        FeatureScaling? scaling = null;
        var space = units;
        if (!request.NoScale)
        {
            var values = units.Values.ToArray();
            scaling = FeatureScaling.Standardise(values, units.Rows, units.Columns);
            space = new FeatureMatrix(values, units.Rows, units.Columns, units.ColumnNames);
        }
        ModelFits.Count("clustering");
        var outcome = UserErrors.Guard(() => CustomerClustering.Cluster(space, request.ToClusteringRequest()));
        // Labels measure centroids in standard deviations: in the standardised space they already are; raw columns
        // are measured against their own mean and sd, computed once.
        var labelScaling = scaling is null
            ? FeatureScaling.Standardise(space.Values.ToArray(), space.Rows, space.Columns)
            : new FeatureScaling(new double[space.Columns], Enumerable.Repeat(1.0, space.Columns).ToArray());
        var labels = outcome.Centroids.Select(c => DescribeByFeatures(c, space.ColumnNames, labelScaling)).ToArray();
        var profiles = SegmentProfiler.Profile(units, outcome.ClusterOf, ClusterName, (id, _) => id < 0 ? "noise: in no dense group" : labels[id - 1]);

        Directory.CreateDirectory(request.OutputDirectory);
        var customersFile = Path.GetFullPath(Path.Combine(request.OutputDirectory, CustomersFileName));
        var segmentsFile = Path.GetFullPath(Path.Combine(request.OutputDirectory, SegmentsFileName));
        using (var writer = new StreamWriter(customersFile))
        {
            writer.WriteLine(CsvText.Line(["customer_id", "cluster", .. units.ColumnNames]));
            for (var i = 0; i < units.Rows; i++)
            {
                var row = units.Row(i);
                var fields = new string?[row.Length + 2];
                fields[0] = table.Ids[i];
                fields[1] = outcome.ClusterOf[i].ToString(System.Globalization.CultureInfo.InvariantCulture);
                for (var j = 0; j < row.Length; j++)
                {
                    fields[j + 2] = row[j].ToString("R", System.Globalization.CultureInfo.InvariantCulture);
                }
                writer.WriteLine(CsvText.Line(fields));
            }
        }
        var result = new TableSegmentResult(Path.GetFullPath(path), table, scaling is not null, scaling, outcome, labels, profiles, customersFile, segmentsFile);
        SegmentsJson.Write(segmentsFile, result, request);
        return result;
    }

    /// <summary>
    /// The principal components of the customers' text interests as clustering columns, or why not: the model is
    /// missing (the note says how to fetch it), or too few customers bought products with text.
    /// </summary>
    private static (FeatureMatrix? Columns, TextInterestFeatures? Interests, string? Skipped) TextInterestColumns(
        ClienteleStore store, CustomerFeatureSet features, SegmentRequest request)
    {
        if (TextFeatures.TryLoadEmbedder(request.ModelDirectory, out var skipped) is not { } embedder)
        {
            return (null, null, skipped);
        }
        var embeddings = TextFeatures.ForProducts(store, embedder);
        var ids = features.Customers.Select(c => c.CustomerId).ToArray();
        var (values, has) = CustomerInterests.Compute(ids, CustomerInputs.Spend(store, features.AsOf), embeddings.Vectors, embedder.Dimensions);
        try
        {
            var (columns, pca) = CustomerInterests.Reduce(values, has, embedder.Dimensions, request.TextDimensions, request.Seed);
            var interests = new TextInterestFeatures(
                embeddings.Model, columns.ColumnNames, pca.Variances.Select(v => v / pca.TotalVariance).ToArray(), has.Count(h => h), CustomerInterests.Weighting, embeddings.Describe());
            return (columns, interests, null);
        }
        catch (ClienteleException e)
        {
            return (null, null, $"text features skipped: {e.Message}");
        }
    }

    public const string ClassifierFileName = "segment-classifier.json";

    /// <summary>
    /// Trains the classifier that assigns customers who arrive later to these clusters (from the profile features, which
    /// every customer has), with its cross-validated accuracy and macro-F1; the registry keeps it with the segmentation.
    /// </summary>
    /// <summary>The behaviour columns the clustering adds, names included.</summary>
    public static readonly IReadOnlyList<string> BehaviourColumnNames = CustomerBehaviourColumns.Activity;

    /// <summary>
    /// Each customer's behaviour as of the segmentation's day, one row per customer in <paramref name="features"/>' order
    /// (<see cref="CustomerBehaviourColumns.Activity"/>). Customers without events get zeros; with no events for any
    /// customer the columns are left out, with the reason.
    /// </summary>
    internal static (FeatureMatrix? Columns, string? Skipped) BehaviourColumns(ClienteleStore store, CustomerFeatureSet features)
    {
        BehaviourInputs.Prepare(store);
        var behaviour = CustomerBehaviourColumns.Compute(store, [.. features.Customers.Select(c => c.CustomerId)], features.AsOf, recency: false);
        return behaviour.WithEvents == 0
            ? (null, $"behaviour features skipped: none of the {features.Customers.Count:N0} customers has a behaviour event before {features.AsOf:yyyy-MM-dd} (clientele ingest events FILE)")
            : (behaviour.Columns, null);
    }

    private static (SegmentClassifier? Classifier, string? Skipped) TrainClassifier(FeatureMatrix units, IReadOnlyList<int> clusterOf, SegmentRequest request)
    {
        try
        {
            ModelFits.Count("segment-classifier");
            return (new SegmentClassifierFitter(new SegmentClassifierOptions { Seed = request.Seed }).Fit(units, clusterOf), null);
        }
        catch (ArgumentException e)
        {
            // e.g. a cluster smaller than the number of folds: the segmentation stands, without a classifier.
            return (null, e.Message);
        }
    }

    public static string ClusterName(int id) => id < 0 ? "noise" : $"cluster {id}";

    /// <summary>"high frequency, low recency_days": the two features whose centroid is farthest from the average customer.</summary>
    /// <param name="scaling">The standardisation of the space, or null when the columns are in their own units (then measured against their mean and sd).</param>
    private static string DescribeByFeatures(double[] centroid, IReadOnlyList<string> names, FeatureScaling scaling)
    {
        var z = new double[centroid.Length];
        for (var j = 0; j < centroid.Length; j++)
        {
            z[j] = scaling.StandardDeviation[j] > 0 ? (centroid[j] - scaling.Mean[j]) / scaling.StandardDeviation[j] : 0;
        }
        var parts = Enumerable.Range(0, z.Length)
            .Where(j => Math.Abs(z[j]) > 0.5)
            .OrderByDescending(j => Math.Abs(z[j]))
            .Take(2)
            .Select(j => $"{(z[j] > 0 ? "high" : "low")} {names[j]}")
            .ToArray();
        return parts.Length == 0 ? "close to the average" : string.Join(", ", parts);
    }

    /// <summary>The features every segment profile describes, in their original units.</summary>
    public static readonly IReadOnlyList<string> ProfileFeatures =
        ["recency_days", "frequency", "monetary", "tenure_days", "average_order_value", "distinct_products", "return_rate"];

    public static FeatureMatrix ProfileMatrix(IReadOnlyList<CustomerFeatures> rows)
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
