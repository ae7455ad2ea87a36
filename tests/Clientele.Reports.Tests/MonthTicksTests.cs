namespace Clientele.Reports.Tests;

public sealed class MonthTicksTests
{
    private static DateOnly[] Months(DateOnly first, int count) => Enumerable.Range(0, count).Select(first.AddMonths).ToArray();

    [Fact]
    public void MonthTicks_ThirteenMonths_EveryMonthLabelledWithoutYear()
    {
        // Online Retail: Dec 2010 – Dec 2011, every month fits (the years are in the axis label).
        var (indices, labels) = Charts.MonthTicks(Months(new DateOnly(2010, 12, 1), 13), Charts.MonthAxisWidth);

        Assert.Equal(Enumerable.Range(0, 13), indices);
        Assert.Equal("Dec", labels[0]);
        Assert.Equal("Jan", labels[1]);
    }

    [Fact]
    public void MonthTicks_TwoYears_FewerLabelsOnCalendarMonthsWithTheirYear()
    {
        // Olist: Sep 2016 – Aug 2018. Every third month ("Sep 2016" ...) overlapped here (issue 13).
        var months = Months(new DateOnly(2016, 9, 1), 24);

        var (indices, labels) = Charts.MonthTicks(months, Charts.MonthAxisWidth);

        Assert.True(labels.Length <= 6, string.Join(", ", labels));
        var step = indices[1] - indices[0];
        Assert.True(step > 3, string.Join(", ", labels));
        Assert.All(indices.Zip(indices.Skip(1)), p => Assert.Equal(step, p.Second - p.First));
        Assert.All(indices, i => Assert.Equal(0, (months[i].Month - 1) % step)); // Jan, May, Sep or Jan, Jul: on the calendar
        Assert.All(labels, l => Assert.Matches(@"^[A-Z][a-z]{2} 20\d\d$", l));
    }

    [Fact]
    public void MonthTicks_UpToTenYears_LabelsNeverCloserThanTheirWidth()
    {
        using var typeface = SkiaSharp.SKTypeface.FromFamilyName(ChartStyle.FontFamily);
        using var font = new SkiaSharp.SKFont(typeface, ChartStyle.TickFontSize);
        for (var count = 1; count <= 120; count++)
        {
            var (indices, labels) = Charts.MonthTicks(Months(new DateOnly(2015, 5, 1), count), Charts.MonthAxisWidth);

            Assert.NotEmpty(labels);
            var slot = Charts.MonthAxisWidth / count;
            var widest = labels.Max(l => font.MeasureText(l));
            Assert.All(indices.Zip(indices.Skip(1)), p => Assert.True((p.Second - p.First) * slot >= widest, $"{count} months: {string.Join(", ", labels)}"));
        }
    }

    [Fact]
    public void MonthTicks_NoMonths_NoTicks()
    {
        var (indices, labels) = Charts.MonthTicks([], Charts.MonthAxisWidth);

        Assert.Empty(indices);
        Assert.Empty(labels);
    }
}
