using Clientele.Core;
using System.Globalization;
using System.Text.Json;
using Clientele.Data.Ingest;
using Clientele.Data.Store;

namespace Clientele.Pipeline.State;

/// <summary>
/// The files of <c>--out</c> and of <c>clientele export</c>, made from the store: a model version's rows and documents,
/// written the same way whenever they are asked for, so the export of a version after <c>models use</c> is byte for
/// byte what its own run wrote. The large ones (customers.csv, recommendations.csv, similar-products.csv) are kept
/// when the folder already holds them written from the same rows (<see cref="ExportStamps"/>).
/// </summary>
public static class StoreExports
{
    public const string ModelsFileName = "models.json";

    /// <summary>customers.csv: a segmentation's rows, with a value version's columns when <paramref name="value"/> is given.</summary>
    public static string Customers(ClienteleStore store, long segmentation, long? value, string directory)
    {
        ArgumentNullException.ThrowIfNull(store);
        Directory.CreateDirectory(directory);
        var file = Full(directory, SegmentationJob.CustomersFileName);
        // With the value columns, the store joins the two versions' rows and they are written as they are read.
        ExportStamps.WriteUnlessCurrent(file, CustomersSource(store, segmentation, value), () =>
        {
            if (value is { } v)
            {
                CustomersCsv.Write(file, ResultTables.StreamSegmentsWithValues(store, segmentation, v));
            }
            else
            {
                CustomersCsv.Write(file, ResultTables.ReadSegments(store, segmentation));
            }
        });
        return file;
    }

    /// <summary>What customers.csv of a segmentation (with a value version's columns, or none) is stamped as made from.</summary>
    internal static string CustomersSource(ClienteleStore store, long segmentation, long? value) =>
        ExportStamps.Source(store, string.Create(CultureInfo.InvariantCulture, $"segmentation {segmentation}, value {value?.ToString(CultureInfo.InvariantCulture) ?? "none"}"));

    /// <summary>A value version's rows by customer id.</summary>
    public static IReadOnlyDictionary<string, ValueRow> ValueRows(ClienteleStore store, long version) =>
        ValueRows(ResultTables.ReadValues(store, version));

    /// <summary>Value rows already read, by customer id.</summary>
    public static IReadOnlyDictionary<string, ValueRow> ValueRows(IReadOnlyList<ValueRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var byId = new Dictionary<string, ValueRow>(rows.Count, StringComparer.Ordinal);
        foreach (var row in rows)
        {
            byId.Add(row.CustomerId, row);
        }
        return byId;
    }

    /// <summary>
    /// customers.csv, segments.json and, when the clustering has one, segment-classifier.json; with <paramref name="value"/>
    /// (a value version of the same day), customers.csv carries its columns and value-model.json is written too.
    /// </summary>
    public static IReadOnlyList<string> Segmentation(ClienteleStore store, long version, string directory, long? value = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        return Segmentation(store, version, ResultTables.ReadSegments(store, version), directory, value, value is { } v ? ValueRows(store, v) : null);
    }

    /// <summary>
    /// As <see cref="Segmentation(ClienteleStore, long, string, long?)"/>, from the version's rows and the value rows a
    /// reader has already loaded (a report or brief of a million customers reads them once).
    /// </summary>
    public static IReadOnlyList<string> Segmentation(
        ClienteleStore store, long version, IReadOnlyList<CustomerSegments> rows, string directory, long? value, IReadOnlyDictionary<string, ValueRow>? values)
    {
        ArgumentNullException.ThrowIfNull(store);
        return [Customers(directory, rows, values, CustomersSource(store, version, value)), .. SegmentationDocuments(store, version, directory, value)];
    }

    /// <summary>
    /// segments.json, segment-classifier.json when the clustering has one, and with <paramref name="value"/>
    /// value-model.json: a segmentation's files besides customers.csv.
    /// </summary>
    internal static IReadOnlyList<string> SegmentationDocuments(ClienteleStore store, long version, string directory, long? value)
    {
        ArgumentNullException.ThrowIfNull(store);
        Directory.CreateDirectory(directory);
        var files = new List<string>();
        var segments = Full(directory, SegmentationJob.SegmentsFileName);
        File.WriteAllText(segments, ModelRegistry.Get(store, version).Parameters);
        files.Add(segments);
        if (ModelRegistry.Artifact(store, version, StoredSegmentation.ClassifierArtifact) is { } saved)
        {
            var classifier = Full(directory, SegmentationJob.ClassifierFileName);
            File.WriteAllBytes(classifier, saved);
            files.Add(classifier);
        }
        if (value is { } v)
        {
            files.Add(ValueDocument(store, v, directory));
        }
        return files;
    }

