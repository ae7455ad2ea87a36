using System.Diagnostics;
using Clientele.Core;
using Clientele.Data.Store;
using DuckDB.NET.Data;

namespace Clientele.Data.Ingest;

/// <summary>
/// What one kind of file (orders, products, reviews) does with its records: parse the current record and append it to
/// <see cref="Table"/>, or say why not; and, once every record is in, derive what else the store keeps from them.
/// </summary>
internal abstract class RecordHandler
{
    /// <summary>The table the accepted records are appended to.</summary>
    public abstract string Table { get; }

    /// <summary>The layout name recorded for the file (<c>online-retail</c>, <c>products</c>, …).</summary>
    public abstract string LayoutName { get; }

    /// <summary>Accepted records that are returns (orders only).</summary>
    public long ReturnLines { get; protected set; }

    /// <summary>Appends the current record of <paramref name="source"/>, or returns false with the reason it is rejected.</summary>
    public abstract bool TryAppend(IRecordSource source, DuckDBAppender appender, out Rejection rejection);

    /// <summary>After the last record, inside the transaction: fill the tables derived from the file's rows.</summary>
    public abstract void Complete(ClienteleStore store, int fileId);
}

/// <summary>
/// The ingest of one file, the same for every kind: refuse bytes already ingested (by SHA-256, returning the earlier
/// account), stream the records, accept or reject each with one reason, and commit the rows, the derived tables and
/// the file's account in one transaction; the rejects report appears only when the transaction commits.
/// </summary>
internal static class IngestRun
{
    private const int ProgressEvery = 8192;

    /// <summary>The earlier account of these bytes, or null; <paramref name="sha256"/> is the file's hash either way.</summary>
    public static IngestSummary? AlreadyIngested(ClienteleStore store, string fullPath, out string sha256)
    {
        sha256 = SourceFileLedger.HashFile(fullPath);
        return SourceFileLedger.Previous(store, sha256);
    }

    /// <param name="pending">The source already holds the first data record (CDNOW without a header line).</param>
    public static IngestSummary Run(
        ClienteleStore store, string fullPath, string sha256, IRecordSource source, bool pending, Func<int, RecordHandler> handlerFor,
        string? rejectsPath, TimeProvider time, IProgress<IngestProgress>? progress, CancellationToken cancellation)
    {
        var totalBytes = new FileInfo(fullPath).Length;
        var fileId = SourceFileLedger.NextFileId(store);
        var handler = handlerFor(fileId);
        using var rejectsWriter = new RejectsWriter(rejectsPath ?? SourceFileLedger.DefaultRejectsPath(store, fullPath));
        var rejects = new RejectCounter(rejectsWriter);
        long read = 0, accepted = 0;

        using var transaction = store.Connection.BeginTransaction();
        try
        {
            using (var appender = store.Connection.CreateAppender(handler.Table))
            {
                while (pending || source.Read())
                {
                    pending = false;
                    read++;
                    if (source.Malformation is { } malformation)
                    {
                        rejects.Reject(source.LineNumber, new Rejection(RejectReason.MalformedCsv, null, malformation), source.RawLine);
                    }
                    else if (handler.TryAppend(source, appender, out var rejection))
                    {
                        accepted++;
                    }
                    else
                    {
                        rejects.Reject(source.LineNumber, rejection, source.RawLine);
                    }
                    if (read % ProgressEvery == 0)
                    {
                        cancellation.ThrowIfCancellationRequested();
                        progress?.Report(new IngestProgress(source.BytesConsumed, totalBytes, read));
                    }
                }
            }
            progress?.Report(new IngestProgress(totalBytes, totalBytes, read));

            var counts = rejects.Counts();
            var rejectsFile = rejectsWriter.Commit();
            if (accepted == 0)
            {
                // Nothing usable: leave the store as it was (the transaction rolls back), but keep the report.
                throw new ClienteleException(
                    read == 0
                        ? "the file has no data rows; nothing was ingested"
                        : $"no row was accepted ({RejectCounter.Describe(counts)}); nothing was ingested; the rejected rows are in {rejectsFile}",
                    fullPath);
            }
            var summary = new IngestSummary
            {
                File = fullPath,
                Store = store.Path,
                Layout = handler.LayoutName,
                AlreadyIngested = false,
                IngestedAt = time.GetUtcNow().UtcDateTime,
                Read = read,
                Accepted = accepted,
                Rejected = read - accepted,
                ReturnLines = handler.ReturnLines,
                RejectedByReason = counts,
                RejectsFile = rejectsFile,
            };
            handler.Complete(store, fileId);
            SourceFileLedger.Record(store, fileId, summary, sha256, totalBytes);
            transaction.Commit();
            Debug.Assert(read == accepted + rejects.Count);
            return summary;
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
}
