using Clientele.Core;
using Clientele.Data.Store;

namespace Clientele.Features.Summaries;

/// <summary>The accepted order lines of a store read back as <see cref="OrderLine"/> values, in the order they were ingested (file, then line).</summary>
public static class StoredOrderLines
{
    public static IEnumerable<OrderLine> Read(ClienteleStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var command = store.Command("""
            SELECT order_id, customer_id, product_id, description, quantity, unit_price, amount, ordered_at, is_return, country
            FROM order_lines
            ORDER BY file_id, line_number
            """);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return new OrderLine(
                reader.GetString(0),
                reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetInt32(4),
                reader.IsDBNull(5) ? null : reader.GetDecimal(5),
                reader.GetDecimal(6),
                reader.GetDateTime(7),
                reader.GetBoolean(8),
                reader.IsDBNull(9) ? null : reader.GetString(9));
        }
    }
}
