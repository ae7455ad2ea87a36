using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Clientele.Core;
using Clientele.Data.Store;

namespace Clientele.Data.Ingest;

/// <summary>
/// What one kind of file (orders, products, reviews) does with its records: parse the current record and append it to
/// <see cref="Table"/>, or say why not; and, once every record is in, derive what else the store keeps from them.
/// </summary>
internal abstract class RecordHandler
{
    /// <summary>The table the accepted records are appended to.</summary>
    public abstract string Table { get; }

    /// <summary>The columns of <see cref="Table"/>, in its order: what <see cref="TryAppend"/> gives for each record.</summary>
    public abstract IReadOnlyList<string> Columns { get; }

    /// <summary>The layout name recorded for the file (<c>online-retail</c>, <c>products</c>, …).</summary>
    public abstract string LayoutName { get; }

    /// <summary>Accepted records that are returns (orders only).</summary>
    public long ReturnLines { get; protected set; }

    /// <summary>Accepted records whose money values were rounded from binary floating-point artefacts (orders, products).</summary>
    public virtual long RoundedPrices => 0;

    /// <summary>Appends the current record of <paramref name="source"/>, or returns false with the reason it is rejected.</summary>
    public abstract bool TryAppend(IRecordSource source, StoreBulkWriter writer, out Rejection rejection);

    /// <summary>After the last record, inside the transaction: fill the tables derived from the file's rows.</summary>
    public abstract void Complete(ClienteleStore store, int fileId);

    /// <summary>
    /// After the last record, before <see cref="Complete"/>: takes out of the file's rows those already in the store
    /// from another file, and says which (orders only).
    /// </summary>
    public virtual IReadOnlyList<OverlapLine> RemoveOverlap(ClienteleStore store, int fileId) => [];

    /// <summary>
    /// Inside the transaction, after the last record and before <see cref="RemoveDuplicates"/>: appends the rows read in
    /// bulk without the record loop (orders through DuckDB's reader); returns how many, each read and accepted.
    /// </summary>
    public virtual long AppendInBulk() => 0;

    /// <summary>Whether <see cref="AppendInBulk"/> has rows to append.</summary>
    public virtual bool HasBulk => false;

    /// <summary>Inside the transaction, before the first record: make what <see cref="Table"/> needs (a staging table).</summary>
    public virtual void Prepare(ClienteleStore store)
    {
    }

    /// <summary>
    /// After the last record, before <see cref="Complete"/>, whatever the limits: takes out of the file's rows those whose
    /// key the store already holds from another file, and says which with their reason (events with a known event id).
    /// </summary>
    public virtual IReadOnlyList<RejectedLine> RemoveDuplicates(ClienteleStore store, int fileId) => [];

    /// <summary>After <see cref="Complete"/>: what a person should know about how the file's rows fit the store's.</summary>
    public virtual IReadOnlyList<string> Warnings(ClienteleStore store, int fileId) => [];
}

/// <summary>A row of the file already in the store from another file: its line, the detail for the report, its values.</summary>
internal readonly record struct OverlapLine(long Line, string Detail, string Raw);

/// <summary>A row of the file taken out after the bulk write: its line, why, and its values for the rejects report.</summary>
internal readonly record struct RejectedLine(long Line, Rejection Rejection, string Raw);

/// <summary>What an ingest reads: a file, or the result of a query over files (<paramref name="Name"/> is then the query).</summary>
/// <param name="Name">The full path of the file, or the query text.</param>
/// <param name="Sha256">What identifies the source in the ledger.</param>
/// <param name="Bytes">The file's size, or the referenced files' sizes added up.</param>
/// <param name="Where">What messages name when it is not <paramref name="Name"/> (<c>--query</c>).</param>
internal sealed record IngestSource(string Name, string Sha256, long Bytes, string? Where = null);

