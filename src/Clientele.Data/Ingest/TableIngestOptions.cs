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

    /// <summary>An extra date format (.NET custom format) for the review date, tried before the built-in ones.</summary>
    /// <value>The default value is null: ISO dates, M/d/yyyy H:mm and yyyyMMdd are understood.</value>
    public string? DateFormat { get; init; }

    /// <summary>When the ingest stops rather than commit: too many rejected lines, or lines already in the store.</summary>
    /// <value>The default value is <see cref="IngestLimits"/>'s defaults (at most 10 % rejected, overlap not added).</value>
    public IngestLimits Limits { get; init; } = new();

    /// <summary>Where to write the rejected rows.</summary>
    /// <value>The default value is null: <c>rejects/FILE.rejects.csv</c> beside the store.</value>
    public string? RejectsPath { get; init; }
}
