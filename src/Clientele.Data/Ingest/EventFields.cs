using System.Globalization;
using Clientele.Core;

namespace Clientele.Data.Ingest;

/// <summary>
/// The fields of an events file and the column names they are found by when <c>--map</c> does not name them: the
/// field's own name first, then common ones (Taobao's, OTTO's, RetailRocket's), compared as column names are (case,
/// spaces, underscores, hyphens and dots do not count). Required: <c>event_type</c>, <c>occurred_at</c>, and
/// <c>customer_id</c> or <c>visitor_id</c>. Columns no field takes are kept as the event's properties.
/// </summary>
public static class EventFields
{
    public const string EventId = "event_id";
    public const string EventType = "event_type";
    public const string CustomerId = "customer_id";
    public const string VisitorId = "visitor_id";
    public const string SessionId = "session_id";
    public const string ProductId = "product_id";
    public const string Category = "category";
    public const string Query = "query";
    public const string OccurredAt = "occurred_at";

    /// <summary>Each field with the column names it is found by, in the order they are tried.</summary>
    public static IReadOnlyList<(string Field, IReadOnlyList<string> Names)> Known { get; } =
    [
        (EventId, [EventId, "eventid"]),
        (EventType, [EventType, "type", "event", "behavior", "behaviour", "action", "event_name"]),
        (CustomerId, [CustomerId, "user_id", "customer", "user"]),
        (VisitorId, [VisitorId, "visitor", "visitorid", "anonymous_id", "cookie_id", "device_id"]),
        (SessionId, [SessionId, "session"]),
        (ProductId, [ProductId, "product", "item_id", "item", "itemid", "aid", "sku"]),
        (Category, [Category, "category_id", "categoryid", "category_code"]),
        (Query, [Query, "search_query", "search_term", "search"]),
        (OccurredAt, [OccurredAt, "timestamp", "ts", "time", "event_time", "datetime", "date"]),
    ];

    /// <summary>The field names, for messages and help.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Known.Select(k => k.Field)];

    /// <summary>Whether <paramref name="map"/> names columns by 1-based position (a CSV file without a header).</summary>
    internal static bool ByPosition(IReadOnlyDictionary<string, string> map)
    {
        var positions = map.Values.Count(IsPosition);
        if (positions > 0 && positions < map.Count)
        {
            throw new ClienteleException(
                $"--map names some columns by position and others by name ({string.Join(", ", map.Select(kv => $"{kv.Key}={kv.Value}"))}); a file without a header is mapped by positions only, a file with one by names");
        }
        return positions > 0;
    }

    /// <summary>
    /// Where each field sits. <paramref name="header"/> is the file's column names; for a file without a header (a
    /// positional map), null, and <paramref name="fieldCount"/> is its first record's number of fields.
    /// </summary>
    internal static TableColumns Resolve(IReadOnlyList<string>? header, int fieldCount, IReadOnlyDictionary<string, string> map, string path)
    {
        var unknown = map.Keys.Where(k => !All.Contains(k, StringComparer.Ordinal)).ToList();
        if (unknown.Count > 0)
        {
            throw new ClienteleException($"--map names unknown field(s) {string.Join(", ", unknown)}; the event fields are {string.Join(", ", All)}");
        }
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        IReadOnlyList<string> names;
        if (header is null)
        {
            names = [.. Enumerable.Range(1, fieldCount).Select(i => $"column {i}")];
            foreach (var (field, column) in map)
            {
                var position = int.Parse(column, NumberStyles.None, CultureInfo.InvariantCulture);
                if (position < 1 || position > fieldCount)
                {
                    throw new ClienteleException($"--map {field}={column}: the file's first line has {fieldCount} fields (positions 1 to {fieldCount})", path, line: 1);
                }
                index[field] = position - 1;
            }
        }
        else
        {
            names = header;
            var columns = OrderLayout.IndexColumns(header);
            foreach (var (field, aliases) in Known)
            {
                if (map.TryGetValue(field, out var column))
                {
                    index[field] = columns.TryGetValue(column, out var i)
                        ? i
                        : throw new ClienteleException($"--map {field}={column}: the file has no column {column} (it has: {string.Join(", ", header)})", path, line: 1);
                }
                else if (aliases.Select(a => columns.TryGetValue(a, out var i) ? i : -1).FirstOrDefault(i => i >= 0, -1) is var found and >= 0)
                {
                    index[field] = found;
                }
            }
        }
        var missing = new List<string>();
        if (!index.ContainsKey(EventType))
        {
            missing.Add(EventType);
        }
        if (!index.ContainsKey(OccurredAt))
        {
            missing.Add(OccurredAt);
        }
        if (!index.ContainsKey(CustomerId) && !index.ContainsKey(VisitorId))
        {
            missing.Add($"{CustomerId} or {VisitorId}");
        }
        if (missing.Count > 0)
        {
            throw new ClienteleException(MissingMessage(header, index, missing), path, line: 1);
        }
        return TableColumns.Of(names, index);
    }

    private static string MissingMessage(IReadOnlyList<string>? header, Dictionary<string, int> index, List<string> missing)
    {
        var fields = string.Join(", ", All);
        if (header is null)
        {
            return $"--map does not place {string.Join(", ", missing)}; map every field the file has by position (fields: {fields})";
        }
        if (index.Count == 0)
        {
            return $"the first line ({string.Join(", ", header.Take(12))}) names no event field: if the file has no header, map its columns by 1-based position, e.g. --map customer_id=1 --map product_id=2 --map event_type=4 --map occurred_at=5 (fields: {fields})";
        }
        var sessionHint = index.TryGetValue(SessionId, out var session) && missing.Contains($"{CustomerId} or {VisitorId}")
            ? $"; anonymous sessions can stand for their visitors: --map {VisitorId}={header[session]}"
            : "";
        return $"no column for {string.Join(", ", missing)} (the file has: {string.Join(", ", header.Take(20))}); name the column so or use --map field=Column (fields: {fields}){sessionHint}";
    }

    private static bool IsPosition(string column) => column.Length is > 0 and < 6 && column.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0;
}
