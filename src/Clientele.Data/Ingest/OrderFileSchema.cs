namespace Clientele.Data.Ingest;

/// <summary>The layout of an order file (the <c>--schema</c> option).</summary>
public enum OrderFileSchema
{
    /// <summary>Detect online-retail or cdnow from the file's first line.</summary>
    Auto,

    /// <summary>The UCI Online Retail columns: InvoiceNo, StockCode, Description, Quantity, InvoiceDate, UnitPrice, CustomerID, Country.</summary>
    OnlineRetail,

    /// <summary>CDNOW: whitespace-separated customer id, yyyymmdd date, number of CDs, dollar value (sample files: master id, sample id, then the same).</summary>
    Cdnow,

    /// <summary>Any CSV with a header, its columns named by <c>--map field=Column</c>.</summary>
    Generic,
}

/// <summary>The fields an order line can carry, as named in <c>--map field=Column</c>.</summary>
public static class OrderField
{
    public const string OrderId = "order_id";
    public const string CustomerId = "customer_id";
    public const string ProductId = "product_id";
    public const string Description = "description";
    public const string Quantity = "quantity";
    public const string UnitPrice = "unit_price";
    public const string Amount = "amount";
    public const string OrderedAt = "ordered_at";
    public const string Country = "country";

    public static readonly IReadOnlyList<string> All = [OrderId, CustomerId, ProductId, Description, Quantity, UnitPrice, Amount, OrderedAt, Country];
}
