using System.Globalization;
using System.Text;
using System.Text.Json;
using Clientele.Data.Store;

namespace Clientele.Data.Ingest;

/// <summary>
/// Behaviour events → <c>events</c> (through a staging table when the file gives event ids): each record needs a type (the file's name mapped to ours),
/// a time, and a customer or a visitor; its columns no field takes become its properties (a JSON object of their text).
/// An event id the file gives is its identity: given again in the file, or already in the store from another file, the
/// row is a duplicate (rejected, counted apart from the rejected share). Without one, the id is derived from the file's
/// content and the record's place (<c>SHA-256 prefix:line</c>, <c>:k</c> for the k-th event of a JSON line, k ≥ 2).
/// </summary>
internal sealed class EventHandler(TableColumns columns, int fileId, string sha256, EventTimestamps times, IReadOnlyDictionary<string, string> typeNames) : RecordHandler
{
    private const string Staging = "event_rows";

    private readonly Dictionary<string, long> _givenIds = new(StringComparer.Ordinal);
    private readonly int[] _propertyColumns = [.. Enumerable.Range(0, columns.FieldCount).Where(i => !EventFields.All.Any(f => columns[f] == i))];
    private readonly string _idPrefix = sha256[..16] + ":";
    private readonly StringBuilder _json = new();
    private long _lastLine;
    private int _inLine;

    /// <summary>
    /// Without given ids the rows go straight into <c>events</c> (their derived ids carry this file's hash, so none can
    /// be in the store); with them, through the staging table, so those the store has are taken out before the insert.
    /// </summary>
    private readonly bool _staged = columns[EventFields.EventId] >= 0;

    public override string Table => _staged ? Staging : "events";

    public override IReadOnlyList<string> Columns { get; } =
        ["file_id", "line_number", "event_id", "event_type", "customer_id", "visitor_id", "session_id", "product_id", "category", "query", "occurred_at", "properties"];

    public override string LayoutName => EventIngestor.EventsLayout;

    public override void Prepare(ClienteleStore store)
    {
        if (_staged)
        {
            CreateStaging(store);
        }
    }

    private static void CreateStaging(ClienteleStore store) => store.Execute(
        $"""
        DROP TABLE IF EXISTS {Staging};
        CREATE TEMP TABLE {Staging} (
            file_id INTEGER, line_number BIGINT, event_id VARCHAR, event_type VARCHAR, customer_id VARCHAR, visitor_id VARCHAR,
            session_id VARCHAR, product_id VARCHAR, category VARCHAR, query VARCHAR, occurred_at TIMESTAMP, properties VARCHAR)
        """);

    public override bool TryAppend(IRecordSource source, StoreBulkWriter writer, out Rejection rejection)
    {
        var fields = source.Fields;
        var line = source.LineNumber;
        _inLine = line == _lastLine ? _inLine + 1 : 1;
        _lastLine = line;
        if (columns.CheckFieldCount(fields) is { } wrongCount)
        {
            rejection = wrongCount;
            return false;
        }
        var customerId = columns.Text(fields, EventFields.CustomerId) is { } customer ? OrderLineParser.NormaliseCustomerId(customer, stripZeroPadding: false) : null;
        var visitorId = columns.Text(fields, EventFields.VisitorId);
        if (customerId is null && visitorId is null)
        {
            rejection = new Rejection(RejectReason.MissingPerson, columns.Name(columns[EventFields.CustomerId] >= 0 ? EventFields.CustomerId : EventFields.VisitorId), "empty");
            return false;
        }
        var timeText = fields[columns[EventFields.OccurredAt]].Trim();
        if (!times.TryParse(timeText, line, out var occurredAt, out var problem))
        {
            rejection = new Rejection(RejectReason.UnparsableDate, columns.Name(EventFields.OccurredAt), problem);
            return false;
        }
        var typeText = fields[columns[EventFields.EventType]].Trim();
        if (typeText.Length == 0)
        {
            rejection = new Rejection(RejectReason.UnknownEventType, columns.Name(EventFields.EventType), "empty: the event has no type");
            return false;
        }
        if (!typeNames.TryGetValue(typeText, out var type))
        {
            rejection = new Rejection(
                RejectReason.UnknownEventType,
                columns.Name(EventFields.EventType),
                $"{OrderLineParser.Describe(typeText)} is not a known event type; name it with --event-type TYPE={typeText} (types: {string.Join(", ", EventTypes.All)})");
            return false;
        }
        var eventId = columns.Text(fields, EventFields.EventId);
        if (eventId is not null && !_givenIds.TryAdd(eventId, line))
        {
            rejection = new Rejection(RejectReason.DuplicateEventId, columns.Name(EventFields.EventId), $"{eventId} was first given on line {_givenIds[eventId]}");
            return false;
        }
        eventId ??= _idPrefix + line.ToString(CultureInfo.InvariantCulture) + (_inLine > 1 ? ":" + _inLine.ToString(CultureInfo.InvariantCulture) : "");
        writer
            .Add(fileId)
            .Add(line)
            .Add(eventId)
            .Add(type)
            .Add(customerId)
            .Add(visitorId)
            .Add(columns.Text(fields, EventFields.SessionId))
            .Add(columns.Text(fields, EventFields.ProductId))
            .Add(columns.Text(fields, EventFields.Category))
            .Add(columns.Text(fields, EventFields.Query))
            .Add(occurredAt)
            .Add(Properties(fields))
            .EndRow();
        rejection = default;
        return true;
    }

