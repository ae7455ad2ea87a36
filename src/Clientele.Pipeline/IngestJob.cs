using Clientele.Data.Ingest;
using Clientele.Data.Store;

namespace Clientele.Pipeline;

/// <summary>Ingests one order, product, reviews or events file into a store (created if missing).</summary>
public static class IngestJob
{
    public static IngestSummary Run(string storePath, string file, IngestOptions options, IProgress<IngestProgress>? progress = null, CancellationToken cancellation = default)
    {
        // A file that cannot be read must not leave a new, empty store behind.
        OrderIngestor.CheckReadable(file);
        return Into(storePath, store => new OrderIngestor(store).Ingest(file, options, progress, cancellation));
    }

    /// <summary>Ingests the rows of a DuckDB query over the user's files as order lines (<c>ingest orders --query</c>).</summary>
    public static IngestSummary RunQuery(string storePath, string sql, IngestOptions options, IProgress<IngestProgress>? progress = null, CancellationToken cancellation = default)
    {
        // A query DuckDB refuses must not leave a new, empty store behind.
        OrderIngestor.CheckQuery(sql);
        return Into(storePath, store => new OrderIngestor(store).IngestQuery(sql, options, progress, cancellation));
    }

    /// <summary>Ingests a product catalogue (<c>product_id, title, description, category, price</c>).</summary>
    public static IngestSummary RunProducts(string storePath, string file, TableIngestOptions options, IProgress<IngestProgress>? progress = null, CancellationToken cancellation = default)
    {
        OrderIngestor.CheckReadable(file);
        return Into(storePath, store => new CatalogIngestor(store).IngestProducts(file, options, progress, cancellation));
    }

    /// <summary>Ingests reviews (<c>customer_id, product_id, rating, text, date</c>).</summary>
    public static IngestSummary RunReviews(string storePath, string file, TableIngestOptions options, IProgress<IngestProgress>? progress = null, CancellationToken cancellation = default)
    {
        OrderIngestor.CheckReadable(file);
        return Into(storePath, store => new CatalogIngestor(store).IngestReviews(file, options, progress, cancellation));
    }

    /// <summary>Ingests behaviour events (<c>event_type, occurred_at</c>, a customer or visitor, and the optional fields of <see cref="EventFields"/>).</summary>
    public static IngestSummary RunEvents(string storePath, string file, EventIngestOptions options, IProgress<IngestProgress>? progress = null, CancellationToken cancellation = default)
    {
        OrderIngestor.CheckReadable(file);
        return Into(storePath, store => new EventIngestor(store).Ingest(file, options, progress, cancellation));
    }

    /// <summary>
    /// Runs one ingest in the store, creating it if needed; when the ingest stops (a file refused halfway, too many
    /// rejects, Ctrl-C) and a DuckDB store was created for it, the file goes too, so nothing is left behind but the
    /// rejects report (a PostgreSQL database is not clientele's to drop: it keeps the empty schema).
    /// </summary>
    private static IngestSummary Into(string storePath, Func<ClienteleStore, IngestSummary> ingest)
    {
        var created = StoreLocation.Parse(storePath).Kind == StoreKind.DuckDb && !ClienteleStore.Exists(storePath);
        try
        {
            using var store = ClienteleStore.Open(storePath);
            return ingest(store);
        }
        catch when (created)
        {
            File.Delete(storePath);
            File.Delete(storePath + ".wal");
            throw;
        }
    }

    /// <summary>The files the store was filled from (<c>clientele files list</c>).</summary>
    public static IReadOnlyList<SourceFileEntry> ListFiles(string storePath)
    {
        using var store = ClienteleStore.OpenExisting(storePath);
        return SourceFiles.List(store);
    }

    /// <summary>Removes one ingested file and every row that came from it (<c>clientele files remove</c>).</summary>
    public static FileRemoval RemoveFile(string storePath, string fileOrId)
    {
        using var store = ClienteleStore.OpenExisting(storePath);
        return SourceFiles.Remove(store, fileOrId);
    }
}
