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

    /// <summary>
    /// The order date's format: a .NET custom format (e.g. <c>dd/MM/yyyy HH:mm</c>), tried before the built-in forms,
    /// or <c>day-first</c> / <c>month-first</c> for dates like 01/12/2010.
    /// </summary>
    /// <value>The default value is null: ISO 8601 (offsets to UTC), yyyyMMdd, Unix seconds or milliseconds, and
    /// a/b/yyyy dates whose order the file itself shows (a number above 12), else the ingest stops and asks.</value>
    public string? DateFormat { get; init; }

    /// <summary>The decimal separator of money values: '.' or ','.</summary>
    /// <value>The default value is null: a point, or a comma when every price in the file is written like 2,55.</value>
    public char? DecimalSeparator { get; init; }

    /// <summary>The text encoding, for files that are not UTF-8 (e.g. <c>latin1</c>, <c>windows-1252</c>).</summary>
    /// <value>The default value is null: UTF-8, or UTF-16/UTF-32 when a byte-order mark or the bytes show it; other bytes stop the ingest.</value>
    public string? Encoding { get; init; }

    /// <summary>When the ingest stops rather than commit: too many rejected lines, or lines already in the store.</summary>
    /// <value>The default value is <see cref="IngestLimits"/>'s defaults (at most 10 % rejected, overlap not added).</value>
    public IngestLimits Limits { get; init; } = new();

    /// <summary>Where to write the rejected rows.</summary>
    /// <value>The default value is null: <c>rejects/FILE.rejects.csv</c> beside the store.</value>
    public string? RejectsPath { get; init; }
}

/// <summary>Progress of one ingest, reported every few thousand rows.</summary>
public readonly record struct IngestProgress(long BytesConsumed, long TotalBytes, long RowsRead, string? Stage = null);