    /// <summary>Given event ids already in the store from another file: taken out of the staging table, each named with the file.</summary>
    public override IReadOnlyList<RejectedLine> RemoveDuplicates(ClienteleStore store, int fileId)
    {
        if (_givenIds.Count == 0 || store.Scalar<long>("SELECT count(*) FROM (SELECT 1 FROM events LIMIT 1) AS any_event") == 0)
        {
            return []; // derived ids carry this file's own hash: only given ones can meet the store's
        }
        var lines = new List<RejectedLine>();
        using (var command = store.Command(
            $"""
            SELECT r.line_number, r.event_id, e.file_id, f.path, r.event_type, r.customer_id, r.visitor_id, r.product_id, r.occurred_at
            FROM {Staging} r JOIN events e ON e.event_id = r.event_id JOIN source_files f ON f.file_id = e.file_id
            ORDER BY r.line_number, r.event_id
            """))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                string Text(int i) => reader.IsDBNull(i) ? "" : reader.GetString(i);
                var raw = CsvText.Line(Text(1), Text(4), Text(5), Text(6), Text(7), reader.GetDateTime(8).ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture));
                lines.Add(new RejectedLine(
                    reader.GetInt64(0),
                    new Rejection(RejectReason.DuplicateEventId, columns.Name(EventFields.EventId), $"{Text(1)} is already in the store from file {reader.GetInt32(2)} ({Text(3)})"),
                    raw));
            }
        }
        if (lines.Count > 0)
        {
            store.Execute($"DELETE FROM {Staging} WHERE event_id IN (SELECT event_id FROM events)");
        }
        return lines;
    }

    public override void Complete(ClienteleStore store, int fileId)
    {
        if (_staged)
        {
            MoveStaged(store);
        }
    }

    private static void MoveStaged(ClienteleStore store) => store.Execute(
        $"""
        INSERT INTO events (file_id, line_number, event_id, event_type, customer_id, visitor_id, session_id, product_id, category, query, occurred_at, properties)
        SELECT file_id, line_number, event_id, event_type, customer_id, visitor_id, session_id, product_id, category, query, occurred_at, properties FROM {Staging};
        DROP TABLE {Staging};
        """);

    /// <summary>The record's other columns with a value, as a JSON object of their text; null when there are none.</summary>
    private string? Properties(IReadOnlyList<string> fields)
    {
        _json.Clear();
        foreach (var i in _propertyColumns)
        {
            var value = fields[i].Trim();
            if (value.Length == 0)
            {
                continue;
            }
            _json.Append(_json.Length == 0 ? "{" : ",")
                .Append(JsonSerializer.Serialize(columns.Header[i]))
                .Append(':')
                .Append(JsonSerializer.Serialize(value));
        }
        return _json.Length == 0 ? null : _json.Append('}').ToString();
    }
}
