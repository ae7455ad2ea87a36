using Clientele.Core;
using Clientele.Data.Store;

namespace Clientele.Data.Ingest;

/// <summary>
/// Ingests a behaviour events file (CSV plain or .gz, with a header or mapped by position without one; Parquet; JSON
/// lines, flat or OTTO's sessions with their events) into <c>events</c>, with the same account as order files: every
/// record accepted or rejected with one reason, one transaction per file, the same bytes ingested once (by SHA-256).
/// </summary>
public sealed class EventIngestor(ClienteleStore store, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>The layout recorded for an events file in <c>source_files</c>.</summary>
    public const string EventsLayout = "events";

    public IngestSummary Ingest(string path, EventIngestOptions options, IProgress<IngestProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var inputKind = InputFile.Inspect(path);
        var fullPath = Path.GetFullPath(path);
        var typeNames = EventTypes.With(options.EventTypes);
        var byPosition = EventFields.ByPosition(options.Map);
        if (IngestRun.AlreadyIngested(store, fullPath, out var sha256) is { } previous)
        {
            return previous.Layout == EventsLayout
                ? previous with { EventsByType = CountsByType(store, sha256) }
                : throw new ClienteleException($"these bytes were already ingested as {previous.Layout} (from {previous.File}), not as events", fullPath);
        }
        var encoding = TextEncoding.Resolve(options.Encoding);
        var format = inputKind == InputKind.Parquet ? "Parquet"
            : JsonLinesRecordSource.LooksLikeJsonLines(fullPath, inputKind, encoding) ? "JSON lines"
            : "CSV";
        if (byPosition && format != "CSV")
        {
            throw new ClienteleException($"--map by position is for CSV files without a header; this file is {format}, whose fields have names: map them by name", fullPath);
        }
        IRecordSource Open() => format switch
        {
            "Parquet" => new ParquetRecordSource(fullPath),
            "JSON lines" => new JsonLinesRecordSource(fullPath, inputKind, encoding),
            _ => new CsvRecordSource(fullPath, inputKind, encoding, hasHeader: !byPosition),
        };
        using var source = Open();
        var columns = EventFields.Resolve(byPosition ? null : source.Header, source.Fields.Count, options.Map, fullPath);
        var scan = new ColumnScan(fullPath, Open);
        var dates = new DateReader(options.DateFormat, () => DateReader.ScanOrder(scan.Values(columns[EventFields.OccurredAt])), fullPath);
        var times = new EventTimestamps(options.TimestampUnit, dates);
        var summary = IngestRun.Run(
            store, new IngestSource(fullPath, sha256, new FileInfo(fullPath).Length), source, pending: false,
            fileId => new EventHandler(columns, fileId, sha256, times, typeNames),
            options.RejectsPath, options.Limits, _time, progress, cancellation);
        return summary with { EventsByType = CountsByType(store, sha256), Timestamps = times.Describe(), EventPeople = People(store) };
    }

    /// <summary>Whom the store's events are about, after this file: customers (and how many have orders), visitors never linked, visitors linked, and the catalogue's categories from events.</summary>
    private static EventPeopleCount People(ClienteleStore store)
    {
        using var command = store.Command("""
            SELECT count(DISTINCT e.linked_customer_id),
                   count(DISTINCT e.visitor_id) FILTER (WHERE e.linked_customer_id IS NULL),
                   count(DISTINCT e.visitor_id) FILTER (WHERE e.customer_id IS NOT NULL),
                   (SELECT count(*) FROM product_catalogue WHERE category_from_events),
                   count(DISTINCT c.customer_id)
            FROM event_people e LEFT JOIN customers c ON c.customer_id = e.linked_customer_id
            """);
        using var reader = command.ExecuteReader();
        reader.Read();
        return new EventPeopleCount(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
    }

    /// <summary>The file's events by type, in <see cref="EventTypes.All"/>'s order, types it has none of left out.</summary>
    private static IReadOnlyList<EventTypeCount> CountsByType(ClienteleStore ledger, string sha256)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        using (var command = ledger.Command(
            "SELECT e.event_type, count(*) FROM events e JOIN source_files f ON f.file_id = e.file_id WHERE f.sha256 = $sha GROUP BY e.event_type",
            ("sha", sha256)))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                counts[reader.GetString(0)] = reader.GetInt64(1);
            }
        }
        return [.. EventTypes.All.Where(counts.ContainsKey).Select(t => new EventTypeCount(t, counts[t]))];
    }
}
