using Clientele.Core;

namespace Clientele.Data.Ingest;

/// <summary>
/// Where each order field sits in a record of one file, and the layout's rules (how returns are marked,
/// whether a zero line value is a real transaction, date formats). Built once per file from its header.
/// </summary>
internal sealed record OrderLayout
{
    public required OrderFileSchema Schema { get; init; }

    /// <summary>Names of the record's columns, for rejects ("column UnitPrice").</summary>
    public required IReadOnlyList<string> ColumnNames { get; init; }

    public required int FieldCount { get; init; }

    public required int CustomerId { get; init; }

    public required int OrderedAt { get; init; }

    public int? OrderId { get; init; }

    public int? ProductId { get; init; }

    public int? Description { get; init; }

    public int? Quantity { get; init; }

    public int? UnitPrice { get; init; }

    public int? Amount { get; init; }

    public int? Country { get; init; }

    /// <summary>The first record is a header line, not data (CDNOW master has one, the sample not).</summary>
    public bool FirstRecordIsHeader { get; init; }

    /// <summary>Online Retail: an invoice number starting with C is a cancellation.</summary>
    public bool CancellationPrefix { get; init; }

    /// <summary>CDNOW ids are zero-padded to a fixed width: "00042" is customer 42.</summary>
    public bool StripZeroPadding { get; init; }

    /// <summary><c>--date-format</c> (a .NET format, <c>day-first</c> or <c>month-first</c>); null: decided by <see cref="DateReader"/>.</summary>
    public string? DateFormat { get; init; }

    /// <summary><c>--decimal</c>: '.' or ','; null: detected by <see cref="NumberReader"/>.</summary>
    public char? DecimalSeparator { get; init; }

    public static readonly IReadOnlyList<string> OnlineRetailColumns =
        ["InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID", "Country"];

    public static OrderLayout OnlineRetail(IReadOnlyList<string> header, string path)
    {
        var index = IndexColumns(header);
        var missing = OnlineRetailColumns.Where(c => !index.ContainsKey(c)).ToList();
        if (missing.Count > 0)
        {
            throw new ClienteleException(
                $"the header lacks column{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)} required by the online-retail layout (it has: {string.Join(", ", header)})",
                path,
                line: 1);
        }
        return new OrderLayout
        {
            Schema = OrderFileSchema.OnlineRetail,
            ColumnNames = header,
            FieldCount = header.Count,
            OrderId = index["InvoiceNo"],
            ProductId = index["StockCode"],
            Description = index["Description"],
            Quantity = index["Quantity"],
            OrderedAt = index["InvoiceDate"],
            UnitPrice = index["UnitPrice"],
            CustomerId = index["CustomerID"],
            Country = index["Country"],
            CancellationPrefix = true,
        };
    }

    /// <summary>CDNOW: 4 fields (master file) or 5 (sample file: master id, then the sample id that is the customer).</summary>
    public static OrderLayout Cdnow(int fieldCount, bool firstRecordIsHeader, string path)
    {
        if (fieldCount is not (4 or 5))
        {
            throw new ClienteleException(
                $"the cdnow layout has 4 fields (customer id, yyyymmdd date, number of CDs, dollar value) or 5 (master id first); the first line has {fieldCount}",
                path,
                line: 1);
        }
        var offset = fieldCount - 4;
        string[] names = fieldCount == 4
            ? ["customer_id", "date", "number_of_cds", "dollar_value"]
            : ["master_id", "sample_id", "date", "number_of_cds", "dollar_value"];
        return new OrderLayout
        {
            Schema = OrderFileSchema.Cdnow,
            ColumnNames = names,
            FieldCount = fieldCount,
            CustomerId = offset,
            OrderedAt = offset + 1,
            Quantity = offset + 2,
            Amount = offset + 3,
            FirstRecordIsHeader = firstRecordIsHeader,
            StripZeroPadding = true,
            DateFormat = "yyyyMMdd",
        };
    }

    /// <summary>Any header, mapped by <c>field=Column</c> pairs.</summary>
    public static OrderLayout Generic(IReadOnlyList<string> header, IReadOnlyDictionary<string, string> map, string path)
    {
        var unknown = map.Keys.Where(k => !OrderField.All.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new ClienteleException($"--map names unknown field(s) {string.Join(", ", unknown)}; the fields are {string.Join(", ", OrderField.All)}");
        }
        var index = IndexColumns(header);
        int? Find(string field)
        {
            if (!map.TryGetValue(field, out var column))
            {
                return null;
            }
            return index.TryGetValue(column, out var i)
                ? i
                : throw new ClienteleException($"--map {field}={column}: the header has no column {column} (it has: {string.Join(", ", header)})", path, line: 1);
        }
        var customer = Find(OrderField.CustomerId) ?? throw new ClienteleException("the generic layout needs --map customer_id=Column");
        var orderedAt = Find(OrderField.OrderedAt) ?? throw new ClienteleException("the generic layout needs --map ordered_at=Column");
        var unitPrice = Find(OrderField.UnitPrice);
        var amount = Find(OrderField.Amount);
        if (unitPrice is null && amount is null)
        {
            throw new ClienteleException("the generic layout needs --map unit_price=Column or --map amount=Column (the line value)");
        }
        return new OrderLayout
        {
            Schema = OrderFileSchema.Generic,
            ColumnNames = header,
            FieldCount = header.Count,
            CustomerId = customer,
            OrderedAt = orderedAt,
            OrderId = Find(OrderField.OrderId),
            ProductId = Find(OrderField.ProductId),
            Description = Find(OrderField.Description),
            Quantity = Find(OrderField.Quantity),
            UnitPrice = unitPrice,
            Amount = amount,
            Country = Find(OrderField.Country),
        };
    }

    /// <summary>True when the header names every online-retail column.</summary>
    public static bool LooksLikeOnlineRetail(IReadOnlyList<string> header)
    {
        var index = IndexColumns(header);
        return OnlineRetailColumns.All(index.ContainsKey);
    }

    /// <summary>Column name → index, names matched by <see cref="ColumnNameComparer"/> (the first of equal names wins).</summary>
    internal static Dictionary<string, int> IndexColumns(IReadOnlyList<string> header)
    {
        var index = new Dictionary<string, int>(ColumnNameComparer.Instance);
        for (var i = 0; i < header.Count; i++)
        {
            index.TryAdd(header[i].Trim(), i);
        }
        return index;
    }
}
