namespace Clientele.Data.Ingest;

/// <summary>How to read a product catalogue or a reviews file (CSV, plain or gzip, with a header).</summary>
public sealed record TableIngestOptions
{
    /// <summary>
    /// Field → the file's column, for files whose columns are named otherwise (e.g. <c>product_id=sku</c>); fields
    /// not mapped are looked up by their own name, case-insensitively.
    /// </summary>
    /// <value>The default value is empty.</value>
    public IReadOnlyDictionary<string, string> Map { get; init; } = new Dictionary<string, string>();

    /// <summary>The review date's format: a .NET custom format, or <c>day-first</c> / <c>month-first</c> (see <see cref="IngestOptions.DateFormat"/>).</summary>
    /// <value>The default value is null: detected as for order files.</value>
    public string? DateFormat { get; init; }

    /// <summary>The decimal separator of prices and ratings: '.' or ','.</summary>
    /// <value>The default value is null: a point, or a comma when every value in the column is written like 2,55.</value>
    public char? DecimalSeparator { get; init; }

    /// <summary>The text encoding, for files that are not UTF-8 (see <see cref="IngestOptions.Encoding"/>).</summary>
    /// <value>The default value is null: UTF-8, or UTF-16/UTF-32 when a byte-order mark or the bytes show it.</value>
    public string? Encoding { get; init; }

    /// <summary>When the ingest stops rather than commit: too many rejected lines, or lines already in the store.</summary>
    /// <value>The default value is <see cref="IngestLimits"/>'s defaults (at most 10 % rejected, overlap not added).</value>
    public IngestLimits Limits { get; init; } = new();

    /// <summary>Where to write the rejected rows.</summary>
    /// <value>The default value is null: <c>rejects/FILE.rejects.csv</c> beside the store.</value>
    public string? RejectsPath { get; init; }
}
