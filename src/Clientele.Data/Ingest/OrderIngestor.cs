using System.Text;
using Clientele.Core;
using Clientele.Data.Store;

namespace Clientele.Data.Ingest;

/// <summary>
/// Ingests one order file into the store: streams it record by record, accepts or rejects each row with a reason,
/// and commits everything (lines, customers, products, the file's account) in one transaction.
/// A file is identified by its SHA-256, so ingesting the same bytes again adds nothing.
/// </summary>
public sealed class OrderIngestor(ClienteleStore store, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>
    /// Whether a plain UTF-8 CSV into DuckDB may go through DuckDB's reader (<see cref="OrderBulkLoad"/>); false keeps
    /// the C# reader for every line (the tests compare the two).
    /// </summary>
    internal bool BulkReader { get; init; } = true;

    /// <summary>After <see cref="Ingest"/>: the lines SQL read (0 when the C# reader took every line).</summary>
    internal long LinesReadBySql { get; private set; }

    /// <summary>After <see cref="Ingest"/>: why the C# reader took every line, or null.</summary>
    internal string? WhyNotBulk { get; private set; }

    public IngestSummary Ingest(string path, IngestOptions options, IProgress<IngestProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var kind = InputFile.Inspect(path);
        var fullPath = Path.GetFullPath(path);
        var encoding = TextEncoding.Resolve(options.Encoding);
        IRecordSource source;
        OrderLayout layout;
        bool pending;
        try
        {
            (source, layout, pending) = OpenWithLayout(fullPath, kind, options, encoding);
        }
        catch (ClienteleException) when (SourceFileLedger.Previous(store, SourceFileLedger.HashFile(fullPath)) is { } earlier)
        {
            // Not orders, but bytes the store already has (events, a catalogue): say what they were taken as.
            return Earlier(earlier, fullPath);
        }
        using var _ = source;
        // A plain UTF-8 CSV into DuckDB: one pass over the bytes gives the ledger's hash and the lines only the C# reader
        // reads right, and DuckDB's own reader takes the rest (OrderBulkLoad).
        string? whyNot = "the C# reader was asked for";
        var csv = BulkReader ? OrderBulkLoad.Candidate(store, kind, layout, source, out whyNot) : null;
        var size = new FileInfo(fullPath).Length;
        string sha256;
        CsvFileScan? fileScan = null;
        if (csv is not null)
        {
            fileScan = CsvFileScan.Scan(fullPath, csv.Delimiter, out sha256, bytes => progress?.Report(new IngestProgress(bytes, size, 0, "hashing and scanning the file")));
            whyNot = fileScan is null ? "a lone carriage return, or too many lines to keep" : null;
        }
        else
        {
            sha256 = SourceFileLedger.HashFile(fullPath);
        }
        if (SourceFileLedger.Previous(store, sha256) is { } previous)
        {
            return Earlier(previous, fullPath);
        }
        OrderBulkLoad? bulk = null;
        if (csv is not null && fileScan is not null)
        {
            progress?.Report(new IngestProgress(0, 1, 0, "reading with DuckDB"));
            bulk = OrderBulkLoad.TryPrepare(store, fullPath, layout, csv.Delimiter, fileScan, out whyNot);
        }
        WhyNotBulk = whyNot;
        var scan = new ColumnScan(fullPath, () => Open(fullPath, kind, layout, encoding));
        var input = new IngestSource(fullPath, sha256, size);
        if (bulk is null)
        {
            return IngestRun.Run(
                store, input, source, pending, fileId => new OrderLineHandler(layout, fileId, scan),
                options.RejectsPath, options.Limits, _time, progress, cancellation);
        }
        LinesReadBySql = bulk.FastRows;
        try
        {
            using var slow = new SlowRowSource(bulk.Slow, source.Header, input.Bytes);
            return IngestRun.Run(
                store, input, slow, pending: false, fileId => new OrderLineHandler(layout, fileId, scan, bulk),
                options.RejectsPath, options.Limits, _time, progress, cancellation);
        }
        finally
        {
            bulk.DropTables();
        }
    }

    /// <summary>The account of the earlier ingest of the same bytes; an error when they were not taken as orders.</summary>
    private static IngestSummary Earlier(IngestSummary previous, string fullPath) =>
        previous.Layout is CatalogIngestor.ProductsLayout or CatalogIngestor.ReviewsLayout or EventIngestor.EventsLayout
            ? throw new ClienteleException($"these bytes were already ingested as {previous.Layout} (from {previous.File}), not as orders", fullPath)
            : previous;

    /// <summary>
    /// Ingests the rows of a DuckDB query over the user's files (see <see cref="QueryRecordSource"/>) as order lines in
    /// the generic layout: result columns named like the order fields (<c>customer_id</c>, <c>ordered_at</c>, …) are
    /// taken as those fields, <see cref="IngestOptions.Map"/> maps others. The query text and the content of the files
    /// it names identify it in the ledger, so the same query over the same files adds nothing the second time.
    /// </summary>
    public IngestSummary IngestQuery(string sql, IngestOptions options, IProgress<IngestProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        ArgumentNullException.ThrowIfNull(options);
        var text = sql.Trim();
        var (sha256, bytes, _) = QueryRecordSource.Identify(text);
        if (SourceFileLedger.Previous(store, sha256) is { } previous)
        {
            return previous;
        }
        using var source = new QueryRecordSource(text);
        var map = new Dictionary<string, string>(options.Map, StringComparer.Ordinal);
        foreach (var field in OrderField.All)
        {
            if (!map.ContainsKey(field) && source.Header.Contains(field, StringComparer.OrdinalIgnoreCase))
            {
                map[field] = field;
            }
        }
        var layout = OrderLayout.Generic(source.Header, map, QueryRecordSource.Where) with { DateFormat = options.DateFormat, DecimalSeparator = options.DecimalSeparator };
        var rejects = options.RejectsPath ?? Path.Combine(store.LocalFolder, "rejects", $"query-{sha256[..12]}.rejects.csv");
        // A column whose values the whole result must decide (day-first dates, decimal commas) runs the query again to see them.
        var scan = new ColumnScan(QueryRecordSource.Where, () => new QueryRecordSource(text));
        return IngestRun.Run(
            store, new IngestSource(text, sha256, bytes, QueryRecordSource.Where), source, pending: false, fileId => new OrderLineHandler(layout, fileId, scan),
            rejects, options.Limits, _time, progress, cancellation);
    }

    /// <summary>Checks that <paramref name="sql"/> is a query DuckDB can plan, before a store is created or touched.</summary>
    public static void CheckQuery(string sql) => QueryRecordSource.Check(sql);

    /// <summary>
    /// Checks that <paramref name="path"/> is a readable, non-empty, non-binary file (gzip and Parquet recognised),
    /// so that a command can refuse it before creating or touching a store.
    /// </summary>
    public static void CheckReadable(string path) => InputFile.Inspect(path);

    /// <summary>The layout names used by <c>--schema</c> and in summaries.</summary>
    public static string LayoutName(OrderFileSchema schema) => schema switch
    {
        OrderFileSchema.OnlineRetail => "online-retail",
        OrderFileSchema.Cdnow => "cdnow",
        OrderFileSchema.Generic => "generic",
        _ => "auto",
    };

        /// <summary>Opens the right reader for the file and works out its layout; <c>pending</c> means the source already holds the first data record.</summary>
    private static (IRecordSource Source, OrderLayout Layout, bool Pending) OpenWithLayout(string path, InputKind kind, IngestOptions options, Encoding? encoding)
    {
        var schema = options.Schema == OrderFileSchema.Auto && options.Map.Count > 0 ? OrderFileSchema.Generic : options.Schema;
        if (schema == OrderFileSchema.Auto && kind != InputKind.Parquet)
        {
            schema = DetectTextSchema(path, kind, encoding);
        }
        if (schema == OrderFileSchema.Cdnow)
        {
            if (kind == InputKind.Parquet)
            {
                throw new ClienteleException("the cdnow layout is whitespace-separated text, not Parquet", path);
            }
            var text = new WhitespaceRecordSource(path, kind, encoding);
            if (!text.Read())
            {
                text.Dispose();
                throw new ClienteleException("the file has no lines", path);
            }
            var fields = text.Fields;
            var header = fields.Count >= 3 && !IsCdnowDate(fields[fields.Count - 3]);
            return (text, OrderLayout.Cdnow(fields.Count, header, path), Pending: !header);
        }

        IRecordSource source = kind == InputKind.Parquet ? new ParquetRecordSource(path) : new CsvRecordSource(path, kind, encoding);
        try
        {
            if (schema == OrderFileSchema.Auto)
            {
                schema = OrderLayout.LooksLikeOnlineRetail(source.Header)
                    ? OrderFileSchema.OnlineRetail
                    : throw UnknownLayout(path, source.Header);
            }
            var layout = schema == OrderFileSchema.OnlineRetail
                ? OrderLayout.OnlineRetail(source.Header, path)
                : OrderLayout.Generic(source.Header, options.Map, path);
            return (source, layout with { DateFormat = options.DateFormat, DecimalSeparator = options.DecimalSeparator }, Pending: false);
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    /// <summary>A second reader over the file, positioned before its first data record (for <see cref="ColumnScan"/>).</summary>
    private static IRecordSource Open(string path, InputKind kind, OrderLayout layout, Encoding? encoding)
    {
        if (kind == InputKind.Parquet)
        {
            return new ParquetRecordSource(path);
        }
        if (layout.Schema != OrderFileSchema.Cdnow)
        {
            return new CsvRecordSource(path, kind, encoding);
        }
        var text = new WhitespaceRecordSource(path, kind, encoding);
        if (layout.FirstRecordIsHeader)
        {
            text.Read();
        }
        return text;
    }

    private static OrderFileSchema DetectTextSchema(string path, InputKind kind, Encoding? encoding)
    {
        string? first;
        encoding ??= InputFile.DetectEncoding(path, kind);
        using (var reader = InputFile.OpenText(path, kind, out _, encoding))
        {
            try
            {
                do
                {
                    first = reader.ReadLine();
                }
                while (first is not null && string.IsNullOrWhiteSpace(first));
            }
            catch (DecoderFallbackException e)
            {
                throw TextEncoding.NotDecodable(path, kind, encoding, e);
            }
        }
        if (first is null)
        {
            throw new ClienteleException("the file has only blank lines", path);
        }
        if (first.AsSpan().IndexOfAny(",;|") < 0)
        {
            var tokens = first.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            var cdnowHeader = tokens.Length == 4 && tokens[1].Equals("date", StringComparison.OrdinalIgnoreCase);
            if (cdnowHeader || (tokens.Length is 4 or 5 && IsCdnowDate(tokens[^3])))
            {
                return OrderFileSchema.Cdnow;
            }
        }
        using var csv = new CsvRecordSource(path, kind, encoding);
        return OrderLayout.LooksLikeOnlineRetail(csv.Header) ? OrderFileSchema.OnlineRetail : throw UnknownLayout(path, csv.Header);
    }

    private static bool IsCdnowDate(string token) => token.Length == 8 && token.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0;

    private static ClienteleException UnknownLayout(string path, IReadOnlyList<string> header) => new(
        $"cannot tell the layout: the header ({string.Join(", ", header.Take(12))}) is neither online-retail ({string.Join(", ", OrderLayout.OnlineRetailColumns)}) nor cdnow; use --schema generic --map customer_id=Column --map ordered_at=Column --map unit_price=Column …",
        path,
        line: 1);
}
