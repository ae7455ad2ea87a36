using Clientele.Data.Ingest;

namespace Clientele.Data.Tests;

public sealed class OrderLineParserTests
{
    private static readonly string[] Header = ["InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID", "Country"];

    private static OrderLineParser CreateSut() => new(OrderLayout.OnlineRetail(Header, "test.csv") with { DateFormat = "month-first" }, fileId: 7);

    [Theory]
    [InlineData("2010-12-01 08:26:00")]
    [InlineData("12/1/2010 8:26")] // the original UCI spreadsheet export writes dates like this
    [InlineData("2010-12-01T08:26:00")]
    public void TryParse_DateFormats_AllReadAsTheSameInstant(string date)
    {
        Assert.True(CreateSut().TryParse(["536365", "85123A", "HEART", "6", date, "2.55", "17850", "United Kingdom"], 2, out var line, out _));
        Assert.Equal(new DateTime(2010, 12, 1, 8, 26, 0), line.OrderedAt);
        Assert.Equal(15.30m, line.Amount); // 6 × 2.55, exact in decimal
        Assert.False(line.IsReturn);
    }

    [Fact]
    public void TryParse_CancellationInvoice_IsReturnWithNegativeValue()
    {
        Assert.True(CreateSut().TryParse(["C536379", "D", "Discount", "-1", "2010-12-01 09:41:00", "27.50", "14527", "United Kingdom"], 2, out var line, out _));
        Assert.True(line.IsReturn);
        Assert.Equal(-27.50m, line.Amount);
    }

    [Fact]
    public void TryParse_SpreadsheetCustomerId_DropsTrailingPointZero()
    {
        Assert.True(CreateSut().TryParse(["536365", "85123A", "HEART", "6", "2010-12-01 08:26:00", "2.55", "17850.0", "United Kingdom"], 2, out var line, out _));
        Assert.Equal("17850", line.CustomerId);
    }

    [Theory]
    [InlineData("", "abc", "missing_customer_id", "CustomerID")] // missing id wins over a bad number: it is checked first
    [InlineData("17850", "abc", "unparsable_number", "Quantity")]
    [InlineData("17850", "0", "zero_quantity", "Quantity")]
    public void TryParse_Problems_RejectedForTheFirstInPrecedence(string customer, string quantity, string code, string column)
    {
        Assert.False(CreateSut().TryParse(["536365", "85123A", "HEART", quantity, "2010-12-01 08:26:00", "2.55", customer, "United Kingdom"], 2, out _, out var rejection));
        Assert.Equal(code, rejection.Reason.Code);
        Assert.Equal(column, rejection.Column);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-11062.06")] // the two "Adjust bad debt" rows A563186/A563187 have this price
    public void TryParse_NonPositivePrice_Rejected(string price)
    {
        Assert.False(CreateSut().TryParse(["A563186", "B", "Adjust bad debt", "1", "2011-08-12 14:51:00", price, "17850", "United Kingdom"], 2, out _, out var rejection));
        Assert.Equal(RejectReason.NonPositivePrice, rejection.Reason);
    }

    [Fact]
    public void TryParse_PriceWithTooManyDecimals_RejectedRatherThanRounded()
    {
        Assert.False(CreateSut().TryParse(["1", "X", "", "1", "2010-12-01 08:26:00", "0.1234567", "1", ""], 2, out _, out var rejection));
        Assert.Equal(RejectReason.UnparsableNumber, rejection.Reason);
        Assert.Contains("decimal places", rejection.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_WrongFieldCount_Rejected()
    {
        Assert.False(CreateSut().TryParse(["536365", "85123A"], 2, out _, out var rejection));
        Assert.Equal(RejectReason.WrongFieldCount, rejection.Reason);
        Assert.Equal("expected 8 fields, found 2", rejection.Detail);
    }

    [Fact]
    public void TryParse_CdnowSampleLine_SampleIdIsTheCustomerAndZeroValueIsKept()
    {
        var parser = new OrderLineParser(OrderLayout.Cdnow(5, firstRecordIsHeader: false, "CDNOW_sample.txt"), fileId: 3);
        // From CDNOW_sample.txt: master id 00004, sample id 0001.
        Assert.True(parser.TryParse(["00004", "0001", "19970101", "2", "29.33"], 1, out var line, out _));
        Assert.Equal("1", line.CustomerId);
        Assert.Equal("3:1", line.OrderId); // no order ids in CDNOW: each line is its own transaction
        Assert.Equal(29.33m, line.Amount);
        Assert.Null(line.UnitPrice);
        Assert.True(parser.TryParse(["00004", "0001", "19970102", "1", "0.00"], 2, out var free, out _));
        Assert.Equal(0m, free.Amount);
    }
}
