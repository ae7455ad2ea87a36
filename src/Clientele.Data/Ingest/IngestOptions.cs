namespace Clientele.Data.Ingest;

/// <summary>How to read an order file.</summary>
public sealed record IngestOptions
{
    /// <summary>The file's layout.</summary>
    /// <value>The default value is <see cref="OrderFileSchema.Auto"/>: online-retail or cdnow, detected from the first line.</value>
    public OrderFileSchema Schema { get; init; } = OrderFileSchema.Auto;

    /// <summary>For the generic layout: order field → the file's column (see <see cref="OrderField"/>).</summary>
    /// <value>The default value is empty.</value>
    public IReadOnlyDictionary<string, string> Map { get; init; } = new Dictionary<string, string>();

    /// <summary>An extra date format (.NET custom format, e.g. <c>dd.MM.yyyy HH:mm</c>), tried before the built-in ones.</summary>
    /// <value>The default value is null: ISO dates, M/d/yyyy H:mm and yyyyMMdd are understood.</value>
    public string? DateFormat { get; init; }

    /// <summary>When the ingest stops rather than commit: too many rejected lines, or lines already in the store.</summary>
    /// <value>The default value is <see cref="IngestLimits"/>'s defaults (at most 10 % rejected, overlap not added).</value>
    public IngestLimits Limits { get; init; } = new();

    /// <summary>Where to write the rejected rows.</summary>
    /// <value>The default value is null: <c>rejects/FILE.rejects.csv</c> beside the store.</value>
    public string? RejectsPath { get; init; }
}

/// <summary>Progress of one ingest, reported every few thousand rows.</summary>
public readonly record struct IngestProgress(long BytesConsumed, long TotalBytes, long RowsRead);
