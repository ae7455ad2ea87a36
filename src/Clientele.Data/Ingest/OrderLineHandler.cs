using System.Globalization;
using System.IO.Hashing;
using Clientele.Data.Store;

namespace Clientele.Data.Ingest;

/// <summary>
/// Order lines: parsed by <see cref="OrderLineParser"/>, exact duplicates within an order rejected (for layouts with
/// order ids), appended to <c>order_lines</c>; lines already in the store from another file taken out again (overlap);
/// then the file's customers and products are added to their tables.
/// </summary>
/// <remarks>
/// With <paramref name="bulk"/>, SQL has already taken most lines (<see cref="OrderBulkLoad"/>): this handler parses
/// the others, and exact duplicates are found across both at the end (<see cref="RemoveDuplicates"/>).
/// </remarks>
internal sealed class OrderLineHandler(OrderLayout layout, int fileId, ColumnScan? scan = null, OrderBulkLoad? bulk = null) : RecordHandler
{
    private readonly OrderLineParser _parser = new(layout, fileId, scan, bulk?.DateOrder);
    private readonly HashSet<UInt128>? _seenLines = layout.OrderId is null || bulk is not null ? null : [];
    private readonly XxHash128 _hasher = new();

    /// <summary>Accepted lines with a price or value rounded from a float artefact.</summary>
    public override long RoundedPrices => _parser.RoundedLines + (bulk?.RoundedFastRows ?? 0);

    public override bool HasBulk => bulk is not null;

    public override long AppendInBulk()
    {
        if (bulk is null)
        {
            return 0;
        }
        var rows = bulk.InsertFastRows(fileId);
        ReturnLines += bulk.FastReturns;
        return rows;
    }

    public override IReadOnlyList<RejectedLine> RemoveDuplicates(ClienteleStore store, int fileId)
    {
        if (bulk is null)
        {
            return [];
        }
        var duplicates = bulk.RemoveDuplicates(fileId);
        ReturnLines -= bulk.DuplicateReturns;
        return duplicates;
    }

    public override string Table => "order_lines";

    public override IReadOnlyList<string> Columns { get; } =
        ["file_id", "line_number", "order_id", "customer_id", "product_id", "description", "quantity", "unit_price", "amount", "ordered_at", "is_return", "country"];

    public override string LayoutName => OrderIngestor.LayoutName(layout.Schema);

