using Clientele.Core;
using Clientele.Data.Store;

namespace Clientele.Data.Ingest;

/// <summary>
/// Ingests a product catalogue or a reviews file (CSV, plain or gzip) with the same account as order files: every row
/// accepted or rejected with one reason (line, column, raw text in the rejects report), one transaction per file,
/// and the same bytes ingested once (by SHA-256).
/// </summary>
public sealed class CatalogIngestor(ClienteleStore store, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>The layout recorded for a product file in <c>source_files</c>.</summary>
    public const string ProductsLayout = "products";

    /// <summary>The layout recorded for a reviews file in <c>source_files</c>.</summary>
    public const string ReviewsLayout = "reviews";

    /// <summary>The fields of a product file: <c>product_id</c> (required), <c>title, description, category, price</c>.</summary>
    public static IReadOnlyList<string> ProductFields { get; } = [.. ProductHandler.Required, .. ProductHandler.Optional];

    /// <summary>The fields of a reviews file, all required as columns: <c>customer_id, product_id, rating, text, date</c>.</summary>
    public static IReadOnlyList<string> ReviewFields => ReviewHandler.Required;

    /// <summary>Reads a product catalogue into <c>products</c> (through <c>product_lines</c>).</summary>
    public IngestSummary IngestProducts(string path, TableIngestOptions options, IProgress<IngestProgress>? progress = null, CancellationToken cancellation = default) =>
        Ingest(path, options, ProductsLayout, ProductHandler.Required, ProductHandler.Optional, (columns, fileId) => new ProductHandler(columns, fileId), RequireText, progress, cancellation);

    /// <summary>Reads reviews into <c>reviews</c>.</summary>
    public IngestSummary IngestReviews(string path, TableIngestOptions options, IProgress<IngestProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        IReadOnlyList<string> formats = options.DateFormat is null ? OrderLayout.CommonDateFormats : [options.DateFormat, .. OrderLayout.CommonDateFormats];
        return Ingest(path, options, ReviewsLayout, ReviewHandler.Required, [], (columns, fileId) => new ReviewHandler(columns, formats, fileId), check: null, progress, cancellation);
    }

    private IngestSummary Ingest(
        string path, TableIngestOptions options, string kind, IReadOnlyList<string> required, IReadOnlyList<string> optional,
        Func<TableColumns, int, RecordHandler> handler, Action<TableColumns, string>? check, IProgress<IngestProgress>? progress, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(options);
        var inputKind = InputFile.Inspect(path);
        var fullPath = Path.GetFullPath(path);
        if (inputKind == InputKind.Parquet)
        {
            throw new ClienteleException($"{kind} files are read as CSV (plain or .gz); this one is Parquet", fullPath);
        }
        if (IngestRun.AlreadyIngested(store, fullPath, out var sha256) is { } previous)
        {
            return previous.Layout == kind
                ? previous
                : throw new ClienteleException($"these bytes were already ingested as {previous.Layout} (from {previous.File}), not as {kind}", fullPath);
        }
        using var source = new CsvRecordSource(fullPath, inputKind);
        var columns = TableColumns.Resolve(source.Header, required, optional, options.Map, kind, fullPath);
        check?.Invoke(columns, fullPath);
        return IngestRun.Run(
            store, new IngestSource(fullPath, sha256, new FileInfo(fullPath).Length), source, pending: false, fileId => handler(columns, fileId),
            options.RejectsPath, options.Limits, _time, progress, cancellation);
    }

    private static void RequireText(TableColumns columns, string path)
    {
        if (columns["title"] < 0 && columns["description"] < 0 && columns["category"] < 0)
        {
            throw new ClienteleException("a product file needs at least one of the columns title, description, category (the product's text)", path, line: 1);
        }
    }
}
