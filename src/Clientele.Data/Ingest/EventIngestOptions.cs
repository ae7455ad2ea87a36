namespace Clientele.Data.Ingest;

/// <summary>How the numbers of an events file's timestamp column are read.</summary>
public enum TimestampUnit
{
    /// <summary>By magnitude: 9–10 digits are Unix seconds, 12–13 milliseconds (both 1973–2286); text as ISO 8601 and the other date forms.</summary>
    Auto,

    /// <summary>Unix seconds (a fraction allowed).</summary>
    Seconds,

    /// <summary>Unix milliseconds.</summary>
    Milliseconds,
}

/// <summary>How to read a behaviour events file (CSV plain or .gz, with or without a header; Parquet; JSON lines).</summary>
public sealed record EventIngestOptions
{
    /// <summary>
    /// Field → the file's column for columns named otherwise (e.g. <c>product_id=aid</c>), or its 1-based position in a
    /// CSV file without a header (<c>occurred_at=5</c>); fields not mapped are found by their own name or a common one
    /// (<see cref="EventFields"/>), case-insensitively.
    /// </summary>
    /// <value>The default value is empty.</value>
    public IReadOnlyDictionary<string, string> Map { get; init; } = new Dictionary<string, string>();

    /// <summary>The file's event type names → ours (<see cref="EventTypes.All"/>), besides the common names understood anyway.</summary>
    /// <value>The default value is empty: only <see cref="EventTypes.CommonNames"/>.</value>
    public IReadOnlyDictionary<string, string> EventTypes { get; init; } = new Dictionary<string, string>();

    /// <summary>How numeric timestamps are read.</summary>
    /// <value>The default value is <see cref="TimestampUnit.Auto"/>: by the number of digits, and the summary says which it found.</value>
    public TimestampUnit TimestampUnit { get; init; } = TimestampUnit.Auto;

    /// <summary>The format of text timestamps that are not ISO 8601 (see <see cref="IngestOptions.DateFormat"/>).</summary>
    /// <value>The default value is null: detected as for order files.</value>
    public string? DateFormat { get; init; }

    /// <summary>The text encoding, for files that are not UTF-8 (see <see cref="IngestOptions.Encoding"/>).</summary>
    /// <value>The default value is null: UTF-8, or UTF-16/UTF-32 when a byte-order mark or the bytes show it.</value>
    public string? Encoding { get; init; }

    /// <summary>When the ingest stops rather than commit: too many rejected rows.</summary>
    /// <value>The default value is <see cref="IngestLimits"/>'s defaults (at most 10 % rejected).</value>
    public IngestLimits Limits { get; init; } = new();

    /// <summary>Where to write the rejected rows.</summary>
    /// <value>The default value is null: <c>rejects/FILE.rejects.csv</c> beside the store.</value>
    public string? RejectsPath { get; init; }
}
