using System.Globalization;
using Clientele.Core;
using Clientele.Data.Export;
using Clientele.Data.Ingest;
using Clientele.Data.Store;

namespace Clientele.Pipeline.State;

/// <summary>What <c>clientele export</c> writes: customers, segments, recommendations, models or a campaign.</summary>
public enum ExportSubject
{
    Customers,
    Segments,
    Recommendations,
    Models,
    Campaign,
}

public sealed record ExportRequest
{
    public required string StorePath { get; init; }

    public required string OutputDirectory { get; init; }

    public required ExportSubject Subject { get; init; }

    /// <value>The default value is <see cref="ExportFormat.Csv"/>.</value>
    public ExportFormat Format { get; init; } = ExportFormat.Csv;

    /// <summary>For <see cref="ExportSubject.Campaign"/>: the campaign id (name@start); null for the latest planned.</summary>
    /// <value>The default value is null.</value>
    public string? Campaign { get; init; }
}

/// <summary>
/// Exports from the store's current models (as <c>models list</c> shows them): the same files the commands write into
/// <c>--out</c>, in CSV (the contract), Parquet or JSON. Nothing is computed but what the rows already hold.
/// </summary>
public static class ExportJob
{
    /// <summary>Columns that stay text in Parquet and JSON (ids keep their leading zeros).</summary>
    private static readonly string[] TextColumns = ["customer_id", "product_id", "similar_product_id", "campaign_id", "cluster_id", "order_id"];

    public static IReadOnlyList<string> Run(ExportRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var store = ClienteleStore.OpenExisting(request.StorePath);
        var work = request.Format == ExportFormat.Csv ? request.OutputDirectory : Directory.CreateTempSubdirectory("clientele-export-").FullName;
        try
        {
            var written = Write(store, request, work);
            if (request.Format == ExportFormat.Csv)
            {
                return written;
            }
            Directory.CreateDirectory(request.OutputDirectory);
            return written.Select(file => Convert(file, request)).ToArray();
        }
        finally
        {
            if (request.Format != ExportFormat.Csv)
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    private static IReadOnlyList<string> Write(ClienteleStore store, ExportRequest request, string directory)
    {
        switch (request.Subject)
        {
            case ExportSubject.Customers:
                var segmentation = ModelRegistry.Require(store, ModelKinds.Segmentation, ModelKinds.CommandFor(ModelKinds.Segmentation));
                var value = ModelRegistry.Current(store, ModelKinds.Value) is { } current && current.AsOf == segmentation.AsOf ? current.Version : (long?)null;
                return [StoreExports.Customers(store, segmentation.Version, value, directory)];
            case ExportSubject.Segments:
                return [Segments(store, directory)];
            case ExportSubject.Recommendations:
                return StoreExports.Recommendations(store, ModelRegistry.Require(store, ModelKinds.Recommender, ModelKinds.CommandFor(ModelKinds.Recommender)).Version, directory);
            case ExportSubject.Models:
                return [Models(store, directory)];
            default:
                return [Campaign(store, request.Campaign, directory)];
        }
    }

    /// <summary>segments.csv: one row per segment of the current segmentation (RFM segments and clusters) with its size and share.</summary>
    private static string Segments(ClienteleStore store, string directory)
    {
        var segments = StoredSegmentation.LoadCurrent(store, directory);
        Directory.CreateDirectory(directory);
        var file = Path.GetFullPath(Path.Combine(directory, "segments.csv"));
        using var writer = new StreamWriter(file);
        writer.WriteLine("version,method,segment_id,name,label,customers,share");
        var method = segments.Clustering is { } c ? SegmentsJson.MethodName(c.Outcome.Method) : null;
        foreach (var (kind, profile) in segments.RfmProfiles.Select(p => ("rfm", p)).Concat(segments.ClusterProfiles.Select(p => (method!, p))))
        {
            writer.WriteLine(CsvText.Line(
                Invariant(segments.Version), kind, Invariant(profile.Id), profile.Name, profile.Label, Invariant(profile.Size),
                profile.Share.ToString("0.######", CultureInfo.InvariantCulture)));
        }
        return file;
    }

    /// <summary>models.csv: every version, newest first (models.json with --format json carries the metrics too).</summary>
    private static string Models(ClienteleStore store, string directory)
    {
        Directory.CreateDirectory(directory);
        var file = Path.GetFullPath(Path.Combine(directory, "models.csv"));
        using var writer = new StreamWriter(file);
        writer.WriteLine("version,kind,current,fitted_at,as_of");
        foreach (var m in ModelRegistry.List(store))
        {
            writer.WriteLine(CsvText.Line(
                Invariant(m.Version), m.Kind, m.IsCurrent ? "true" : "false", m.FittedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                m.AsOf?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? ""));
        }
        return file;
    }

    /// <summary>campaign-assignments.csv: every customer of a planned campaign with the arm and segment drawn.</summary>
    private static string Campaign(ClienteleStore store, string? campaignId, string directory)
    {
        var id = campaignId ?? CampaignTables.Latest(store)
            ?? throw new ClienteleException($"the store {store.Path} has no campaign yet: plan one with clientele campaign plan SPEC --store {store.Path}");
        if (CampaignTables.Find(store, id) is null)
        {
            throw new ClienteleException($"no campaign {id} in {store.Path}; campaign ids are name@start, e.g. winback@2011-12-10");
        }
        Directory.CreateDirectory(directory);
        var file = Path.GetFullPath(Path.Combine(directory, "campaign-assignments.csv"));
        using var writer = new StreamWriter(file);
        writer.WriteLine("campaign_id,customer_id,arm,arm_kind,segment,bucket");
        foreach (var a in CampaignTables.Assignments(store, id).OrderBy(a => a.CustomerId, StringComparer.Ordinal))
        {
            writer.WriteLine(CsvText.Line(id, a.CustomerId, a.Arm, a.ArmKind, a.Segment, a.Bucket.ToString("R", CultureInfo.InvariantCulture)));
        }
        return file;
    }

    /// <summary>The CSV written for the export, as Parquet or JSON beside it in the output folder.</summary>
    private static string Convert(string csv, ExportRequest request)
    {
        var target = Path.GetFullPath(Path.Combine(request.OutputDirectory, Path.GetFileNameWithoutExtension(csv) + ExportFiles.Extension(request.Format)));
        ExportFiles.Convert(csv, target, request.Format, TextColumns);
        return target;
    }

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
