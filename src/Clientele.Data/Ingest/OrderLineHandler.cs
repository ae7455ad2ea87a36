using System.IO.Hashing;
using Clientele.Data.Store;
using DuckDB.NET.Data;

namespace Clientele.Data.Ingest;

/// <summary>
/// Order lines: parsed by <see cref="OrderLineParser"/>, exact duplicates within an order rejected (for layouts with
/// order ids), appended to <c>order_lines</c>; then the file's customers and products are added to their tables.
/// </summary>
internal sealed class OrderLineHandler(OrderLayout layout, int fileId, ColumnScan? scan = null) : RecordHandler
{
    private readonly OrderLineParser _parser = new(layout, fileId, scan);
    private readonly HashSet<UInt128>? _seenLines = layout.OrderId is null ? null : [];
    private readonly XxHash128 _hasher = new();

    /// <summary>Accepted lines with a price or value rounded from a float artefact.</summary>
    public long RoundedLines => _parser.RoundedLines;

    public override string Table => "order_lines";

    public override string LayoutName => OrderIngestor.LayoutName(layout.Schema);

    public override bool TryAppend(IRecordSource source, DuckDBAppender appender, out Rejection rejection)
    {
        if (!_parser.TryParse(source.Fields, source.LineNumber, out var line, out rejection))
        {
            return false;
        }
        if (_seenLines is not null && !_seenLines.Add(SourceFileLedger.HashFields(_hasher, source.Fields)))
        {
            rejection = new Rejection(RejectReason.DuplicateLine, null, "same fields as an earlier accepted line");
            return false;
        }
        appender.CreateRow()
            .AppendValue(fileId)
            .AppendValue(source.LineNumber)
            .AppendValue(line.OrderId)
            .AppendValue(line.CustomerId)
            .AppendValue(line.ProductId)
            .AppendValue(line.Description)
            .AppendValue(line.Quantity)
            .AppendValue(line.UnitPrice)
            .AppendValue(line.Amount)
            .AppendValue(line.OrderedAt)
            .AppendValue(line.IsReturn)
            .AppendValue(line.Country)
            .EndRow();
        ReturnLines += line.IsReturn ? 1 : 0;
        return true;
    }

    public override void Complete(ClienteleStore store, int fileId)
    {
        store.Execute(
            """
            INSERT INTO customers
            SELECT customer_id, mode(country) FROM order_lines WHERE file_id = $file GROUP BY customer_id
            ON CONFLICT DO NOTHING
            """,
            ("file", fileId));
        // A product first seen in a catalogue file keeps its catalogue fields; its description is filled from the
        // order lines only when the catalogue gave none.
        store.Execute(
            """
            INSERT INTO products (product_id, description)
            SELECT product_id, mode(description) FROM order_lines WHERE file_id = $file AND product_id IS NOT NULL GROUP BY product_id
            ON CONFLICT (product_id) DO UPDATE SET description = coalesce(products.description, excluded.description)
            """,
            ("file", fileId));
    }
}
