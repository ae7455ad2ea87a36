using System.Globalization;

namespace Clientele.Pipeline.Tests;

public sealed class BriefFactsBuilderTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("-0.00")]
    [InlineData("1234.5")]
    [InlineData("0.125")]
    [InlineData("-17.01")]
    [InlineData("2.1199999999999997")] // more than six decimals: customers.csv rounds it to 2.12
    [InlineData("9007199.254740993")] // a coefficient above 2^53
    [InlineData("79228162514264337593543950335")]
    public void Shown_Amount_SameAsParsingCustomersCsvText(string text)
    {
        var value = decimal.Parse(text, CultureInfo.InvariantCulture);
        var expected = double.Parse(CustomersCsv.Money(value), CultureInfo.InvariantCulture);
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(BriefFactsBuilder.Shown(value)));
    }

    [Fact]
    public void Shown_RandomAmounts_SameBitsAsParsingCustomersCsvText()
    {
        // The reference is the text path the briefs of exported files take: customers.csv's amount parsed back.
        var random = new Random(16);
        for (var i = 0; i < 200_000; i++)
        {
            var scale = (byte)random.Next(0, 9);
            var value = new decimal(random.Next(), random.Next(0, 1 << 22), 0, random.Next(2) == 0, scale);
            var expected = double.Parse(CustomersCsv.Money(value), CultureInfo.InvariantCulture);
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(BriefFactsBuilder.Shown(value)));
        }
    }

    [Theory]
    [InlineData(0.1234565)]
    [InlineData(0.9999996)]
    [InlineData(-0.0)]
    [InlineData(2.675)]
    [InlineData(1e300)] // longer than the buffer: through a string
    [InlineData(0.0000004)]
    public void Shown_Number_SameAsParsingCustomersCsvText(double value)
    {
        foreach (var (format, text) in new[] { ("0.######", CustomersCsv.Decimal6(value)), ("0.00", CustomersCsv.Cents(value)) })
        {
            var expected = double.Parse(text, CultureInfo.InvariantCulture);
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(BriefFactsBuilder.Shown(value, format)!.Value));
        }
        Assert.Null(BriefFactsBuilder.Shown(null, "0.00"));
    }

    [Fact]
    public void Shown_RandomNumbers_SameBitsAsParsingCustomersCsvText()
    {
        // The reference is customers.csv's text of a CLV (cents), a P(alive) or a churn risk (six decimals) parsed back:
        // probabilities, amounts over many magnitudes, and values a hair from a half of the last place shown.
        var random = new Random(16);
        for (var i = 0; i < 200_000; i++)
        {
            var probability = random.NextDouble();
            var amount = Math.Pow(10, (random.NextDouble() * 14) - 4);
            var half = ((random.Next(0, 1_000_000) + 0.5) / 1e6) + ((random.NextDouble() - 0.5) * 1e-15);
            var halfCent = ((random.Next(0, 10_000_000) + 0.5) / 100) + ((random.NextDouble() - 0.5) * 1e-9);
            foreach (var value in new[] { probability, amount, half, halfCent, -amount })
            {
                foreach (var (format, text) in new[] { ("0.######", CustomersCsv.Decimal6(value)), ("0.00", CustomersCsv.Cents(value)) })
                {
                    var expected = double.Parse(text, CultureInfo.InvariantCulture);
                    Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(BriefFactsBuilder.Shown(value, format)!.Value));
                }
            }
        }
    }
}
