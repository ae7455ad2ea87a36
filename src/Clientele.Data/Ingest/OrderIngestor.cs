using System.Diagnostics;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Clientele.Core;
using Clientele.Data.Store;
using DuckDB.NET.Data;

namespace Clientele.Data.Ingest;

/// <summary>
/// Ingests one order file into the store: streams it record by record, accepts or rejects each row with a reason,
/// and commits everything (lines, customers, products, the file's account) in one transaction.
/// A file is identified by its SHA-256, so ingesting the same bytes again adds nothing.
/// </summary>
public sealed class OrderIngestor(ClienteleStore store, TimeProvider? time = null)
{
    private const int ProgressEvery = 8192;
    private const char FieldSeparator = '\u001F';
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public IngestSummary Ingest(string path, IngestOptions options, IProgress<IngestProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var kind = InputFile.Inspect(path);
        var fullPath = Path.GetFullPath(path);
        var sha256 = HashFile(fullPath);
        if (Previous(sha256) is { } previous)
        {
            return previous;
        }

        var totalBytes = new FileInfo(fullPath).Length;
        var (source, layout, pending) = OpenWithLayout(fullPath, kind, options);
        using var _ = source;
        var fileId = (store.Scalar<int?>("SELECT max(file_id) FROM source_files") ?? 0) + 1;
        var parser = new OrderLineParser(layout, fileId);
        var rejectsPath = options.RejectsPath ?? Path.Combine(Path.GetDirectoryName(store.Path)!, "rejects", Path.GetFileName(fullPath) + ".rejects.csv");
        using var rejects = new RejectsWriter(rejectsPath);
        var byReason = new Dictionary<(RejectReason Reason, string? Column), long>();
        HashSet<UInt128>? seenLines = layout.OrderId is null ? null : [];
        var hasher = new XxHash128();
        long read = 0, accepted = 0, returns = 0;

        using var transaction = store.Connection.BeginTransaction();
        try
        {
            using (var appender = store.Connection.CreateAppender("order_lines"))
            {
                while (pending || source.Read())
                {
                    pending = false;
                    read++;
                    Rejection rejection;
                    if (source.Malformation is { } malformation)
                    {
                        rejection = new Rejection(RejectReason.MalformedCsv, null, malformation);
                    }
                    else if (parser.TryParse(source.Fields, source.LineNumber, out var line, out rejection))
                    {
                        if (seenLines is null || seenLines.Add(HashFields(hasher, source.Fields)))
                        {
                            Append(appender, fileId, source.LineNumber, line);
                            accepted++;
                            returns += line.IsReturn ? 1 : 0;
                            goto next;
                        }
                        rejection = new Rejection(RejectReason.DuplicateLine, null, "same fields as an earlier accepted line");
                    }
                    rejects.Write(source.LineNumber, rejection, source.RawLine);
                    var key = (rejection.Reason, rejection.Reason == RejectReason.UnparsableNumber || rejection.Reason == RejectReason.UnparsableDate ? rejection.Column : null);
                    byReason[key] = byReason.GetValueOrDefault(key) + 1;
                next:
                    if (read % ProgressEvery == 0)
                    {
                        cancellation.ThrowIfCancellationRequested();
                        progress?.Report(new IngestProgress(source.BytesConsumed, totalBytes, read));
                    }
                }
            }
            progress?.Report(new IngestProgress(totalBytes, totalBytes, read));

            var counts = byReason
                .OrderBy(kv => RejectReasonOrder(kv.Key.Reason)).ThenBy(kv => kv.Key.Column, StringComparer.Ordinal)
                .Select(kv => new RejectCount(kv.Key.Reason.Code, kv.Key.Column, kv.Key.Reason.Description, kv.Value))
                .ToList();
            var ingestedAt = _time.GetUtcNow().UtcDateTime;
            var rejectsFile = rejects.Commit();
            if (accepted == 0)
            {
                // Nothing usable: leave the store as it was (the transaction rolls back), but keep the report.
                var reasons = string.Join(", ", counts.Select(c => $"{c.Rows} {c.Description}{(c.Column is null ? "" : $" ({c.Column})")}"));
                throw new ClienteleException(
                    read == 0 ? "the file has no data rows; nothing was ingested" : $"no row was accepted ({reasons}); nothing was ingested; the rejected rows are in {rejectsFile}",
                    fullPath);
            }
            RecordFile(fileId, fullPath, sha256, totalBytes, layout, read, accepted, returns, counts, rejectsFile, ingestedAt);
            transaction.Commit();
            Debug.Assert(read == accepted + rejects.Count);
            return new IngestSummary
            {
                File = fullPath,
                Store = store.Path,
                Layout = LayoutName(layout.Schema),
                AlreadyIngested = false,
                IngestedAt = ingestedAt,
                Read = read,
                Accepted = accepted,
                Rejected = read - accepted,
                ReturnLines = returns,
                RejectedByReason = counts,
                RejectsFile = rejectsFile,
            };
        }
        catch (InvalidDataException e)
        {
            throw new ClienteleException($"the gzip data is corrupt after row {read} ({e.Message}); nothing was ingested", fullPath, innerException: e);
        }
        catch (DuckDBException e)
        {
            throw new ClienteleException($"the store refused the data after row {read}: {e.Message.Split('\n')[0]}; nothing was ingested", fullPath, innerException: e);
        }
    }

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

