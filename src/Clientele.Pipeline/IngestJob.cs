using Clientele.Data.Ingest;
using Clientele.Data.Store;

namespace Clientele.Pipeline;

/// <summary>Ingests one order file into a store (created if missing).</summary>
public static class IngestJob
{
    public static IngestSummary Run(string storePath, string file, IngestOptions options, IProgress<IngestProgress>? progress = null, CancellationToken cancellation = default)
    {
        // A file that cannot be read must not leave a new, empty store behind.
        OrderIngestor.CheckReadable(file);
        using var store = ClienteleStore.Open(storePath);
        return new OrderIngestor(store).Ingest(file, options, progress, cancellation);
    }
}