    private static string Customers(string directory, IReadOnlyList<CustomerSegments> rows, IReadOnlyDictionary<string, ValueRow>? values, string source)
    {
        Directory.CreateDirectory(directory);
        var customers = Full(directory, SegmentationJob.CustomersFileName);
        ExportStamps.WriteUnlessCurrent(customers, source, () => CustomersCsv.Write(customers, rows, values));
        return customers;
    }

    /// <summary>customers.csv of a segmentation with the value columns of a value version, and value-model.json.</summary>
    public static IReadOnlyList<string> Value(ClienteleStore store, long segmentation, long value, string directory) =>
        [Customers(store, segmentation, value, directory), ValueDocument(store, value, directory)];

    private static string ValueDocument(ClienteleStore store, long value, string directory)
    {
        var document = Full(directory, ValueJob.ModelFileName);
        File.WriteAllText(document, ModelRegistry.Get(store, value).Parameters);
        return document;
    }

    /// <summary>The same files from a version's rows as the store gives them back (an export, a report).</summary>
    public static IReadOnlyList<string> Recommendations(ClienteleStore store, long version, string directory)
    {
        ArgumentNullException.ThrowIfNull(store);
        Directory.CreateDirectory(directory);
        var recommendations = Full(directory, RecommendJob.RecommendationsFileName);
        var similar = Full(directory, RecommendJob.SimilarProductsFileName);
        var source = RecommendationsSource(store, version);
        if (ExportStamps.IsCurrent(recommendations, source) && ExportStamps.IsCurrent(similar, source))
        {
            return [recommendations, similar];
        }
        var model = ModelRegistry.Get(store, version);
        var algorithm = JsonDocument.Parse(model.Parameters).RootElement.GetProperty("algorithm").GetString() ?? "";
        var names = ProductNames.Load(store);
        WriteRecommendations(recommendations, ResultTables.ReadRecommendations(store, version), names);
        WriteSimilarProducts(similar, ResultTables.ReadSimilarProducts(store, version), names, algorithm);
        ExportStamps.Record(recommendations, source);
        ExportStamps.Record(similar, source);
        return [recommendations, similar];
    }

    /// <summary>What recommendations.csv and similar-products.csv of a recommender version are stamped as made from.</summary>
    internal static string RecommendationsSource(ClienteleStore store, long version) =>
        ExportStamps.Source(store, string.Create(CultureInfo.InvariantCulture, $"recommender {version}"));

    /// <summary>
    /// recommendations.csv from a version's rows with the products' display names, in the order the store gives (customer
    /// id in the C collation's order, i.e. by code point, then rank); rows in another order are sorted so first.
    /// </summary>
    internal static void WriteRecommendations(string path, IReadOnlyList<RecommendationRow> rows, IReadOnlyDictionary<string, string> names)
    {
        var ordered = rows is RecommendJob.RecommendationRows lists && lists.InCodePointOrder ? rows : InStoreOrder(rows, r => r.CustomerId, r => r.Rank);
        WriteCsv(path, "customer_id,rank,product_id,score,product_name,basis", ordered,
            r => CsvText.Line(r.CustomerId, Invariant(r.Rank), r.ProductId, Score(r.Score), ProductName(names, r.ProductId), r.Basis));
    }

    /// <summary>similar-products.csv from a version's rows, in the store's order (product id by code point, then rank).</summary>
    internal static void WriteSimilarProducts(string path, IReadOnlyList<SimilarProductRow> rows, IReadOnlyDictionary<string, string> names, string algorithm) =>
        WriteCsv(path, "product_id,rank,similar_product_id,score,product_name,similar_product_name,basis", InStoreOrder(rows, r => r.ProductId, r => r.Rank),
            r => CsvText.Line(r.ProductId, Invariant(r.Rank), r.SimilarId, Score(r.Score), ProductName(names, r.ProductId), ProductName(names, r.SimilarId), algorithm));

