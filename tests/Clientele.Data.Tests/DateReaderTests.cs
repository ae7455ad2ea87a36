using System.Globalization;
using Clientele.Core;
using Clientele.Data.Ingest;
using CsCheck;

namespace Clientele.Data.Tests;

public sealed class DateReaderTests
{
    // Whole seconds from 1970 to 2099: the range of shop data.
    private static readonly Gen<DateTime> Instants = Gen.Long[0, 4_102_444_799L].Select(s => DateTime.UnixEpoch.AddSeconds(s));

    [Fact]
    public void TryParse_DayFirstText_PropertyReadsBackTheSameInstant()
    {
        Instants.Sample(t =>
        {
            var reader = new DateReader("day-first", scan: null);
            Assert.True(reader.TryParse(t.ToString("dd/MM/yyyy HH:mm:ss", CultureInfo.InvariantCulture), 2, out var value, out var problem), problem);
            Assert.Equal(DateTime.SpecifyKind(t, DateTimeKind.Unspecified), value);
        }, iter: 2_000);
    }

    [Fact]
    public void TryParse_MonthFirstTextWithAmPm_PropertyReadsBackTheSameInstant()
    {
        Instants.Sample(t =>
        {
            var reader = new DateReader("month-first", scan: null);
            Assert.True(reader.TryParse(t.ToString("M/d/yyyy h:mm:ss tt", CultureInfo.InvariantCulture), 2, out var value, out var problem), problem);
            Assert.Equal(DateTime.SpecifyKind(t, DateTimeKind.Unspecified), value);
        }, iter: 2_000);
    }

