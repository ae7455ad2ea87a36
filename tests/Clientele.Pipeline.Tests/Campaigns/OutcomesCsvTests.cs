using Clientele.Core;
using Clientele.Marketing.Statistics;
using Clientele.Pipeline.Campaigns;
using Clientele.Tests;

namespace Clientele.Pipeline.Tests.Campaigns;

/// <summary>outcomes.csv is read by Data's CSV reader: a quoted field may hold the delimiter and line breaks (RFC 4180).</summary>
public sealed class OutcomesCsvTests : IDisposable
{
    private const string Header = "customer_id,arm,converted,revenue,pre_revenue,segment\n";

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Read_QuotedSegmentWithCommaAndNewline_OneOutcomeWithTheWholeSegment()
    {
        var file = _folder.Write("outcomes.csv", Header + "1,control,1,12.50,3,\"At Risk, lapsed\nsince 2011\"\n2,coupon,0,0,,Champions\n");

        var outcomes = OutcomesCsv.Read(file);

        Assert.Equal(
            [new Outcome("1", "control", true, 12.5, 3, "At Risk, lapsed\nsince 2011"), new Outcome("2", "coupon", false, 0, null, "Champions")],
            outcomes);
    }

    [Fact]
    public void Read_BadRowAfterAFieldOverTwoLines_ErrorNamesTheLineTheRowStartsOn()
    {
        // Lines: 1 header, 2–3 customer 1 (the segment spans both), 4 customer 2, 5 the bad row.
        var file = _folder.Write("outcomes.csv", Header + "1,control,1,12.50,,\"At Risk, lapsed\nsince 2011\"\n2,coupon,0,0,,Champions\n3,coupon,maybe,0,,Champions\n");

        var error = Assert.Throws<ClienteleException>(() => OutcomesCsv.Read(file));

        Assert.Contains("line 5", error.Message, StringComparison.Ordinal);
        Assert.Contains("converted is \"maybe\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_QuoteNeverClosed_ErrorNamesTheLineItOpensOn()
    {
        var file = _folder.Write("outcomes.csv", Header + "1,control,1,12.50,,Champions\n2,coupon,0,0,,\"At Risk\n");

        var error = Assert.Throws<ClienteleException>(() => OutcomesCsv.Read(file));

        Assert.Contains("line 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("never closed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteThenRead_SegmentsWithCommasQuotesAndNewlines_SameOutcomes()
    {
        Outcome[] written =
        [
            new("1", "control", true, 12.5, 3.25, "At Risk, lapsed\r\nsince \"2011\""),
            new("2", "coupon", false, 0, null, null),
            new("3", "coupon", true, 7, 0, "Champions"),
        ];
        var file = _folder.File("outcomes.csv");

        OutcomesCsv.Write(file, written);

        Assert.Equal(written, OutcomesCsv.Read(file));
    }
}
