namespace Clientele.Data.Store;

/// <summary>
/// The one name a person sees for a product: its title, else the description its order lines carried, else its
/// category with a short id ("cama mesa banho · 57c9…"), else "product 57c9…". Never empty, never a bare 32-character
/// hex id, so briefs, reports, recommendations and campaign payloads all read the same and never say "" .
/// </summary>
public static class ProductNames
{
    /// <summary>Ids longer than this are shortened to their first <see cref="ShortIdLength"/> characters and an ellipsis.</summary>
    public const int LongIdLength = 12;

    /// <summary>How much of a long id is shown.</summary>
    public const int ShortIdLength = 4;

    /// <summary>The display name of every product in the store, by product id.</summary>
    public static IReadOnlyDictionary<string, string> Load(ClienteleStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var command = store.Command(
            $"""
            SELECT product_id,
                   CASE WHEN length(product_id) > {LongIdLength} THEN left(product_id, {ShortIdLength}) || '…' ELSE product_id END AS short_id,
                   coalesce(nullif(trim(title), ''), nullif(trim(description), '')) AS name,
                   nullif(trim(replace(category, '_', ' ')), '') AS category
            FROM product_catalogue
            """);
        using var reader = command.ExecuteReader();
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            var shortId = reader.GetString(1);
            result[reader.GetString(0)] = !reader.IsDBNull(2)
                ? reader.GetString(2)
                : !reader.IsDBNull(3) ? $"{reader.GetString(3)} · {shortId}" : $"product {shortId}";
        }
        return result;
    }

    /// <summary>The display name of a product the store does not know (or when no catalogue was read).</summary>
    public static string Fallback(string productId)
    {
        ArgumentNullException.ThrowIfNull(productId);
        return "product " + (productId.Length > LongIdLength ? productId[..ShortIdLength] + "…" : productId);
    }
}