    [Fact]
    public void TryParse_IsoWithOffsetOrZ_PropertyStoredAsUtc()
    {
        var offsets = Gen.Int[-14 * 4, 14 * 4].Select(q => TimeSpan.FromMinutes(q * 15));
        Gen.Select(Instants, offsets, Gen.Int[0, 999], Gen.Bool).Sample((t, offset, ms, z) =>
        {
            var local = new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Unspecified).AddMilliseconds(ms), offset);
            var text = z
                ? local.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)
                : local.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);
            Assert.True(new DateReader(null, scan: null).TryParse(text, 2, out var value, out var problem), problem);
            Assert.Equal(local.UtcDateTime.Ticks, value.Ticks);
            Assert.Equal(DateTimeKind.Unspecified, value.Kind);
        }, iter: 2_000);
    }

    [Fact]
    public void TryParse_UnixSecondsAndMilliseconds_PropertyReadAsUtc()
    {
        // 9-10 digits are seconds (1973-2286), 12-13 are milliseconds (2001-2286): from 1973-03-03 on, so 9+ digits.
        Gen.Select(Gen.Long[100_000_000L, 4_102_444_799L], Gen.Int[0, 999]).Sample((seconds, ms) =>
        {
            var reader = new DateReader(null, scan: null);
            Assert.True(reader.TryParse(seconds.ToString(CultureInfo.InvariantCulture), 2, out var fromSeconds, out _));
            Assert.Equal(DateTime.UnixEpoch.AddSeconds(seconds).Ticks, fromSeconds.Ticks);
            if (seconds >= 1_000_000_000L)
            {
                var milliseconds = (seconds * 1000) + ms;
                Assert.True(reader.TryParse(milliseconds.ToString(CultureInfo.InvariantCulture), 2, out var fromMs, out _));
                Assert.Equal(DateTime.UnixEpoch.AddMilliseconds(milliseconds).Ticks, fromMs.Ticks);
            }
        }, iter: 2_000);
    }

    [Theory]
    [InlineData("2010-12-01T08:26:00Z", "2010-12-01 08:26:00")]
    [InlineData("2010-12-01T08:26:00+01:00", "2010-12-01 07:26:00")]
    [InlineData("2010-12-01 08:26:00-0500", "2010-12-01 13:26:00")]
    [InlineData("2010-12-01 08:26:00+01", "2010-12-01 07:26:00")] // PostgreSQL's text form
    [InlineData("2010-12-01 08:26:00.5", "2010-12-01 08:26:00.5")]
    [InlineData("20101201", "2010-12-01 00:00:00")]
    [InlineData("1291191960", "2010-12-01 08:26:00")] // date -u -d @1291191960
    [InlineData("1291191960000", "2010-12-01 08:26:00")]
    [InlineData("1291191960.25", "2010-12-01 08:26:00.25")]
    [InlineData("13/12/2010 08:26", "2010-12-13 08:26:00")] // the first number above 12: day-first, whatever the file
    public void TryParse_UnambiguousForms_ReadWithoutAnyOrder(string text, string expected)
    {
        Assert.True(new DateReader(null, scan: null).TryParse(text, 2, out var value, out var problem), problem);
        Assert.Equal(DateTime.Parse(expected, CultureInfo.InvariantCulture), value);
    }

    [Fact]
    public void TryParse_AmbiguousDateAfterADecidingOne_ReadInTheFileOrderAndContradictionRejected()
    {
        var reader = new DateReader(null, scan: null);
        Assert.True(reader.TryParse("13/12/2010 08:26", 2, out _, out _));
        Assert.True(reader.TryParse("01/12/2010 08:26", 3, out var first, out _));
        Assert.False(reader.TryParse("12/13/2010 08:26", 4, out _, out var problem));

        Assert.Equal(DateOrder.DayFirst, reader.Order);
        Assert.Equal(new DateTime(2010, 12, 1, 8, 26, 0), first);
        Assert.Equal("\"12/13/2010 08:26\" is not a day-first date (this file's dates are day-first: line 2 has \"13/12/2010 08:26\"); give --date-format", problem);
    }

    [Fact]
    public void TryParse_AmbiguousDateFirst_ScansTheFileForTheOrder()
    {
        var scans = 0;
        var reader = new DateReader(null, () =>
        {
            scans++;
            return DateReader.ScanOrder([(2, "01/12/2010 08:26"), (3, "not a date"), (4, "12/25/2010 10:00"), (5, "13/01/2011 09:00")]);
        });

        Assert.True(reader.TryParse("01/12/2010 08:26", 2, out var value, out _));
        Assert.True(reader.TryParse("02/12/2010 08:26", 3, out var next, out _));

        Assert.Equal(1, scans); // once per file, not per line
        Assert.Equal(new DateTime(2010, 1, 12, 8, 26, 0), value); // line 4 (12/25) decided: month-first
        Assert.Equal(new DateTime(2010, 2, 12, 8, 26, 0), next);
    }

    [Fact]
    public void TryParse_OnlyAmbiguousDatesInTheFile_StopsNamingDateFormat()
    {
        var reader = new DateReader(null, () => DateReader.ScanOrder([(2, "01/12/2010"), (3, "05/06/2010")]), "shop.csv");

        var error = Assert.Throws<ClienteleException>(() => reader.TryParse("01/12/2010", 2, out _, out _));

        Assert.StartsWith("shop.csv, line 2: dates like \"01/12/2010\" could be day-first or month-first", error.Message, StringComparison.Ordinal);
        Assert.Contains("--date-format day-first", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_SameDayAndMonth_NeedsNoOrder()
    {
        var reader = new DateReader(null, () => throw new InvalidOperationException("no scan expected"));
        Assert.True(reader.TryParse("05/05/2011 10:00", 2, out var value, out _));
        Assert.Equal(new DateTime(2011, 5, 5, 10, 0, 0), value);
    }

    [Fact]
    public void TryParse_NetFormatDayFirst_AlsoReadsOtherTimeShapesDayFirst()
    {
        var reader = new DateReader("dd/MM/yyyy HH:mm", scan: null);
        Assert.True(reader.TryParse("01/12/2010 08:26", 2, out var exact, out _));
        Assert.True(reader.TryParse("01/12/2010 08:26:30", 3, out var withSeconds, out _));
        Assert.Equal(new DateTime(2010, 12, 1, 8, 26, 0), exact);
        Assert.Equal(new DateTime(2010, 12, 1, 8, 26, 30), withSeconds);
    }

    [Theory]
    [InlineData("31/02/2011")]
    [InlineData("2011-13-01")]
    [InlineData("12345678901")] // 11 digits: neither seconds nor milliseconds of a plausible date
    [InlineData("yesterday")]
    [InlineData("")]
    public void TryParse_NotADate_RejectedWithTheText(string text)
    {
        Assert.False(new DateReader("day-first", scan: null).TryParse(text, 2, out _, out var problem));
        Assert.Contains(text.Length == 0 ? "empty" : text, problem, StringComparison.Ordinal);
    }
}
