using System.Globalization;
using System.Text.Json;

namespace Clientele.Pipeline.Live;

/// <summary>
/// A request the service refuses as a whole, before anything is stored: not JSON, not laid out as
/// <c>{"events": [...]}</c>, a field of the wrong JSON type or one no event has (400), or past a size limit (413).
/// </summary>
public sealed class LiveRequestException(int status, string message, string? location = null) : Exception(message)
{
    /// <summary>Gets the HTTP status: 400 or 413.</summary>
    public int Status { get; } = status;

    /// <summary>Gets where in the body (a JSON pointer such as <c>/events/3/quantity</c>), or null for the whole body.</summary>
    public string? Location { get; } = location;
}

/// <summary>One event of a batch as read: the event when it is valid, else the reason it is rejected (with its id when it had one).</summary>
public sealed record LiveEventItem(string? EventId, LiveEvent? Event, string? Rejection);

/// <summary>
/// Reads a batch of events (<c>{"events": [ {…}, … ]}</c>, docs/service.md). The layout and the JSON types are the
/// request's contract: a break of it refuses the whole request (<see cref="LiveRequestException"/>). What the values
/// say is each event's own: an event whose type is unknown, lacks a field its type needs, or carries an impossible
/// value is rejected with its reason, and the others go on (partial success).
/// </summary>
public static class LiveEventBatch
{
    /// <summary>The largest request body: 500 KB.</summary>
    public const int MaxRequestBytes = 500 * 1024;

    /// <summary>The largest event, as its JSON text: 32 KB.</summary>
    public const int MaxEventBytes = 32 * 1024;

    /// <summary>The longest id (event, customer, order, product): longer ones are rejected, not cut.</summary>
    public const int MaxIdLength = 200;

    /// <summary>The longest search query or review text.</summary>
    public const int MaxTextLength = 16 * 1024;

    /// <summary>How far ahead of the service's clock a timestamp may be (clocks drift): one day.</summary>
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromDays(1);

