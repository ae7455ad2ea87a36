using System.Text.Json;

namespace Clientele.Core.Tests;

public sealed class ExactDecimalJsonConverterTests
{
    private static readonly JsonSerializerOptions Options = new() { Converters = { new ExactDecimalJsonConverter() } };

    [Theory]
    [InlineData("70976.390000", "70976.39")] // a sum of PostgreSQL's numeric(24, 6); DuckDB's reader gives 70976.39
    [InlineData("12.000000", "12")]
    [InlineData("-5.500", "-5.5")]
    [InlineData("0.000000", "0")]
    [InlineData("0.000001", "0.000001")]
    [InlineData("79228162514264337593543950335", "79228162514264337593543950335")] // decimal.MaxValue, scale 0
    public void Write_TrailingZerosOfTheScale_Dropped(string value, string expected)
    {
        var amount = decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(expected, JsonSerializer.Serialize(amount, Options));
        Assert.Equal($"{{\"Amount\":{expected}}}", JsonSerializer.Serialize(new { Amount = (decimal?)amount }, Options));
        Assert.Equal(amount, JsonSerializer.Deserialize<decimal>(expected, Options));
    }
}
