using Clientele.Data.Ingest;
using CsCheck;

namespace Clientele.Data.Tests;

public sealed class ColumnNameComparerTests
{
    [Theory]
    [InlineData("Customer ID", "CustomerID")]
    [InlineData("customer_id", "CustomerID")]
    [InlineData("Unit Price", "UnitPrice")]
    [InlineData("invoice-date", "InvoiceDate")]
    [InlineData(" STOCK_CODE ", "StockCode")]
    public void Equals_NamesAsPeopleWriteThem_Match(string written, string expected) =>
        Assert.True(ColumnNameComparer.Instance.Equals(written, expected));

    [Theory]
    [InlineData("CustomerIDs", "CustomerID")]
    [InlineData("Price", "UnitPrice")]
    public void Equals_OtherNames_DoNotMatch(string written, string expected) =>
        Assert.False(ColumnNameComparer.Instance.Equals(written, expected));

    [Fact]
    public void Equals_RandomNames_PropertyAgreesWithTheKeyAndTheHash()
    {
        var names = Gen.String[Gen.Char["aAbB _-."], 0, 6];
        Gen.Select(names, names).Sample((x, y) =>
        {
            var equal = ColumnNameComparer.Instance.Equals(x, y);
            Assert.Equal(ColumnNameComparer.Key(x) == ColumnNameComparer.Key(y), equal);
            if (equal)
            {
                Assert.Equal(ColumnNameComparer.Instance.GetHashCode(x), ColumnNameComparer.Instance.GetHashCode(y));
            }
        }, iter: 20_000);
    }

    [Fact]
    public void OnlineRetail_HeaderWithSpacesAndUnderscores_Recognised()
    {
        string[] header = ["Invoice No", "Stock Code", "Description", "Quantity", "Invoice Date", "Unit Price", "Customer ID", "Country"];
        Assert.True(OrderLayout.LooksLikeOnlineRetail(header));
        Assert.Equal(6, OrderLayout.OnlineRetail(header, "x.csv").CustomerId);
    }
}