    /// <exception cref="LiveRequestException">The request breaks the layout or a limit.</exception>
    public static IReadOnlyList<LiveEventItem> Read(ReadOnlyMemory<byte> body, DateTime now)
    {
        if (body.Length > MaxRequestBytes)
        {
            throw new LiveRequestException(413, $"The request is {body.Length:N0} bytes; a batch may be up to {MaxRequestBytes:N0} bytes. Send the events in smaller batches.");
        }
        if (!System.Text.Unicode.Utf8.IsValid(body.Span))
        {
            throw new LiveRequestException(400, "The request body is not valid UTF-8.");
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            throw new LiveRequestException(400, $"The request body is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}).");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new LiveRequestException(400, "The request body must be a JSON object {\"events\": [...]}.");
            }
            JsonElement? events = null;
            foreach (var property in root.EnumerateObject())
            {
                if (property.Name != "events")
                {
                    throw new LiveRequestException(400, $"Unknown field \"{Shown(property.Name)}\": the body has only \"events\".", "/" + Shown(property.Name));
                }
                events = property.Value;
            }
            if (events is not { ValueKind: JsonValueKind.Array } list)
            {
                throw new LiveRequestException(400, "The request body needs \"events\": an array of events.", "/events");
            }
            if (list.GetArrayLength() == 0)
            {
                throw new LiveRequestException(400, "\"events\" is empty: send at least one event.", "/events");
            }
            var items = new List<LiveEventItem>(list.GetArrayLength());
            var index = 0;
            foreach (var element in list.EnumerateArray())
            {
                items.Add(ReadEvent(element, index++, now));
            }
            return items;
        }
    }

    private static LiveEventItem ReadEvent(JsonElement element, int index, DateTime now)
    {
        var at = $"/events/{index}";
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new LiveRequestException(400, $"Event {index} is {Article(element.ValueKind)}, not an object.", at);
        }
        if (element.GetRawText().Length > MaxEventBytes)
        {
            throw new LiveRequestException(413, $"Event {index} is larger than {MaxEventBytes:N0} bytes.", at);
        }
        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (!LiveEventFields.All.Contains(property.Name))
            {
                throw new LiveRequestException(400, $"Event {index} has the unknown field \"{Shown(property.Name)}\"; an event's fields are {string.Join(", ", LiveEventFields.All)}.", $"{at}/{Shown(property.Name)}");
            }
            if (!fields.TryAdd(property.Name, property.Value))
            {
                throw new LiveRequestException(400, $"Event {index} has \"{property.Name}\" twice.", $"{at}/{property.Name}");
            }
            CheckJsonType(property.Name, property.Value, index, at);
        }
        string? Text(string name) => fields.TryGetValue(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var eventId = Text(LiveEventFields.EventId);
        LiveEventItem Reject(string reason) => new(eventId, null, reason);

        if (IdProblem(eventId, LiveEventFields.EventId) is { } idProblem)
        {
            return Reject(idProblem);
        }
        var type = Text(LiveEventFields.Type);
        if (type is null)
        {
            return Reject("type is missing: one of " + string.Join(", ", LiveEventTypes.All));
        }
        if (!LiveEventTypes.All.Contains(type))
        {
            return Reject($"unknown type \"{Shown(type)}\": one of {string.Join(", ", LiveEventTypes.All)}");
        }
        var customer = Text(LiveEventFields.CustomerId);
        if (IdProblem(customer, LiveEventFields.CustomerId) is { } customerProblem)
        {
            return Reject(customerProblem);
        }
        var timestamp = Text(LiveEventFields.Timestamp);
        if (timestamp is null)
        {
            return Reject("timestamp is missing (ISO 8601, such as 2026-12-07T10:15:00Z)");
        }
        if (!TryTimestamp(timestamp, out var occurredAt))
        {
            return Reject($"timestamp \"{Shown(timestamp)}\" is not an ISO 8601 date and time (such as 2026-12-07T10:15:00Z)");
        }
        if (occurredAt > now + FutureTolerance)
        {
            return Reject($"timestamp {timestamp} is more than a day ahead of the service's clock ({now:yyyy-MM-ddTHH:mm:ssZ})");
        }
        var required = LiveEventTypes.Required(type);
        var allowed = LiveEventTypes.Optional(type);
        foreach (var name in fields.Keys)
        {
            if (name is not (LiveEventFields.EventId or LiveEventFields.Type or LiveEventFields.CustomerId or LiveEventFields.Timestamp)
                && !required.Contains(name) && !allowed.Contains(name) && fields[name].ValueKind != JsonValueKind.Null)
            {
                return Reject($"{name} does not belong to a {type} event (it takes {string.Join(", ", required.Concat(allowed))})");
            }
        }
        foreach (var name in required)
        {
            if (!fields.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return Reject($"{name} is missing: a {type} event needs {string.Join(", ", required)}");
            }
        }
        var orderId = Text(LiveEventFields.OrderId);
        var productId = Text(LiveEventFields.ProductId);
        if (orderId is not null && IdProblem(orderId, LiveEventFields.OrderId) is { } orderProblem)
        {
            return Reject(orderProblem);
        }
        if (productId is not null && IdProblem(productId, LiveEventFields.ProductId) is { } productProblem)
        {
            return Reject(productProblem);
        }
        int? quantity = null;
        decimal? unitPrice = null;
        if (LiveEventTypes.IsOrderLine(type))
        {
            // The numbers a file may hold are the numbers an event may: 6.0 is 6 units, and a price a float wrote
            // (2.1199999999999997, as pandas or JavaScript print 2.12) is rounded as the ingest rounds it.
            var q = fields[LiveEventFields.Quantity];
            if (!q.TryGetDecimal(out var units) || units < 1 || units > int.MaxValue || units != decimal.Truncate(units))
            {
                return Reject($"quantity {q.GetRawText()} is not a whole number of units from 1 up (a return's quantity is the units returned, positive)");
            }
            var p = fields[LiveEventFields.UnitPrice];
            if (!p.TryGetDecimal(out var price) || price <= 0)
            {
                return Reject($"unit_price {p.GetRawText()} is not a price above 0");
            }
            if (!Data.Ingest.NumberReader.TryStoreMoney(price, $"unit_price {p.GetRawText()}", out price, out _, out var priceProblem))
            {
                return Reject(priceProblem);
            }
            quantity = (int)units;
            unitPrice = price;
        }
        var query = Text(LiveEventFields.Query);
        if (query is not null && (query.Trim().Length == 0 || query.Length > MaxTextLength))
        {
            return Reject(query.Trim().Length == 0 ? "query is blank" : $"query is longer than {MaxTextLength:N0} characters");
        }
        double? rating = null;
        if (type == LiveEventTypes.Review)
        {
            var r = fields[LiveEventFields.Rating];
            if (!r.TryGetDouble(out var stars) || stars < 1 || stars > 5)
            {
                return Reject($"rating {r.GetRawText()} is not a number from 1 to 5");
            }
            rating = stars;
        }
        var text = Text(LiveEventFields.Text);
        if (text is not null && text.Length > MaxTextLength)
        {
            return Reject($"text is longer than {MaxTextLength:N0} characters");
        }
        return new LiveEventItem(eventId, new LiveEvent(eventId!, type, customer!, occurredAt, orderId, productId, quantity, unitPrice, query, rating, text), null);
    }

    /// <summary>A field of the wrong JSON type refuses the request: ids, type, timestamp, query and text are strings; quantity, unit_price and rating numbers.</summary>
    private static void CheckJsonType(string name, JsonElement value, int index, string at)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return;
        }
        var number = name is LiveEventFields.Quantity or LiveEventFields.UnitPrice or LiveEventFields.Rating;
        var expected = number ? JsonValueKind.Number : JsonValueKind.String;
        if (value.ValueKind != expected)
        {
            throw new LiveRequestException(400, $"Event {index}'s \"{name}\" is {Article(value.ValueKind)}; it must be {(number ? "a number" : "a string")}.", $"{at}/{name}");
        }
    }

    /// <summary>Why <paramref name="id"/> is not an id (missing, blank, past <see cref="MaxIdLength"/>, a control character, surrounding space), or null when it is one.</summary>
    public static string? IdProblem(string? id, string name)
    {
        if (id is null)
        {
            return $"{name} is missing";
        }
        if (id.Trim().Length == 0)
        {
            return $"{name} is blank";
        }
        if (id.Length > MaxIdLength)
        {
            return $"{name} is {id.Length:N0} characters long; ids are up to {MaxIdLength}";
        }
        if (id.Any(char.IsControl))
        {
            return $"{name} contains a control character";
        }
        if (id != id.Trim())
        {
            return $"{name} \"{Shown(id)}\" begins or ends with white space";
        }
        return null;
    }

    /// <summary>An ISO 8601 date and time: with an offset it is converted to UTC; without one it is taken as written (as files' times are).</summary>
    internal static bool TryTimestamp(string text, out DateTime value)
    {
        value = default;
        if (text.Length < 10 || text.Length > 40 || !char.IsAsciiDigit(text[0]))
        {
            return false;
        }
        if (DateTimeOffset.TryParseExact(text, OffsetFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset))
        {
            value = withOffset.UtcDateTime;
            return true;
        }
        if (DateTime.TryParseExact(text, LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            value = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
            return true;
        }
        return false;
    }

    private static readonly string[] OffsetFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd HH:mm:ssK", "yyyy-MM-dd HH:mm:ss.FFFFFFFK",
    ];

    private static readonly string[] LocalFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd",
    ];

    /// <summary>A value as shown in a message: at most 60 characters, control characters as '?'.</summary>
    private static string Shown(string value)
    {
        var cut = value.Length > 60 ? value[..60] + "…" : value;
        return string.Concat(cut.Select(c => char.IsControl(c) ? '?' : c));
    }

    private static string Article(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