    private static string ProductName(IReadOnlyDictionary<string, string> names, string id) => names.GetValueOrDefault(id) ?? ProductNames.Fallback(id);

    /// <summary>The header, then one line per row, formatted on every core (<see cref="CsvRanges"/>).</summary>
    private static void WriteCsv<T>(string path, string header, IReadOnlyList<T> rows, Func<T, string> line) =>
        CsvRanges.Write(path, header, rows, (text, row) => text.AppendLine(line(row)));

    /// <summary>
    /// A segment run's rows as <see cref="ResultTables.ReadSegments"/> gives them back once saved: in the store's order
    /// (<see cref="InStoreOrder"/>). Their values are already the stored ones: money at the summaries' 6 decimals, times
    /// at microseconds, and the average order value a double made decimal, which its DOUBLE column gives back the same.
    /// The run writes customers.csv from these, byte for byte what an export from the store writes, without reading a
    /// million rows back (0.4 s at a million).
    /// </summary>
    public static IReadOnlyList<CustomerSegments> AsStored(IReadOnlyList<CustomerSegments> rows) =>
        InStoreOrder(rows, c => c.Features.CustomerId, _ => 0);

    /// <summary>
    /// The rows in the store's <c>ORDER BY id COLLATE "C", rank</c>: as they are when already so (a run's rows, ids in
    /// ordinal order, agree unless an id holds characters beyond U+FFFF), else sorted.
    /// </summary>
    internal static IReadOnlyList<T> InStoreOrder<T>(IReadOnlyList<T> rows, Func<T, string> id, Func<T, int> rank)
    {
        for (var n = 1; n < rows.Count; n++)
        {
            var order = CodePointOrder(id(rows[n - 1]), id(rows[n]));
            if (order > 0 || (order == 0 && rank(rows[n - 1]) >= rank(rows[n])))
            {
                return [.. rows.OrderBy(id, Comparer<string>.Create(CodePointOrder)).ThenBy(rank)];
            }
        }
        return rows;
    }

    /// <summary>
    /// Strings compared by code point, which is the byte order of their UTF-8 (the C collation's order on both engines):
    /// ordinal order of UTF-16 but for surrogates (above U+FFFF), which sort after U+E000–U+FFFF.
    /// </summary>
    internal static int CodePointOrder(string? a, string? b)
    {
        if (ReferenceEquals(a, b))
        {
            return 0;
        }
        if (a is null || b is null)
        {
            return a is null ? -1 : 1;
        }
        var length = Math.Min(a.Length, b.Length);
        for (var i = 0; i < length; i++)
        {
            if (a[i] != b[i])
            {
                return CodePointKey(a[i]).CompareTo(CodePointKey(b[i]));
            }
        }
        return a.Length.CompareTo(b.Length);
    }

    private static int CodePointKey(char c) => c >= 0xE000 ? c - 0x800 : c >= 0xD800 ? c + 0x2000 : c;

    /// <summary>models.json: every version of the registry, newest first, as <c>models list --output json</c> gives it.</summary>
    public static string Models(ClienteleStore store, string directory)
    {
        ArgumentNullException.ThrowIfNull(store);
        Directory.CreateDirectory(directory);
        var file = Full(directory, ModelsFileName);
        File.WriteAllText(file, JsonSerializer.Serialize(ModelRegistry.List(store).Select(Describe), SegmentsJson.Options));
        return file;
    }

    /// <summary>A version as <c>models list --output json</c> and models.json describe it.</summary>
    public static object Describe(ModelVersion m) => new
    {
        m.Version,
        m.Kind,
        Current = m.IsCurrent,
        FittedAt = m.FittedAt.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        AsOf = m.AsOf?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Metrics = JsonDocument.Parse(m.Metrics).RootElement,
        Data = JsonDocument.Parse(m.Data).RootElement,
    };

    /// <summary>Scores as the recommenders give them (single precision), written as before the store kept them.</summary>
    internal static string Score(double score) => ((float)score).ToString("0.######", CultureInfo.InvariantCulture);

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Full(string directory, string name) => Path.GetFullPath(Path.Combine(directory, name));
}
