using Clientele.Core;
using Clientele.Tests;

namespace Clientele.Pipeline.Tests;

/// <summary>customers.csv is read by Data's CSV reader: a quoted field may hold the delimiter and line breaks (RFC 4180).</summary>
public sealed class CustomerTableTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Read_QuotedLabelWithCommaAndNewline_OneRowPerCustomer()
    {
        var file = _folder.Write("customers.csv", "customer_id,cluster,cluster_label\n12346,1,\"high value, recent\nfrequent\"\n12347,2,low value\n");

        var table = CustomerTable.Read(file);

        Assert.Equal(["12346", "12347"], table.CustomerIds);
        Assert.Equal("high value, recent\nfrequent", table.Value("12346", "cluster_label"));
        Assert.Equal("low value", table.Value("12347", "cluster_label"));
    }

    [Fact]
    public void Read_CustomerTwiceAfterAFieldOverTwoLines_ErrorNamesTheLineTheRowStartsOn()
    {
        // Lines: 1 header, 2–3 customer 12346, 4 customer 12347, 5 customer 12346 again.
        var file = _folder.Write("customers.csv", "customer_id,cluster,cluster_label\n12346,1,\"high value, recent\nfrequent\"\n12347,2,low value\n12346,2,low value\n");

        var error = Assert.Throws<ClienteleException>(() => CustomerTable.Read(file));

        Assert.Contains("line 5", error.Message, StringComparison.Ordinal);
        Assert.Contains("customer 12346 appears twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteThenRead_ColumnWithCommasQuotesAndNewlines_SameTable()
    {
        var file = _folder.Write("customers.csv", "customer_id,cluster\n12346,1\n12347,2\n");
        var table = CustomerTable.Read(file);
        table.SetColumn("note", id => id == "12346" ? "said \"hi\",\r\nthen left" : "");

        table.Write(file);
        var again = CustomerTable.Read(file);

        Assert.Equal(["customer_id", "cluster", "note"], again.Columns);
        Assert.Equal("said \"hi\",\r\nthen left", again.Value("12346", "note"));
        Assert.Equal("", again.Value("12347", "note"));
    }
}
