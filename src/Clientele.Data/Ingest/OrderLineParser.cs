using System.Globalization;
using Clientele.Core;

namespace Clientele.Data.Ingest;

/// <summary>
/// Turns one record into an <see cref="OrderLine"/> or a <see cref="Rejection"/>, checking problems in
/// <see cref="RejectReason.Precedence"/> order. Duplicates are the ingestor's concern (they need the file's history).
/// </summary>
internal sealed class OrderLineParser(OrderLayout layout, int fileId)
{
    /// <summary>Prices carry at most this many decimals; more would be rounded by the store, so they are rejected.</summary>
    public const int MaximumPriceDecimals = 6;

    private const NumberStyles DecimalStyle = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite;

    private readonly string[] _dateFormats = [.. layout.DateFormats];

    // Numbers and the date, in the file's column order so that the first bad column is the one reported.
    private readonly int[] _parsedColumns = new int?[] { layout.Quantity, layout.OrderedAt, layout.UnitPrice, layout.Amount }.OfType<int>().Order().ToArray();

    public bool TryParse(IReadOnlyList<string> fields, long lineNumber, out OrderLine line, out Rejection rejection)
    {
        line = default;
        rejection = default;
        if (fields.Count != layout.FieldCount)
        {
            rejection = new Rejection(RejectReason.WrongFieldCount, null, $"expected {layout.FieldCount} fields, found {fields.Count}");
            return false;
        }

        var customerId = NormaliseCustomerId(fields[layout.CustomerId]);
        if (customerId.Length == 0)
        {
            rejection = new Rejection(RejectReason.MissingCustomerId, Name(layout.CustomerId), "empty");
            return false;
        }

        var quantity = 1;
        decimal? unitPrice = null;
        decimal? amount = null;
        DateTime orderedAt = default;
        foreach (var column in _parsedColumns)
        {
            var text = fields[column].Trim();
            if (column == layout.OrderedAt)
            {
                if (!DateTime.TryParseExact(text, _dateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out orderedAt))
                {
                    rejection = new Rejection(RejectReason.UnparsableDate, Name(column), Describe(text));
                    return false;
                }
            }
            else if (column == layout.Quantity)
            {
                if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out quantity))
                {
                    rejection = new Rejection(RejectReason.UnparsableNumber, Name(column), Describe(text) + " is not a whole number");
                    return false;
                }
            }
            else
            {
                if (!TryParseDecimal(text, Name(column), out var value, out rejection))
                {
                    return false;
                }
                if (column == layout.UnitPrice)
                {
                    unitPrice = value;
                }
                else
                {
                    amount = value;
                }
            }
        }

        if (quantity == 0)
        {
            rejection = new Rejection(RejectReason.ZeroQuantity, Name(layout.Quantity), "0");
            return false;
        }
        if (unitPrice <= 0m)
        {
            rejection = new Rejection(RejectReason.NonPositivePrice, Name(layout.UnitPrice), unitPrice.Value.ToString(CultureInfo.InvariantCulture));
            return false;
        }

        var orderId = layout.OrderId is { } o ? fields[o].Trim() : null;
        var isReturn = quantity < 0
            || (layout.CancellationPrefix && orderId is not null && orderId.StartsWith('C'))
            || (unitPrice is null && amount < 0m && layout.Schema == OrderFileSchema.Generic);
        if (layout.Schema == OrderFileSchema.Cdnow && amount < 0m)
        {
            rejection = new Rejection(RejectReason.NegativeValue, Name(layout.Amount), amount.Value.ToString(CultureInfo.InvariantCulture));
            return false;
        }

        // The line value: the source's own when it gives one, else quantity × price. Returns count against the customer.
        var lineValue = amount ?? (quantity * unitPrice!.Value);
        if (isReturn && lineValue > 0m)
        {
            lineValue = -lineValue;
        }

        line = new OrderLine(
            OrderId: string.IsNullOrEmpty(orderId) ? $"{fileId}:{lineNumber}" : orderId,
            CustomerId: customerId,
            ProductId: Optional(fields, layout.ProductId),
            Description: Optional(fields, layout.Description),
            Quantity: quantity,
            UnitPrice: unitPrice,
            Amount: lineValue,
            OrderedAt: orderedAt,
            IsReturn: isReturn,
            Country: Optional(fields, layout.Country));
        return true;
    }

    /// <summary>
    /// A money value: a decimal with at most <see cref="MaximumPriceDecimals"/> places (more would be rounded by the
    /// store, so they are rejected rather than changed).
    /// </summary>
    internal static bool TryParseDecimal(string text, string? column, out decimal value, out Rejection rejection)
    {
        rejection = default;
        if (!decimal.TryParse(text, DecimalStyle, CultureInfo.InvariantCulture, out value))
        {
            rejection = new Rejection(RejectReason.UnparsableNumber, column, Describe(text) + " is not a number");
            return false;
        }
        if (value.Scale > MaximumPriceDecimals)
        {
            rejection = new Rejection(RejectReason.UnparsableNumber, column, $"{text} has more than {MaximumPriceDecimals} decimal places");
            return false;
        }
        return true;
    }

    private string NormaliseCustomerId(string raw) => NormaliseCustomerId(raw, layout.StripZeroPadding);

    /// <summary>A customer id as the store keeps it: trimmed, a spreadsheet's "17850.0" read as 17850, and (for CDNOW) without zero padding.</summary>
    internal static string NormaliseCustomerId(string raw, bool stripZeroPadding)
    {
        var id = raw.Trim();
        // Spreadsheet exports write numeric ids as 17850.0; the id is 17850.
        if (id.EndsWith(".0", StringComparison.Ordinal) && id.Length > 2 && id.AsSpan(0, id.Length - 2).IndexOfAnyExceptInRange('0', '9') < 0)
        {
            id = id[..^2];
        }
        if (stripZeroPadding && id.Length > 1 && id.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0)
        {
            id = id.TrimStart('0');
            id = id.Length == 0 ? "0" : id;
        }
        return id;
    }

    private string? Name(int? column) => column is { } c ? layout.ColumnNames[c] : null;

    private static string? Optional(IReadOnlyList<string> fields, int? column)
    {
        if (column is not { } c)
        {
            return null;
        }
        var text = fields[c].Trim();
        return text.Length == 0 ? null : text;
    }

    internal static string Describe(string text) => text.Length == 0 ? "empty" : $"\"{(text.Length > 40 ? text[..40] + "…" : text)}\"";
}