    private static int RejectReasonOrder(RejectReason reason) => RejectReason.Precedence.ToList().IndexOf(reason);

    private static void Append(DuckDBAppender appender, int fileId, long lineNumber, in OrderLine line)
    {
        appender.CreateRow()
            .AppendValue(fileId)
            .AppendValue(lineNumber)
            .AppendValue(line.OrderId)
            .AppendValue(line.CustomerId)
            .AppendValue(line.ProductId)
            .AppendValue(line.Description)
            .AppendValue(line.Quantity)
            .AppendValue(line.UnitPrice)
            .AppendValue(line.Amount)
            .AppendValue(line.OrderedAt)
            .AppendValue(line.IsReturn)
            .AppendValue(line.Country)
            .EndRow();
    }

    private static UInt128 HashFields(XxHash128 hasher, IReadOnlyList<string> fields)
    {
        hasher.Reset();
        ReadOnlySpan<char> separator = [FieldSeparator];
        for (var i = 0; i < fields.Count; i++)
        {
            hasher.Append(MemoryMarshal.AsBytes(fields[i].AsSpan()));
            hasher.Append(MemoryMarshal.AsBytes(separator));
        }
        return hasher.GetCurrentHashAsUInt128();
    }

    private static string HashFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private IngestSummary? Previous(string sha256)
    {
        using var command = store.Command(
            "SELECT file_id, path, layout, rows_read, rows_accepted, rows_rejected, return_lines, rejects_path, ingested_at FROM source_files WHERE sha256 = $sha",
            ("sha", sha256));
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }
        var fileId = reader.GetInt32(0);
        var summary = new IngestSummary
        {
            File = reader.GetString(1),
            Store = store.Path,
            Layout = reader.GetString(2),
            AlreadyIngested = true,
            Read = reader.GetInt64(3),
            Accepted = reader.GetInt64(4),
            Rejected = reader.GetInt64(5),
            ReturnLines = reader.GetInt64(6),
            RejectsFile = reader.IsDBNull(7) ? null : reader.GetString(7),
            IngestedAt = reader.GetDateTime(8),
            RejectedByReason = [],
        };
        using var reasons = store.Command("SELECT reason, column_name, rows FROM source_file_rejects WHERE file_id = $id ORDER BY rowid", ("id", fileId));
        using var rows = reasons.ExecuteReader();
        var counts = new List<RejectCount>();
        while (rows.Read())
        {
            var code = rows.GetString(0);
            var description = RejectReason.Precedence.FirstOrDefault(r => r.Code == code)?.Description ?? code;
            counts.Add(new RejectCount(code, rows.IsDBNull(1) ? null : rows.GetString(1), description, rows.GetInt64(2)));
        }
        return summary with { RejectedByReason = counts };
    }

    private void RecordFile(
        int fileId, string path, string sha256, long bytes, OrderLayout layout, long read, long accepted, long returns,
        IReadOnlyList<RejectCount> counts, string? rejectsFile, DateTime ingestedAt)
    {
        store.Execute(
            """
            INSERT INTO customers
            SELECT customer_id, mode(country) FROM order_lines WHERE file_id = $file GROUP BY customer_id
            ON CONFLICT DO NOTHING
            """,
            ("file", fileId));
        store.Execute(
            """
            INSERT INTO products
            SELECT product_id, mode(description) FROM order_lines WHERE file_id = $file AND product_id IS NOT NULL GROUP BY product_id
            ON CONFLICT DO NOTHING
            """,
            ("file", fileId));
        store.Execute(
            """
            INSERT INTO source_files (file_id, path, sha256, bytes, layout, rows_read, rows_accepted, rows_rejected, return_lines, rejects_path, ingested_at)
            VALUES ($id, $path, $sha, $bytes, $layout, $read, $accepted, $rejected, $returns, $rejects, $at)
            """,
            ("id", fileId), ("path", path), ("sha", sha256), ("bytes", bytes), ("layout", LayoutName(layout.Schema)),
            ("read", read), ("accepted", accepted), ("rejected", read - accepted), ("returns", returns), ("rejects", rejectsFile), ("at", ingestedAt));
        foreach (var count in counts)
        {
            store.Execute(
                "INSERT INTO source_file_rejects VALUES ($id, $reason, $column, $rows)",
                ("id", fileId), ("reason", count.Reason), ("column", count.Column), ("rows", count.Rows));
        }
    }

    /// <summary>Opens the right reader for the file and works out its layout; <c>pending</c> means the source already holds the first data record.</summary>
    private static (IRecordSource Source, OrderLayout Layout, bool Pending) OpenWithLayout(string path, InputKind kind, IngestOptions options)
    {
        var schema = options.Schema == OrderFileSchema.Auto && options.Map.Count > 0 ? OrderFileSchema.Generic : options.Schema;
        if (schema == OrderFileSchema.Auto && kind != InputKind.Parquet)
        {
            schema = DetectTextSchema(path, kind);
        }
        if (schema == OrderFileSchema.Cdnow)
        {
            if (kind == InputKind.Parquet)
            {
                throw new ClienteleException("the cdnow layout is whitespace-separated text, not Parquet", path);
            }
            var text = new WhitespaceRecordSource(path, kind);
            if (!text.Read())
            {
                text.Dispose();
                throw new ClienteleException("the file has no lines", path);
            }
            var fields = text.Fields;
            var header = fields.Count >= 3 && !IsCdnowDate(fields[fields.Count - 3]);
            return (text, OrderLayout.Cdnow(fields.Count, header, path), Pending: !header);
        }

        IRecordSource source = kind == InputKind.Parquet ? new ParquetRecordSource(path) : new CsvRecordSource(path, kind);
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
                : OrderLayout.Generic(source.Header, options.Map, options.DateFormat, path);
            return (source, layout, Pending: false);
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    private static OrderFileSchema DetectTextSchema(string path, InputKind kind)
    {
        string? first;
        using (var reader = InputFile.OpenText(path, kind, out _))
        {
            do
            {
                first = reader.ReadLine();
            }
            while (first is not null && string.IsNullOrWhiteSpace(first));
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
        using var csv = new CsvRecordSource(path, kind);
        return OrderLayout.LooksLikeOnlineRetail(csv.Header) ? OrderFileSchema.OnlineRetail : throw UnknownLayout(path, csv.Header);
    }

    private static bool IsCdnowDate(string token) => token.Length == 8 && token.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0;

    private static ClienteleException UnknownLayout(string path, IReadOnlyList<string> header) => new(
        $"cannot tell the layout: the header ({string.Join(", ", header.Take(12))}) is neither online-retail ({string.Join(", ", OrderLayout.OnlineRetailColumns)}) nor cdnow; use --schema generic --map customer_id=Column --map ordered_at=Column --map unit_price=Column …",
        path,
        line: 1);
}
