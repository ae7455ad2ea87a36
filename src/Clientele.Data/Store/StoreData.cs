using System.Text.Json;

namespace Clientele.Data.Store;

/// <summary>
/// What the store held when a model was fitted: the files ingested and the rows they left. A current model whose
/// <see cref="StoreData"/> equals the store's now, for the same options and as-of date, is up to date
/// (<c>clientele refresh</c> keeps it).
/// </summary>
public sealed record StoreData(long Files, long OrderLines, long Customers, DateTime? LastOrder, long Products, long Reviews)
{
    public static StoreData Read(ClienteleStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var command = store.Command("""
            SELECT (SELECT count(*) FROM source_files),
                   (SELECT count(*) FROM order_lines),
                   (SELECT count(DISTINCT customer_id) FROM order_lines),
                   (SELECT max(ordered_at) FROM order_lines),
                   (SELECT count(*) FROM products),
                   (SELECT count(*) FROM reviews)
            """);
        using var reader = command.ExecuteReader();
        reader.Read();
        return new StoreData(
            reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.IsDBNull(3) ? null : reader.GetDateTime(3), reader.GetInt64(4), reader.GetInt64(5));
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
