using System.Text.Json;
using System.Text.Json.Serialization;

namespace Clientele.Core;

/// <summary>
/// Writes a decimal at its smallest scale: 4549.4, not 4549.400000. Amounts read from PostgreSQL keep their numeric
/// column's scale (sums of numeric(24, 6) have six places) where DuckDB's reader gives the smallest, and a number must
/// read the same from either store.
/// </summary>
public sealed class ExactDecimalJsonConverter : JsonConverter<decimal>
{
    /// <summary>The same value at its smallest scale (4549.400000 → 4549.4; 12.000000 → 12).</summary>
    public static decimal SmallestScale(decimal value) => value / 1.000000000000000000000000000000000m;

    public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDecimal();

    public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumberValue(SmallestScale(value));
    }
}