    public override bool TryAppend(IRecordSource source, StoreBulkWriter writer, out Rejection rejection)
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
        writer
            .Add(fileId)
            .Add(source.LineNumber)
            .Add(line.OrderId)
            .Add(line.CustomerId)
            .Add(line.ProductId)
            .Add(line.Description)
            .Add(line.Quantity)
            .Add(line.UnitPrice)
            .Add(line.Amount)
            .Add(line.OrderedAt)
            .Add(line.IsReturn)
            .Add(line.Country)
            .EndRow();
        ReturnLines += line.IsReturn ? 1 : 0;
        bulk?.Accepted(source.LineNumber, source.Fields);
        return true;
    }

    public override void Complete(ClienteleStore store, int fileId)
    {
        store.Execute(
            $"""
            INSERT INTO customers
            SELECT d.customer_id, m.country
            FROM (SELECT DISTINCT customer_id FROM order_lines WHERE file_id = $file) AS d
            LEFT JOIN ({MostCommon("customer_id", "country")}) AS m ON m.customer_id = d.customer_id
            ON CONFLICT DO NOTHING
            """,
            ("file", fileId));
        // A product first seen in a catalogue file keeps its catalogue fields; its description is filled from the
        // order lines only when the catalogue gave none.
        store.Execute(
            $"""
            INSERT INTO products (product_id, description)
            SELECT d.product_id, m.description
            FROM (SELECT DISTINCT product_id FROM order_lines WHERE file_id = $file AND product_id IS NOT NULL) AS d
            LEFT JOIN ({MostCommon("product_id", "description")}) AS m ON m.product_id = d.product_id
            ON CONFLICT (product_id) DO UPDATE SET description = coalesce(products.description, excluded.description)
            """,
            ("file", fileId));
    }

    /// <summary>
    /// Per key, the most common non-null value among this file's lines, a tie going to the first in byte order (what
    /// <c>mode() WITHIN GROUP (ORDER BY value COLLATE "C")</c> gives, without sorting every line).
    /// </summary>
    private static string MostCommon(string key, string value) =>
        $"""
        WITH counted AS (SELECT {key}, {value}, count(*) AS n FROM order_lines WHERE file_id = $file AND {value} IS NOT NULL GROUP BY {key}, {value})
        SELECT c.{key}, min(c.{value} COLLATE "C") AS {value}
        FROM counted AS c
        JOIN (SELECT {key}, max(n) AS top FROM counted GROUP BY {key}) AS t ON t.{key} = c.{key} AND t.top = c.n
        GROUP BY c.{key}
        """;

    /// <summary>
    /// Lines of this file whose order (when the layout has order ids), customer, product, date, quantity, unit price and
    /// amount equal a line of another file: listed with the earliest such file, and deleted from this file's rows.
    /// </summary>
    public override IReadOnlyList<OverlapLine> RemoveOverlap(ClienteleStore store, int fileId)
    {
        if (store.Scalar<long>("SELECT count(*) FROM (SELECT 1 FROM order_lines WHERE file_id <> $file LIMIT 1) AS other", ("file", fileId)) == 0)
        {
            return []; // the first order file: nothing to overlap with
        }
        var sameOrder = layout.OrderId is null ? "" : "o.order_id = n.order_id AND ";
        var matched = $"""
            SELECT n.line_number, min(o.file_id) AS earlier
            FROM order_lines n JOIN order_lines o
              ON {sameOrder}o.customer_id = n.customer_id AND o.product_id IS NOT DISTINCT FROM n.product_id
             AND o.ordered_at = n.ordered_at AND o.quantity = n.quantity AND o.unit_price IS NOT DISTINCT FROM n.unit_price
             AND o.amount = n.amount AND o.file_id <> n.file_id
            WHERE n.file_id = $file
            GROUP BY n.line_number
            """;
        var lines = new List<OverlapLine>();
        using (var command = store.Command(
            $"""
            WITH matched AS ({matched})
            SELECT m.line_number, m.earlier, f.path, n.order_id, n.customer_id, n.product_id, n.ordered_at, n.quantity, n.unit_price, n.amount, n.is_return
            FROM matched m
            JOIN order_lines n ON n.file_id = $file AND n.line_number = m.line_number
            JOIN source_files f ON f.file_id = m.earlier
            ORDER BY m.line_number
            """,
            ("file", fileId)))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                string Text(int i) => reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)!;
                var raw = CsvText.Line(Text(3), Text(4), Text(5), reader.GetDateTime(6).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), Text(7), Text(8), Text(9));
                lines.Add(new OverlapLine(reader.GetInt64(0), $"same line as in file {reader.GetInt32(1)} ({reader.GetString(2)}); --allow-overlap adds it again", raw));
                ReturnLines -= reader.GetBoolean(10) ? 1 : 0;
            }
        }
        if (lines.Count > 0)
        {
            store.Execute($"DELETE FROM order_lines WHERE file_id = $file AND line_number IN (SELECT line_number FROM ({matched}) AS matched)", ("file", fileId));
        }
        return lines;
    }

    /// <summary>
    /// Warns when the store already holds order lines of another layout, or customer ids of another shape (digits,
    /// hexadecimal, other; length): ids from two sources are merged as the same people where they happen to be equal.
    /// </summary>
    public override IReadOnlyList<string> Warnings(ClienteleStore store, int fileId)
    {
        var otherLayouts = new List<string>();
        using (var command = store.Command(
            "SELECT DISTINCT f.layout FROM source_files f WHERE f.file_id IN (SELECT DISTINCT file_id FROM order_lines WHERE file_id <> $file) ORDER BY 1",
            ("file", fileId)))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                otherLayouts.Add(reader.GetString(0));
            }
        }
        if (otherLayouts.Count == 0)
        {
            return [];
        }
        var shapes = new Dictionary<bool, (string Shape, long Ids, int Shortest, int Longest)>();
        using (var command = store.Command(
            """
            SELECT file_id = $file AS this_file,
                   CASE WHEN customer_id ~ '^[0-9]+$' THEN 'digits'
                        WHEN customer_id ~ '^[0-9a-fA-F]+$' THEN 'hexadecimal'
                        ELSE 'letters and digits' END AS shape,
                   count(DISTINCT customer_id) AS ids, min(length(customer_id)), max(length(customer_id))
            FROM order_lines GROUP BY 1, 2 ORDER BY ids DESC, 2
            """,
            ("file", fileId)))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                // The most common shape on each side (rows come by count, largest first).
                shapes.TryAdd(reader.GetBoolean(0), (reader.GetString(1), reader.GetInt64(2), reader.GetInt32(3), reader.GetInt32(4)));
            }
        }
        var shared = store.Scalar<long>(
            "SELECT count(DISTINCT customer_id) FROM order_lines WHERE file_id = $file AND customer_id IN (SELECT customer_id FROM order_lines WHERE file_id <> $file)",
            ("file", fileId));
        var reasons = new List<string>();
        if (!otherLayouts.Contains(LayoutName))
        {
            reasons.Add($"this file's layout is {LayoutName} and the store's other order files are {string.Join(", ", otherLayouts)}");
        }
        if (shapes.TryGetValue(true, out var mine) && shapes.TryGetValue(false, out var theirs))
        {
            if (mine.Shape != theirs.Shape || mine.Longest < theirs.Shortest || theirs.Longest < mine.Shortest)
            {
                reasons.Add($"this file's customer ids are {Describe(mine)} and the store's are {Describe(theirs)}");
            }
        }
        if (reasons.Count == 0)
        {
            return [];
        }
        return
        [
            string.Create(
                CultureInfo.InvariantCulture,
                $"customer ids may come from another source: {string.Join("; ", reasons)}; {shared:N0} of this file's ids are already in the store and are taken as the same people. If the sources are different shops, use another --store and run clientele files remove {fileId} on this one."),
        ];

        static string Describe((string Shape, long Ids, int Shortest, int Longest) shape) =>
            shape.Shortest == shape.Longest
                ? $"{shape.Shape} of length {shape.Shortest}"
                : $"{shape.Shape} of length {shape.Shortest}–{shape.Longest}";
    }
}
