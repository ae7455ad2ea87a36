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

    /// <summary>The fields of a reviews file: <c>customer_id, rating, text, date</c> (required) and <c>product_id</c> (optional).</summary>
    public static IReadOnlyList<string> ReviewFields { get; } = [.. ReviewHandler.Required, .. ReviewHandler.Optional];

    /// <summary>Reads a product catalogue into <c>products</c> (through <c>product_lines</c>).</summary>
    public IngestSummary IngestProducts(string path, TableIngestOptions options, IProgress<IngestProgress>? progress = null, CancellationToken cancellation = default) =>
        Ingest(
            path, options, ProductsLayout, ProductHandler.Required, ProductHandler.Optional,
            (columns, fileId, scan) => new ProductHandler(columns, fileId, Numbers(options, scan, columns["price"])),
            RequireText, progress, cancellation);

    /// <summary>Reads reviews into <c>reviews</c>.</summary>
    public IngestSummary IngestReviews(string path, TableIngestOptions options, IProgress<IngestProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Ingest(
            path, options, ReviewsLayout, ReviewHandler.Required, ReviewHandler.Optional,
            (columns, fileId, scan) => new ReviewHandler(
                columns, new DateReader(options.DateFormat, () => DateReader.ScanOrder(scan.Values(columns["date"])), scan.File), Numbers(options, scan, columns["rating"]), fileId),
            check: null, progress, cancellation);
    }

    private static NumberReader Numbers(TableIngestOptions options, ColumnScan scan, int column) =>
        new(options.DecimalSeparator, column < 0 ? null : () => NumberReader.ScanDecimalComma(scan.Values(column).Select(v => v.Text)));

    private IngestSummary Ingest(
        string path, TableIngestOptions options, string kind, IReadOnlyList<string> required, IReadOnlyList<string> optional,
        Func<TableColumns, int, ColumnScan, RecordHandler> handler, Action<TableColumns, string>? check, IProgress<IngestProgress>? progress, CancellationToken cancellation)
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
        var encoding = TextEncoding.Resolve(options.Encoding);
        using var source = new CsvRecordSource(fullPath, inputKind, encoding);
        var columns = TableColumns.Resolve(source.Header, required, optional, options.Map, kind, fullPath);
        check?.Invoke(columns, fullPath);
        var scan = new ColumnScan(fullPath, () => new CsvRecordSource(fullPath, inputKind, encoding));
        return IngestRun.Run(
            store, new IngestSource(fullPath, sha256, new FileInfo(fullPath).Length), source, pending: false, fileId => handler(columns, fileId, scan),
            options.RejectsPath, options.Limits, _time, progress, cancellation);
    }

    private static void RequireText(TableColumns columns, string path)
    {
        if (columns["title"] < 0 && columns["description"] < 0 && columns["category"] < 0)
        {
            throw new ClienteleException($"a product file needs at least one of the columns title, description, category (the product's text); the header has none of them (it has: {string.Join(", ", columns.Header)}); name one so or use --map title=Column", path, line: 1);
        }
    }
}
