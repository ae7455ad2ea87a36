using System.Text.Json;

namespace Clientele.Data.Store;

/// <summary>
/// What the store held when a model was fitted: the files ingested and the rows they left, order and catalogue files
/// apart from behaviour events. A current model whose <see cref="StoreData"/> equals the store's now (<see cref="Same"/>),
/// for the same options and as-of date, is up to date (<c>clientele refresh</c> keeps it).
/// </summary>
/// <param name="Files">Order, product and review files (not events files).</param>
public sealed record StoreData(long Files, long OrderLines, long Customers, DateTime? LastOrder, long Products, long Reviews)
{
    /// <summary>Events files.</summary>
    public long EventFiles { get; init; }

    /// <summary>Behaviour events.</summary>
    public long Events { get; init; }

    /// <summary>The last behaviour event's time.</summary>
    public DateTime? LastEvent { get; init; }

    /// <summary>What the store holds now.</summary>
    /// <param name="store">The store.</param>
    /// <param name="summariesCurrent">
    /// Whether the caller knows the customer summaries to be current (one row for each customer with an order line):
    /// the customers are then counted from them, the same number, instead of by a distinct count over every order line
    /// (0.7 s at ten million lines, in every save of a model).
    /// </param>
    public static StoreData Read(ClienteleStore store, bool summariesCurrent = false)
    {
        ArgumentNullException.ThrowIfNull(store);
        var customers = summariesCurrent ? "SELECT count(*) FROM customer_summaries" : "SELECT count(DISTINCT customer_id) FROM order_lines";
        using var command = store.Command($"""
            SELECT (SELECT count(*) FROM source_files WHERE layout <> '{Ingest.EventIngestor.EventsLayout}'),
                   (SELECT count(*) FROM order_lines),
                   ({customers}),
                   (SELECT max(ordered_at) FROM order_lines),
                   (SELECT count(*) FROM products),
                   (SELECT count(*) FROM reviews),
                   (SELECT count(*) FROM source_files WHERE layout = '{Ingest.EventIngestor.EventsLayout}'),
                   (SELECT count(*) FROM events),
                   (SELECT max(occurred_at) FROM events)
            """);
        using var reader = command.ExecuteReader();
        reader.Read();
        return new StoreData(
            reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.IsDBNull(3) ? null : reader.GetDateTime(3), reader.GetInt64(4), reader.GetInt64(5))
        {
            EventFiles = reader.GetInt64(6),
            Events = reader.GetInt64(7),
            LastEvent = reader.IsDBNull(8) ? null : reader.GetDateTime(8),
        };
    }

    /// <summary>
    /// Whether a model fitted on <paramref name="fitted"/> saw the same data as the store holds now: the events count only
    /// for a model that reads them, so ingesting events leaves the others up to date.
    /// </summary>
    public bool Same(StoreData fitted, bool readsEvents)
    {
        ArgumentNullException.ThrowIfNull(fitted);
        return readsEvents ? fitted == this : fitted with { EventFiles = 0, Events = 0, LastEvent = null } == this with { EventFiles = 0, Events = 0, LastEvent = null };
    }

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static StoreData? FromJson(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<StoreData>(json, JsonOptions);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
}
