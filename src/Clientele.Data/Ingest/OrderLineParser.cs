using System.Globalization;
using Clientele.Core;

namespace Clientele.Data.Ingest;

/// <summary>
/// Turns one record into an <see cref="OrderLine"/> or a <see cref="Rejection"/>, checking problems in
/// <see cref="RejectReason.Precedence"/> order. Duplicates are the ingestor's concern (they need the file's history).
/// </summary>
internal sealed class OrderLineParser
{
    private readonly OrderLayout _layout;
    private readonly int _fileId;
    private readonly DateReader _dates;
    private readonly NumberReader _numbers;

    // Numbers and the date, in the file's column order so that the first bad column is the one reported.
    private readonly int[] _parsedColumns;

    /// <param name="scan">Reads a column of the file again from its first record, for the decisions the whole file makes
    /// (day-first or month-first dates, a decimal comma); null when there is no file (then such a decision is an error).</param>
    /// <param name="settledDates">The file's a/b date order when it is already known (see <see cref="OrderBulkLoad"/>).</param>
    public OrderLineParser(OrderLayout layout, int fileId, ColumnScan? scan = null, DateOrderEvidence? settledDates = null)
    {
        _layout = layout;
        _fileId = fileId;
        _dates = new DateReader(layout.DateFormat, scan is null ? null : () => DateReader.ScanOrder(scan.Values(layout.OrderedAt)), scan?.File, settledDates);
        int[] money = new int?[] { layout.UnitPrice, layout.Amount }.OfType<int>().ToArray();
        _numbers = new NumberReader(layout.DecimalSeparator, scan is null ? null : () => NumberReader.ScanDecimalComma(money.SelectMany(c => scan.Values(c).Select(v => v.Text))));
        _parsedColumns = new int?[] { layout.Quantity, layout.OrderedAt, layout.UnitPrice, layout.Amount }.OfType<int>().Order().ToArray();
    }

    /// <summary>Accepted lines with a price or value rounded from a float artefact (see <see cref="NumberReader"/>).</summary>
    public long RoundedLines { get; private set; }

    public bool TryParse(IReadOnlyList<string> fields, long lineNumber, out OrderLine line, out Rejection rejection)
    {
        var layout = _layout;
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
        var rounded = false;
        DateTime orderedAt = default;
        foreach (var column in _parsedColumns)
        {
            var text = fields[column].Trim();
            string problem;
            if (column == layout.OrderedAt)
            {
                if (!_dates.TryParse(text, lineNumber, out orderedAt, out problem))
                {
                    rejection = new Rejection(RejectReason.UnparsableDate, Name(column), problem);
                    return false;
                }
            }
            else if (column == layout.Quantity)
            {
                if (!_numbers.TryParseWhole(text, out quantity, out problem))
                {
                    rejection = new Rejection(RejectReason.UnparsableNumber, Name(column), problem);
                    return false;
                }
            }
            else
            {
                if (!_numbers.TryParseMoney(text, out var value, out var wasRounded, out problem))
                {
                    rejection = new Rejection(RejectReason.UnparsableNumber, Name(column), problem);
                    return false;
                }
                rounded |= wasRounded;
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
        if (Math.Abs(lineValue) > NumberReader.MaximumLineValue)
        {
            rejection = new Rejection(RejectReason.UnparsableNumber, Name(layout.Quantity), $"{quantity} × {unitPrice} is too large for the store");
            return false;
        }
        if (isReturn && lineValue > 0m)
        {
            lineValue = -lineValue;
        }

        line = new OrderLine(
            OrderId: string.IsNullOrEmpty(orderId) ? $"{_fileId}:{lineNumber}" : orderId,
            CustomerId: customerId,
            ProductId: Optional(fields, layout.ProductId),
            Description: Optional(fields, layout.Description),
            Quantity: quantity,
            UnitPrice: unitPrice,
            Amount: lineValue,
            OrderedAt: orderedAt,
            IsReturn: isReturn,
            Country: Optional(fields, layout.Country));
        RoundedLines += rounded ? 1 : 0;
        return true;
    }

    private string NormaliseCustomerId(string raw) => NormaliseCustomerId(raw, _layout.StripZeroPadding);

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

    private string? Name(int? column) => column is { } c ? _layout.ColumnNames[c] : null;

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
