using System.Globalization;
using Clientele.Data.Ingest;
using CsCheck;

namespace Clientele.Data.Tests;

public sealed class NumberReaderTests
{
    // Prices with 0-6 decimals up to a million: m / 10^k.
    private static readonly Gen<decimal> Prices = Gen.Select(Gen.Long[1, 999_999_999L], Gen.Int[0, 6]).Select((m, k) => m / (decimal)Math.Pow(10, k));

    [Fact]
    public void TryParseMoney_DoubleArithmeticOfTwoPrices_PropertyGivesTheExactSum()
    {
        // a + b in binary floating point prints as e.g. 7.950000000000001; the reader must give back a + b exactly,
        // whether the double's shortest round-trip text is clean or an artefact.
        var cents = Gen.Long[1, 99_999_999L].Select(c => c / 100m);
        Gen.Select(cents, cents).Sample((a, b) =>
        {
            var text = ((double)a + (double)b).ToString("R", CultureInfo.InvariantCulture);
            Assert.True(new NumberReader(null, null).TryParseMoney(text, out var value, out _, out var problem), problem);
            Assert.Equal(a + b, value);
        }, iter: 20_000);
    }

    [Theory]
    [InlineData("7.950000000000001", "7.95")]
    [InlineData("2.1199999999999997", "2.12")]
    [InlineData("0.30000000000000004", "0.3")]
    [InlineData("1234.5600000000002", "1234.56")]
    public void TryParseMoney_FloatArtefact_RoundedAndFlagged(string text, string expected)
    {
        Assert.True(new NumberReader(null, null).TryParseMoney(text, out var value, out var rounded, out _));
        Assert.True(rounded);
        Assert.Equal(decimal.Parse(expected, CultureInfo.InvariantCulture), value);
    }

    [Fact]
    public void TryParseMoney_GenuineSeventhDecimal_PropertyRejectedNotRounded()
    {
        // A price with a real 7th decimal (few significant digits) is not an artefact: the store cannot keep it.
        Gen.Select(Gen.Long[1, 99_999_999L], Gen.Int[1, 9]).Sample((m, last) =>
        {
            var value = ((m * 10) + last) / 10_000_000m;
            var text = value.ToString(CultureInfo.InvariantCulture);
            Assert.False(new NumberReader(null, null).TryParseMoney(text, out _, out _, out var problem));
            Assert.Contains("more than 6 decimal places", problem, StringComparison.Ordinal);
        }, iter: 5_000);
    }

    [Fact]
    public void TryParseMoney_GroupedAndDecimalComma_PropertyReadsTheSameValue()
    {
        // The process runs in invariant-globalization mode: the German and British conventions built by hand.
        var germany = new NumberFormatInfo { NumberDecimalSeparator = ",", NumberGroupSeparator = "." };
        var uk = new NumberFormatInfo { NumberDecimalSeparator = ".", NumberGroupSeparator = "," };
        Prices.Sample(p =>
        {
            var comma = new NumberReader(',', null);
            var point = new NumberReader('.', null);
            Assert.True(comma.TryParseMoney(p.ToString("#,0.######", germany) + " €", out var fromGerman, out _, out var problem1), problem1);
            Assert.True(point.TryParseMoney("£" + p.ToString("#,0.######", uk), out var fromBritish, out _, out var problem2), problem2);
            Assert.Equal(p, fromGerman);
            Assert.Equal(p, fromBritish);
        }, iter: 5_000);
    }

    [Theory]
    [InlineData("£1,234.50", null, "1234.50")]
    [InlineData("1.234,50 €", ',', "1234.50")]
    [InlineData("$3.00", null, "3")]
    [InlineData("-£3.00", null, "-3")]
    [InlineData("1 234,5", ',', "1234.5")]
    [InlineData("1,234", '.', "1234")] // --decimal . given: a comma is a thousands separator
    [InlineData("2.5500000", null, "2.55")] // trailing zeros are not decimals the store loses
    [InlineData("1.5e3", null, "1500")]
    public void TryParseMoney_WrittenAsPeopleDo_Parsed(string text, char? separator, string expected)
    {
        Assert.True(new NumberReader(separator, null).TryParseMoney(text, out var value, out _, out var problem), problem);
        Assert.Equal(decimal.Parse(expected, CultureInfo.InvariantCulture), value);
    }

    [Theory]
    [InlineData("2,55", "\"2,55\" has a decimal comma; give --decimal ,")]
    [InlineData("1,234", "\"1,234\" is ambiguous: a thousands separator or a decimal comma; give --decimal . or --decimal ,")]
    [InlineData("1,23,4.5", "\"1,23,4.5\" is not a number (',' is not a thousands separator here)")]
    [InlineData("£3 $", "\"£3 $\" has more than one currency symbol")]
    [InlineData("abc", "\"abc\" is not a number")]
    public void TryParseMoney_Unreadable_RejectedWithTheReason(string text, string expected)
    {
        Assert.False(new NumberReader(null, () => false).TryParseMoney(text, out _, out _, out var problem));
        Assert.Equal(expected, problem);
    }

    [Fact]
    public void TryParseMoney_DecimalCommaFile_DetectedOnceFromTheScan()
    {
        var scans = 0;
        var reader = new NumberReader(null, () =>
        {
            scans++;
            return NumberReader.ScanDecimalComma(["2,55", "3", "€ 10,5", ""]);
        });

        Assert.True(reader.TryParseMoney("2,55", out var first, out _, out _));
        Assert.True(reader.TryParseMoney("1,5", out var second, out _, out _));

        Assert.Equal(1, scans);
        Assert.Equal(',', reader.DecimalSeparator);
        Assert.Equal(2.55m, first);
        Assert.Equal(1.5m, second);
    }

    [Theory]
    [InlineData(new[] { "2,55", "3,10", "4" }, true)]
    [InlineData(new[] { "2,55", "3.10" }, false)] // a point anywhere: not a decimal-comma file
    [InlineData(new[] { "2,55", "1,095", "0,001" }, true)] // 1,095 alone could be thousands; beside 2,55 it is not
    [InlineData(new[] { "1,234", "5,678" }, false)] // three digits after every comma: could be thousands throughout
    [InlineData(new[] { "0,001" }, true)] // a thousands group never follows a lone zero
    [InlineData(new[] { "2,55", "1,234,567" }, false)] // two commas: thousands separators
    [InlineData(new[] { "2", "3" }, false)] // no comma at all: nothing to decide
    public void ScanDecimalComma_Values_DecidesOnlyWhenUnambiguous(string[] values, bool expected) =>
        Assert.Equal(expected, NumberReader.ScanDecimalComma(values));

    [Theory]
    [InlineData("6", 6)]
    [InlineData("-2", -2)]
    [InlineData("6.0", 6)] // pandas writes integer columns with gaps as floats
    public void TryParseWhole_Quantities_Read(string text, int expected)
    {
        Assert.True(new NumberReader(null, null).TryParseWhole(text, out var value, out _));
        Assert.Equal(expected, value);
    }

    [Fact]
    public void TryParseWhole_Fraction_Rejected()
    {
        Assert.False(new NumberReader(null, null).TryParseWhole("6.5", out _, out var problem));
        Assert.Equal("\"6.5\" is not a whole number", problem);
    }
}