/// <summary>
/// The ingest of one file, the same for every kind: refuse bytes already ingested (by SHA-256, returning the earlier
/// account), stream the records, accept or reject each with one reason, take out rows already in the store from other
/// files (overlap), stop when too many rows were rejected (<see cref="IngestLimits"/>), and commit the rows, the
/// derived tables and the file's account in one transaction; the rejects report appears only when the ingest finishes
/// (committed, or stopped for its rejects), never after an error or a cancellation.
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
        ClienteleStore store, IngestSource input, IRecordSource source, bool pending, Func<int, RecordHandler> handlerFor,
        string? rejectsPath, IngestLimits limits, TimeProvider time, IProgress<IngestProgress>? progress, CancellationToken cancellation)
    {
        var fullPath = input.Name;
        var where = input.Where ?? input.Name;
        var totalBytes = input.Bytes;
        var fileId = SourceFileLedger.NextFileId(store);
        var handler = handlerFor(fileId);
        using var rejectsWriter = new RejectsWriter(rejectsPath ?? SourceFileLedger.DefaultRejectsPath(store, fullPath));
        var rejects = new RejectCounter(rejectsWriter);
        long read = 0, accepted = 0, overlap = 0, duplicates = 0;

        cancellation.ThrowIfCancellationRequested();
        using var transaction = store.BeginTransaction();
        try
        {
            handler.Prepare(store);
            using (var writer = store.BulkWriter(handler.Table, [.. handler.Columns]))
            {
                while (pending || source.Read())
                {
                    pending = false;
                    read++;
                    if (source.Malformation is { } malformation)
                    {
                        rejects.Reject(source.LineNumber, new Rejection(source.MalformationReason, null, malformation), source.RawLine);
                    }
                    else if (handler.TryAppend(source, writer, out var rejection))
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
                        progress?.Report(new IngestProgress(source.BytesConsumed, totalBytes, read, source.ProgressStage));
                    }
                }
                writer.Complete();
            }
            if (handler.HasBulk)
            {
                progress?.Report(new IngestProgress(0, totalBytes, 0, "writing the lines SQL read"));
            }
            var inBulk = handler.AppendInBulk();
            read += inBulk;
            accepted += inBulk;
            cancellation.ThrowIfCancellationRequested();
            progress?.Report(new IngestProgress(totalBytes, totalBytes, read, "customers, products and duplicates"));

            foreach (var line in handler.RemoveDuplicates(store, fileId))
            {
                rejects.Reject(line.Line, line.Rejection, line.Raw);
                duplicates++;
            }
            accepted -= duplicates;
            if (!limits.AllowOverlap)
            {
                foreach (var line in handler.RemoveOverlap(store, fileId))
                {
                    rejects.Reject(line.Line, new Rejection(RejectReason.Overlap, null, line.Detail), line.Raw);
                    overlap++;
                }
                accepted -= overlap;
            }

            var counts = rejects.Counts();
            var rejectsFile = rejectsWriter.Commit();
            if (accepted == 0 && overlap == 0 && duplicates == 0)
            {
                // Nothing usable: leave the store as it was (the transaction rolls back), but keep the report.
                throw new ClienteleException(
                    read == 0
                        ? "the file has no data rows; nothing was ingested"
                        : $"no row was accepted ({RejectCounter.Describe(counts)}); nothing was ingested; the rejected rows are in {rejectsFile}",
                    where);
            }
            CheckRejectedShare(where, read, counts, rejectsFile, limits);
            handler.Complete(store, fileId);
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
                RoundedPrices = handler.RoundedPrices,
                RejectedByReason = counts,
                RejectsFile = rejectsFile,
                Warnings = handler.Warnings(store, fileId),
            };
            SourceFileLedger.Record(store, fileId, summary, input.Sha256, totalBytes);
            cancellation.ThrowIfCancellationRequested();
            transaction.Commit();
            Debug.Assert(read == accepted + rejects.Count);
            return summary;
        }
        catch (InvalidDataException e)
        {
            throw new ClienteleException($"the gzip data is corrupt after row {read} ({e.Message}); nothing was ingested", where, innerException: e);
        }
        catch (DbException e)
        {
            throw new ClienteleException($"the store refused the data after row {read}: {e.Message.Split('\n')[0]}; nothing was ingested", where, innerException: e);
        }
    }

    /// <summary>
    /// Stops the ingest (the caller's transaction rolls back) when more than <see cref="IngestLimits.MaxRejected"/> of
    /// the file's customer lines were rejected. Lines without a customer id are not customer lines (guest checkouts)
    /// and count on neither side; overlap lines were read correctly, so they count as customer lines but not as rejects.
    /// </summary>
    private static void CheckRejectedShare(string fullPath, long read, IReadOnlyList<RejectCount> counts, string? rejectsFile, IngestLimits limits)
    {
        var guests = counts.Where(c => c.Reason == RejectReason.MissingCustomerId.Code).Sum(c => c.Rows);
        var considered = read - guests;
        var rejected = counts.Where(c => !IsCountedApart(c.Reason)).Sum(c => c.Rows);
        if (limits.AcceptRejects || considered <= 0 || rejected <= limits.MaxRejected * considered)
        {
            return;
        }
        var top = counts.Where(c => !IsCountedApart(c.Reason)).OrderByDescending(c => c.Rows).Take(3);
        var share = (double)rejected / considered;
        throw new ClienteleException(
            string.Create(
                CultureInfo.InvariantCulture,
                $"{rejected:N0} of {considered:N0} lines were rejected ({share:P1}), more than --max-rejected {limits.MaxRejected:P0} allows; most often: {RejectCounter.Describe(top)}; nothing was ingested; the rejected lines are in {rejectsFile}; if these rejects are expected, run again with --accept-rejects or a higher --max-rejected"),
            fullPath);
    }

    /// <summary>
    /// Rejects that do not count toward <see cref="IngestLimits.MaxRejected"/>: guest lines (no customer id), lines already
    /// in the store, and events whose id was given before (read correctly, posted twice).
    /// </summary>
    internal static bool IsCountedApart(string reason) =>
        reason == RejectReason.MissingCustomerId.Code || reason == RejectReason.Overlap.Code || reason == RejectReason.DuplicateEventId.Code;
}
