using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Clientele.Data.Store;

namespace Clientele.Data.Ingest;

/// <summary>
/// The store's record of ingested files (<c>source_files</c>, <c>source_file_rejects</c>), shared by every kind of
/// ingest (orders, products, reviews): a file is known by the SHA-256 of its bytes, so the same bytes under any name
/// are ingested once, and its account (read, accepted, rejected by reason) is kept beside the data.
/// </summary>
internal static class SourceFileLedger
{
    private const char FieldSeparator = '\u001F';

    public static string HashFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    public static int NextFileId(ClienteleStore store) => (store.Scalar<int?>("SELECT max(file_id) FROM source_files") ?? 0) + 1;

    /// <summary>The default rejects report: <c>rejects/FILE.rejects.csv</c> beside the store (a PostgreSQL store: in the current folder).</summary>
    public static string DefaultRejectsPath(ClienteleStore store, string file) =>
        Path.Combine(store.LocalFolder, "rejects", Path.GetFileName(file) + ".rejects.csv");

    /// <summary>A 128-bit hash of a record's fields (for exact-duplicate detection without keeping the rows).</summary>
    public static UInt128 HashFields(XxHash128 hasher, IReadOnlyList<string> fields)
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

    /// <summary>The account of the earlier ingest of the same bytes, or null when these bytes are new.</summary>
    public static IngestSummary? Previous(ClienteleStore store, string sha256)
    {
        IngestSummary summary;
        int fileId;
        using (var command = store.Command(
            "SELECT file_id, path, layout, rows_read, rows_accepted, rows_rejected, return_lines, rejects_path, ingested_at, rounded_prices FROM source_files WHERE sha256 = $sha",
            ("sha", sha256)))
        using (var reader = command.ExecuteReader())
        {
            if (!reader.Read())
            {
                return null;
            }
            fileId = reader.GetInt32(0);
            summary = new IngestSummary
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
                RoundedPrices = reader.GetInt64(9),
                RejectedByReason = [],
            };
        }
        using var reasons = store.Command("SELECT reason, column_name, rows FROM source_file_rejects WHERE file_id = $id", ("id", fileId));
        using var rows = reasons.ExecuteReader();
        var counts = new List<RejectCount>();
        while (rows.Read())
        {
            var code = rows.GetString(0);
            var description = RejectReason.Precedence.FirstOrDefault(r => r.Code == code)?.Description ?? code;
            counts.Add(new RejectCount(code, rows.IsDBNull(1) ? null : rows.GetString(1), description, rows.GetInt64(2)));
        }
        // In the order they were recorded (RejectCounter.Counts): a table has no row order both engines keep.
        return summary with { RejectedByReason = RejectCounter.InRecordedOrder(counts) };
    }

    /// <summary>Records the file and its rejects by reason (inside the ingest's transaction).</summary>
    public static void Record(ClienteleStore store, int fileId, IngestSummary summary, string sha256, long bytes)
    {
        store.Execute(
            """
            INSERT INTO source_files (file_id, path, sha256, bytes, layout, rows_read, rows_accepted, rows_rejected, return_lines, rejects_path, ingested_at, rounded_prices)
            VALUES ($id, $path, $sha, $bytes, $layout, $read, $accepted, $rejected, $returns, $rejects, $at, $rounded)
            """,
            ("id", fileId), ("path", summary.File), ("sha", sha256), ("bytes", bytes), ("layout", summary.Layout),
            ("read", summary.Read), ("accepted", summary.Accepted), ("rejected", summary.Rejected), ("returns", summary.ReturnLines),
            ("rejects", summary.RejectsFile), ("at", summary.IngestedAt), ("rounded", summary.RoundedPrices));
        foreach (var count in summary.RejectedByReason)
        {
            store.Execute(
                "INSERT INTO source_file_rejects VALUES ($id, $reason, $column, $rows)",
                ("id", fileId), ("reason", count.Reason), ("column", count.Column), ("rows", count.Rows));
        }
    }
}

/// <summary>
/// Counts rejected rows by reason (and by column for unparsable values) while writing each to the rejects report.
/// </summary>
internal sealed class RejectCounter(RejectsWriter writer)
{
    private readonly Dictionary<(RejectReason Reason, string? Column), long> _byReason = [];

    public long Count => writer.Count;

    public void Reject(long line, Rejection rejection, string raw)
    {
        writer.Write(line, rejection, raw);
        var key = (rejection.Reason, rejection.Reason == RejectReason.UnparsableNumber || rejection.Reason == RejectReason.UnparsableDate ? rejection.Column : null);
        _byReason[key] = _byReason.GetValueOrDefault(key) + 1;
    }

    /// <summary>The counts in <see cref="RejectReason.Precedence"/> order, then by column.</summary>
    public List<RejectCount> Counts() => _byReason
        .OrderBy(kv => IndexOf(kv.Key.Reason)).ThenBy(kv => kv.Key.Column, StringComparer.Ordinal)
        .Select(kv => new RejectCount(kv.Key.Reason.Code, kv.Key.Column, kv.Key.Reason.Description, kv.Value))
        .ToList();

    /// <summary>Counts read back from the store, in the order <see cref="Counts"/> gives them.</summary>
    public static List<RejectCount> InRecordedOrder(IEnumerable<RejectCount> counts) => counts
        .OrderBy(c => IndexOf(RejectReason.Precedence.FirstOrDefault(r => r.Code == c.Reason)))
        .ThenBy(c => c.Column, StringComparer.Ordinal)
        .ToList();

    /// <summary>"12 missing customer id, 3 unparsable number (Price)", for the message when no row was accepted.</summary>
    public static string Describe(IEnumerable<RejectCount> counts) =>
        string.Join(", ", counts.Select(c => $"{c.Rows} {c.Description}{(c.Column is null ? "" : $" ({c.Column})")}"));

    private static int IndexOf(RejectReason? reason)
    {
        for (var i = 0; i < RejectReason.Precedence.Count; i++)
        {
            if (RejectReason.Precedence[i] == reason)
            {
                return i;
            }
        }
        return int.MaxValue;
    }
}
