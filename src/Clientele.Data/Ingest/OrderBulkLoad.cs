using System.Globalization;
using Clientele.Data.Store;

namespace Clientele.Data.Ingest;

/// <summary>
/// The order ingest of a plain UTF-8 CSV file into a DuckDB store at DuckDB's own speed: DuckDB's parallel
/// <c>read_csv</c> reads the file, SQL takes every line whose fields are in the forms it can read exactly as
/// <see cref="OrderLineParser"/> would (plain digits, a/b/yyyy or ISO dates, prices with a decimal point, float
/// artefacts rounded by the same rule, no whitespace to trim), and every other line goes through the C# parser
/// (<see cref="Slow"/>), so each line is accepted or rejected for the same reason, with the same values, either way.
/// Lines that DuckDB's plain split could read differently (quotes, whitespace at a field's edge) are read by the C#
/// reader from the file's own text (<see cref="CsvFileScan"/>). Where the two readers could disagree on the file as a
/// whole (records over several lines, blank lines, a field count DuckDB refuses, dates whose order the file does not
/// settle), <see cref="TryPrepare"/> returns null and the ingest takes the C# reader for every line.
/// </summary>
internal sealed class OrderBulkLoad
{
    private const string Rows = "ingest_rows";
    private const string Kept = "ingest_kept";
    private const string SlowAccepted = "ingest_slow_accepted";
    private const string Duplicates = "ingest_duplicates";

    private readonly ClienteleStore _store;
    private readonly string _path;
    private readonly OrderLayout _layout;
    private readonly char _delimiter;
    private readonly bool _hasKept;
    private readonly List<(long Line, string[] Fields)> _slowAccepted = [];
    private List<RejectedLine> _duplicates = [];
    private int _parserDuplicates;

    private OrderBulkLoad(ClienteleStore store, string path, OrderLayout layout, char delimiter, bool hasKept)
    {
        _store = store;
        _path = path;
        _layout = layout;
        _delimiter = delimiter;
        _hasKept = hasKept;
    }

    /// <summary>Lines SQL takes (counted when prepared; the insert checks it wrote as many).</summary>
    public long FastRows { get; private set; }

    /// <summary>Lines read by the C# parser, in file order (the records of <see cref="Slow"/>).</summary>
    public IReadOnlyList<SlowRow> Slow { get; private set; } = [];

    /// <summary>The order of a/b dates the file settles (or <c>--date-format</c> gives), for the C# parser too.</summary>
    public DateOrderEvidence DateOrder { get; private set; }

    /// <summary>One line for the C# parser: its fields as the C# reader splits them, its raw text, a malformation.</summary>
    internal sealed record SlowRow(long Line, IReadOnlyList<string> Fields, string Raw, string? Malformation);

    /// <summary>
    /// Reads the file with DuckDB into a temporary table (nothing in the store changes), decides which lines SQL takes,
    /// and reads the others' fields; null when the file must take the C# reader throughout.
    /// </summary>
    /// <summary>
    /// The CSV reader of a file this load can take (plain UTF-8 CSV into a DuckDB store, a layout other than CDNOW's,
    /// no .NET <c>--date-format</c>), before any byte is scanned; null, and why not, for the C# reader throughout.
    /// </summary>
    public static CsvRecordSource? Candidate(ClienteleStore store, InputKind kind, OrderLayout layout, IRecordSource source, out string? whyNot)
    {
        whyNot = store.Kind != StoreKind.DuckDb ? "not a DuckDB store"
            : kind != InputKind.Text || source is not CsvRecordSource { Encoding.WebName: "utf-8" } ? "not plain UTF-8 CSV"
            : layout.Schema == OrderFileSchema.Cdnow ? "the cdnow layout"
            : IsCustomDateFormat(layout.DateFormat) ? "a .NET --date-format"
            : null;
        return whyNot is null ? (CsvRecordSource)source : null;
    }

    /// <param name="whyNot">Why the C# reader takes the file, when it does.</param>
    public static OrderBulkLoad? TryPrepare(ClienteleStore store, string path, OrderLayout layout, char delimiter, CsvFileScan scan, out string? whyNot)
    {
        var load = new OrderBulkLoad(store, path, layout, delimiter, scan.Kept.Count > 0);
        try
        {
            whyNot = load.Prepare(scan);
        }
        catch (System.Data.Common.DbException e)
        {
            // DuckDB refused the file (a field count, an unterminated quote, a line too long, bytes that are not UTF-8):
            // the C# reader says which line and why.
            whyNot = "DuckDB's reader refused it: " + e.Message.Split('\n')[0];
        }
        if (whyNot is null)
        {
            return load;
        }
        load.DropTables();
        return null;
    }

    /// <summary><c>--date-format</c> as a .NET format: only the C# parser reads those.</summary>
    private static bool IsCustomDateFormat(string? format) =>
        format?.Trim().ToLowerInvariant() is { Length: > 0 } f && f is not ("day-first" or "dmy" or "month-first" or "mdy");

    /// <summary>Null when SQL can take the file; else why not.</summary>
    private string? Prepare(CsvFileScan scan)
    {
        DropTables();
        WriteLines(Kept, scan.Kept.Select(k => k.Line));
        var keptRows = ParseKept(scan.Kept);
        if (keptRows is null)
        {
            return "a quoted field runs over a line";
        }

        var columns = _layout.FieldCount;
        var declared = DeclaredOrder();
        // A parallel CTAS keeps the file's order (preserve_insertion_order), so a row's rowid is its record's index
        // and its line is rowid + 2 (the header is line 1, and every record is one line: checked below).
        _store.Execute($"CREATE TEMP TABLE {Rows} AS {ScanSql()}");
        var total = _store.Scalar<long>($"SELECT count(*) FROM {Rows}");
        if (total + 1 != scan.Lines)
        {
            return "blank lines or records over several lines"; // only the C# reader numbers those right
        }
        if (!InFileOrder(scan.Checksum))
        {
            return "DuckDB's rows did not come in the file's order";
        }
        if (_hasKept)
        {
            _store.Execute($"UPDATE {Rows} SET fast = false WHERE fast AND rowid + 2 IN (SELECT line FROM {Kept})");
        }
        using (var command = _store.Command($"SELECT count(*), count(*) FILTER (WHERE rounded), count(*) FILTER (WHERE is_return) FROM {Rows} WHERE fast"))
        using (var reader = command.ExecuteReader())
        {
            reader.Read();
            FastRows = reader.GetInt64(0);
            RoundedFastRows = reader.GetInt64(1);
            FastReturns = reader.GetInt64(2);
        }

        var slow = new List<SlowRow>();
        var keptIndex = 0;
        using (var command = _store.Command($"SELECT rowid + 2 AS line, {string.Join(", ", Enumerable.Range(0, columns).Select(i => $"r{i}"))} FROM {Rows} WHERE NOT fast ORDER BY rowid"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var line = reader.GetInt64(0);
                if (keptIndex < keptRows.Count && keptRows[keptIndex].Line == line)
                {
                    slow.Add(keptRows[keptIndex++]);
                    continue;
                }
                var fields = new string[columns];
                for (var i = 0; i < columns; i++)
                {
                    fields[i] = reader.GetString(i + 1);
                }
                slow.Add(new SlowRow(line, fields, string.Join(_delimiter, fields), null));
            }
        }
        if (keptIndex != keptRows.Count)
        {
            return "the kept lines and DuckDB's rows disagree";
        }
        Slow = slow;

        if (declared is { } order)
        {
            DateOrder = new DateOrderEvidence(order, 0, "");
            return null;
        }
        return DecideDateOrder() ? null : "the file's dates do not settle day-first or month-first";
    }

    /// <summary>Whether the scan's rows came in the file's order (their lines' lengths weigh the same as the file's).</summary>
    private bool InFileOrder(LineChecksum expected)
    {
        using var command = _store.Command(LineChecksum.Sql(Rows, _hasKept ? $"WHERE rowid + 2 NOT IN (SELECT line FROM {Kept})" : ""));
        using var reader = command.ExecuteReader();
        reader.Read();
        return !reader.IsDBNull(0) && !reader.IsDBNull(1)
            && Int128.Parse(Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture)!, CultureInfo.InvariantCulture) == expected.ByLine
            && Int128.Parse(Convert.ToString(reader.GetValue(1), CultureInfo.InvariantCulture)!, CultureInfo.InvariantCulture) == expected.BySquare;
    }

    /// <summary>
    /// The order of a/b dates from the file itself, as <see cref="DateReader"/> would find it: the dates SQL read
    /// and the C# parser's lines together. Both orders shown (a first number above 12 on one line, a second on
    /// another), or dates that could be either with nothing to tell: false, so the C# reader decides as it always has.
    /// On the lines SQL takes one reading at least is a date, and an a/b date whose month-first reading fails has a first
    /// number above 12 (a second number of 1–12 is a valid day in any month), so the failed reading is the evidence.
    /// </summary>
    private bool DecideDateOrder()
    {
        var dayFirst = new List<(long Line, string Text)>();
        var monthFirst = new List<(long Line, string Text)>();
        long ambiguous;
        using (var command = _store.Command(
            $"""
            SELECT min(rowid + 2) FILTER (WHERE ab AND at_mdy IS NULL), arg_min(evidence_text, rowid) FILTER (WHERE ab AND at_mdy IS NULL),
                   min(rowid + 2) FILTER (WHERE ab AND at_dmy IS NULL), arg_min(evidence_text, rowid) FILTER (WHERE ab AND at_dmy IS NULL),
                   count(*) FILTER (WHERE ab AND at_mdy <> at_dmy)
            FROM {Rows} WHERE fast
            """))
        using (var reader = command.ExecuteReader())
        {
            reader.Read();
            if (!reader.IsDBNull(0))
            {
                dayFirst.Add((reader.GetInt64(0), reader.GetString(1)));
            }
            if (!reader.IsDBNull(2))
            {
                monthFirst.Add((reader.GetInt64(2), reader.GetString(3)));
            }
            ambiguous = reader.GetInt64(4);
        }
        foreach (var row in Slow)
        {
            if (row.Malformation is not null || _layout.OrderedAt >= row.Fields.Count)
            {
                continue;
            }
            var text = row.Fields[_layout.OrderedAt].Trim();
            switch (DateReader.Evidence(text))
            {
                case Ingest.DateOrder.DayFirst:
                    dayFirst.Add((row.Line, text));
                    break;
                case Ingest.DateOrder.MonthFirst:
                    monthFirst.Add((row.Line, text));
                    break;
                default:
                    if (DateReader.TrySplitSlashDate(text, out var a, out var b, out _, out _) && a != b && a <= 12 && b <= 12)
                    {
                        ambiguous++;
                    }
                    break;
            }
        }
        if (dayFirst.Count > 0 && monthFirst.Count > 0)
        {
            return false;
        }
        var evidence = dayFirst.Count > 0 ? dayFirst : monthFirst;
        if (evidence.Count == 0)
        {
            DateOrder = new DateOrderEvidence(Ingest.DateOrder.Unknown, 0, "");
            return ambiguous == 0;
        }
        var first = evidence.MinBy(e => e.Line);
        DateOrder = new DateOrderEvidence(dayFirst.Count > 0 ? Ingest.DateOrder.DayFirst : Ingest.DateOrder.MonthFirst, first.Line, first.Text);
        return true;
    }

    /// <summary>
    /// Inside the ingest's transaction, after the parser's lines: finds the exact duplicates across both paths, then
    /// appends the lines SQL takes, duplicates left out, to <c>order_lines</c> with the a/b date order settled; returns
    /// <see cref="FastRows"/> (duplicates counted, as the parser counts its own: <see cref="RemoveDuplicates"/> takes
    /// them out of the account).
    /// </summary>
    public long InsertFastRows(int fileId)
    {
        _duplicates = FindDuplicates();
        var order = DateOrder.Order == Ingest.DateOrder.Unknown ? Ingest.DateOrder.MonthFirst : DateOrder.Order;
        var orderedAt = order == Ingest.DateOrder.DayFirst ? "at_dmy" : "at_mdy";
        var inserted = _store.Execute(
            $"""
            INSERT INTO order_lines (file_id, line_number, order_id, customer_id, product_id, description, quantity, unit_price, amount, ordered_at, is_return, country)
            SELECT {fileId}, rowid + 2, coalesce(order_id, '{fileId}:' || (rowid + 2)), customer_id, product_id, description, quantity, unit_price,
                   CASE WHEN is_return AND line_value > 0 THEN -line_value ELSE line_value END, {orderedAt}, is_return, country
            FROM {Rows}
            WHERE fast{(_duplicates.Count > 0 ? $" AND rowid + 2 NOT IN (SELECT line FROM {Duplicates})" : "")}
            """);
        if (inserted != FastRows - (_duplicates.Count - _parserDuplicates))
        {
            throw new InvalidOperationException($"the bulk insert wrote {inserted} lines where the scan counted {FastRows - (_duplicates.Count - _parserDuplicates)}");
        }
        if (_duplicates.Count > 0)
        {
            DuplicateReturns = _store.Scalar<long>($"SELECT count(*) FROM {Rows} WHERE fast AND is_return AND rowid + 2 IN (SELECT line FROM {Duplicates})")
                + _store.Scalar<long>($"SELECT count(*) FROM order_lines WHERE file_id = {fileId} AND is_return AND line_number IN (SELECT line FROM {Duplicates})");
        }
        return FastRows;
    }

    /// <summary>Lines SQL takes with a price rounded from a float artefact (duplicates included, as the parser counts them).</summary>
    public long RoundedFastRows { get; private set; }

    /// <summary>Lines SQL takes that are returns.</summary>
    public long FastReturns { get; private set; }

    /// <summary>Returns among the duplicates (SQL's and the parser's).</summary>
    public long DuplicateReturns { get; private set; }

    /// <summary>A line the C# parser accepted (for exact-duplicate detection across both paths).</summary>
    public void Accepted(long line, IReadOnlyList<string> fields)
    {
        if (HasDuplicates)
        {
            _slowAccepted.Add((line, [.. fields]));
        }
    }

    /// <summary>
    /// After <see cref="InsertFastRows"/>: the accepted lines with exactly the fields of an earlier accepted line (when
    /// the layout has order ids), taken out of <c>order_lines</c> (the parser's; SQL's were never written) and returned
    /// for the rejects report.
    /// </summary>
    public IReadOnlyList<RejectedLine> RemoveDuplicates(int fileId)
    {
        if (_parserDuplicates > 0)
        {
            _store.Execute($"DELETE FROM order_lines WHERE file_id = {fileId} AND line_number IN (SELECT line FROM {Duplicates})");
        }
        return _duplicates;
    }

    /// <summary>
    /// The accepted lines (SQL's and the parser's) with exactly the fields of an earlier one, in the temporary table
    /// <c>ingest_duplicates</c> too. Candidates share a hash of their fields; each is then compared field by field from
    /// the file's own text.
    /// </summary>
    private List<RejectedLine> FindDuplicates()
    {
        var duplicates = new List<RejectedLine>();
        if (!HasDuplicates)
        {
            return duplicates;
        }
        var columns = _layout.FieldCount;
        _store.Execute($"CREATE OR REPLACE TEMP TABLE {SlowAccepted} (line BIGINT, {string.Join(", ", Enumerable.Range(0, columns).Select(i => $"c{i} VARCHAR"))})");
        using (var writer = _store.BulkWriter(SlowAccepted, ["line", .. Enumerable.Range(0, columns).Select(i => $"c{i}")]))
        {
            foreach (var (line, fields) in _slowAccepted)
            {
                writer.Add(line);
                foreach (var field in fields)
                {
                    writer.Add(field);
                }
                writer.EndRow();
            }
            writer.Complete();
        }
        var candidates = new List<long>();
        using (var command = _store.Command(
            $"""
            WITH accepted AS (
                SELECT rowid + 2 AS line, h FROM {Rows} WHERE fast
                UNION ALL
                SELECT line, {HashOfFields()} FROM {SlowAccepted}
            ), shared AS (SELECT h FROM accepted GROUP BY h HAVING count(*) > 1)
            SELECT line FROM accepted WHERE h IN (SELECT h FROM shared) ORDER BY line
            """))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                candidates.Add(reader.GetInt64(0));
            }
        }
        var slowFields = _slowAccepted.ToDictionary(s => s.Line, s => s.Fields);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (line, text) in CsvFileScan.ReadLines(_path, candidates))
        {
            // The fields as the C# reader reads them: the parser's own for its lines, a plain split for the others.
            var fields = slowFields.TryGetValue(line, out var parsed) ? parsed : text.Split(_delimiter);
            var key = string.Concat(fields.Select(f => f.Length.ToString(CultureInfo.InvariantCulture) + ":" + f));
            if (!seen.Add(key))
            {
                _parserDuplicates += parsed is null ? 0 : 1;
                duplicates.Add(new RejectedLine(line, new Rejection(RejectReason.DuplicateLine, null, "same fields as an earlier accepted line"), text));
            }
        }
        WriteLines(Duplicates, duplicates.Select(d => d.Line));
        return duplicates;
    }

    /// <summary>A temporary table of line numbers, made anew.</summary>
    private void WriteLines(string table, IEnumerable<long> lines)
    {
        _store.Execute($"CREATE OR REPLACE TEMP TABLE {table} (line BIGINT)");
        using var writer = _store.BulkWriter(table, "line");
        foreach (var line in lines)
        {
            writer.Add(line).EndRow();
        }
        writer.Complete();
    }

    /// <summary>Drops the temporary tables (after the commit, or when the C# reader takes over).</summary>
    public void DropTables()
    {
        foreach (var table in (string[])[Rows, Kept, SlowAccepted, Duplicates])
        {
            _store.Execute($"DROP TABLE IF EXISTS {table}");
        }
    }

    private bool HasDuplicates => _layout.OrderId is not null;

    private DateOrder? DeclaredOrder() => _layout.DateFormat?.Trim().ToLowerInvariant() switch
    {
        "day-first" or "dmy" => Ingest.DateOrder.DayFirst,
        "month-first" or "mdy" => Ingest.DateOrder.MonthFirst,
        _ => null,
    };

    private string HashOfFields() => "hash(" + string.Join(", ", Enumerable.Range(0, _layout.FieldCount).Select(i => $"coalesce(c{i}, '')")) + ")";

    /// <summary>Parses the kept lines with the C# reader, one record per line; null when a record runs over a line.</summary>
    private List<SlowRow>? ParseKept(IReadOnlyList<CsvFileScan.KeptLine> kept)
    {
        var rows = new List<SlowRow>(kept.Count);
        if (kept.Count == 0)
        {
            return rows;
        }
        var text = string.Join('\n', kept.Select(k => k.Text));
        using var source = CsvRecordSource.WithoutHeader(text, _delimiter, _path);
        var index = 0;
        while (source.Read())
        {
            if (index >= kept.Count || source.LineNumber != index + 1 || source.RawLine != kept[index].Text)
            {
                return null;
            }
            rows.Add(new SlowRow(kept[index].Line, [.. source.Fields], kept[index].Text, source.Malformation));
            index++;
        }
        return index == kept.Count ? rows : null;
    }

    /// <summary>
    /// The scan of the file (the temporary table <c>ingest_rows</c>): per record, in file order, <c>fast</c> (every field
    /// in a form SQL reads exactly as the C# parser), the typed values (the date both ways while the file's a/b order is
    /// open), what the date order and the duplicates need, and the raw fields of the records SQL leaves to the parser.
    /// Each step is its own layer, so that DuckDB computes each piece once.
    /// </summary>
    private string ScanSql()
    {
        var layout = _layout;
        var n = layout.FieldCount;
        var columnTypes = string.Join(", ", Enumerable.Range(0, n).Select(i => $"'c{i}': 'VARCHAR'"));
        var file = _path.Replace("'", "''", StringComparison.Ordinal);
        var delimiter = _delimiter == '\'' ? "''" : _delimiter == '\t' ? "\\t" : _delimiter.ToString();
        var read = $"read_csv('{file}', header = true, all_varchar = true, auto_detect = false, delim = E'{delimiter}', quote = '\"', escape = '\"', strict_mode = true, null_padding = false, columns = {{{columnTypes}}})";

        string C(int? column) => column is { } c ? $"c{c}" : "NULL";
        var date = C(layout.OrderedAt);
        var customer = C(layout.CustomerId);
        var money = new int?[] { layout.UnitPrice, layout.Amount }.OfType<int>().ToArray();
        var conditions = new List<string> { $"{customer} IS NOT NULL", "(at_mdy IS NOT NULL OR at_dmy IS NOT NULL)" };
        var quantity = "1";
        if (layout.Quantity is { } q)
        {
            conditions.Add($"regexp_full_match(c{q}, '-?[0-9]{{1,9}}') AND TRY_CAST(c{q} AS INTEGER) <> 0");
            quantity = $"TRY_CAST(c{q} AS INTEGER)";
        }
        conditions.AddRange(money.Select(m => m == layout.UnitPrice ? $"m{m}_value > 0" : $"m{m}_value IS NOT NULL"));
        var unitPrice = layout.UnitPrice is { } p ? $"m{p}_value" : "NULL::DECIMAL(18, 6)";
        // quantity (at most 9 digits) × price as DECIMAL(9, 0) × DECIMAL(18, 6) is exact at 6 decimals; a DECIMAL(24, 6)
        // factor would make it DECIMAL(38, 12), and casting that down to the column's scale took DuckDB 7 s at 11.7M lines.
        var lineValue = layout.Amount is { } a ? $"m{a}_value" : $"CAST(quantity AS DECIMAL(9, 0)) * {unitPrice}";
        var isReturn = layout.CancellationPrefix && layout.OrderId is { } o ? $"quantity < 0 OR starts_with(coalesce(c{o}, ''), 'C')" : "quantity < 0";
        var rounded = money.Length == 0 ? "false" : string.Join(" OR ", money.Select(m => $"coalesce(m{m}_shape AND m{m}_decimals > {NumberReader.MaximumDecimals}, false)"));
        var raw = string.Join(", ", Enumerable.Range(0, n).Select(i => $"CASE WHEN NOT fast THEN coalesce(c{i}, '') END AS r{i}"));
        string Each(Func<int, string> part) => string.Concat(money.Select(m => ", " + part(m)));
        // A float artefact (NumberReader.IsFloatArtefact): enough significant digits, and |value − nearest| ≤ |nearest| ×
        // tolerance. Below 100,000 a double holds the value to within 1e-15 of it, so the test is exact away from a
        // band of 1e-3 of the tolerance around its edge (left to the parser), and no tie at the 7th decimal can pass.
        string Artefact(int m)
        {
            var near = $"round(m{m}_double, {NumberReader.MaximumDecimals})";
            var tolerance = $"({near} * {NumberReader.ArtefactTolerance.ToString(CultureInfo.InvariantCulture)})";
            var distance = $"abs(m{m}_double - {near})";
            return $"{near} > 0 AND {distance} <= {tolerance} AND abs({distance} - {tolerance}) > {tolerance} * 1e-3 AND length(ltrim(replace(rtrim(c{m}, '0'), '.', ''), '0')) >= {NumberReader.ArtefactDigits}";
        }
        return $"""
            SELECT fast, {string.Join(" + ", Enumerable.Range(0, n).Select(i => $"strlen(coalesce(c{i}, ''))"))} + {n - 1} AS len, {rounded} AS rounded, coalesce({isReturn}, false) AS is_return, {(HasDuplicates ? HashOfFields() : "NULL::UBIGINT")} AS h,
                   ab, CASE WHEN ab AND (at_mdy IS NULL) <> (at_dmy IS NULL) THEN {date} END AS evidence_text,
                   {(layout.OrderId is { } oid ? $"c{oid}" : "NULL")} AS order_id,
                   CASE WHEN regexp_full_match({customer}, '[0-9]+\.0') THEN left({customer}, length({customer}) - 2) ELSE {customer} END AS customer_id,
                   {C(layout.ProductId)} AS product_id, {C(layout.Description)} AS description, {C(layout.Country)} AS country,
                   quantity, {unitPrice} AS unit_price, {lineValue} AS line_value, at_mdy, at_dmy,
                   {raw}
            FROM (
                SELECT *, ({string.Join(" AND ", conditions)}) IS TRUE AS fast
                FROM (
                    SELECT *{Each(m => $"""
                        CASE WHEN NOT m{m}_shape THEN NULL
                             WHEN m{m}_decimals <= {NumberReader.MaximumDecimals} THEN TRY_CAST(c{m} AS DECIMAL(18, 6))
                             WHEN m{m}_double < 1e5 AND {Artefact(m)} THEN CAST(round(m{m}_double, {NumberReader.MaximumDecimals}) AS DECIMAL(18, 6))
                        END AS m{m}_value
                        """)}
                    FROM (
                        SELECT *, date_shape BETWEEN 1 AND 3 AS ab,
                               {DateValue(date, Ingest.DateOrder.MonthFirst)} AS at_mdy,
                               {DateValue(date, Ingest.DateOrder.DayFirst)} AS at_dmy
                               {Each(m => $"CASE WHEN m{m}_point = 0 THEN 0 ELSE length(rtrim(c{m}, '0')) - m{m}_point END AS m{m}_decimals")}
                               {Each(m => $"regexp_full_match(c{m}, '[0-9]{{1,9}}(\\.[0-9]{{1,20}})?') IS TRUE AS m{m}_shape")}
                        FROM (
                            SELECT *, {quantity} AS quantity, {DateShape(date)} AS date_shape
                                   {Each(m => $"strpos(c{m}, '.') AS m{m}_point, TRY_CAST(c{m} AS DOUBLE) AS m{m}_double")}
                            FROM {read}
                        ) AS l0
                    ) AS l1
                ) AS l2
            ) AS l3
            """;
    }

    // The money forms SQL reads as NumberReader.TryParseMoney does: 1–9 digits, then optionally a point and 1–20
    // digits; at most 6 decimals exactly, more only as a float artefact (at least ArtefactDigits significant digits,
    // within the relative tolerance of the 6-decimal rounding to even). The quantity: up to 9 digits after an optional
    // minus. Everything else is the C# parser's, and so are values on the tolerance's very edge.
    private const string SlashDate = "[0-9]{1,2}/[0-9]{1,2}/[1-9][0-9]{3}";
    private const string IsoDate = "[1-9][0-9]{3}-[0-9]{2}-[0-9]{2}";
    private const string Time = "[0-9]{1,2}:[0-9]{2}";
    private const string Seconds = ":[0-9]{2}";
    private const string IsoTime = "[ T][0-9]{2}:[0-9]{2}";

    /// <summary>
    /// Which of the forms SQL reads exactly as <see cref="DateReader"/> a date field has: 1–3 a/b/yyyy with '/' (with
    /// H:mm, with H:mm:ss, without a time), 4–6 ISO without a zone (with seconds, without, no time); else NULL.
    /// </summary>
    private static string DateShape(string field) =>
        $"""
        CASE
            WHEN regexp_full_match({field}, '{SlashDate} {Time}') THEN 1
            WHEN regexp_full_match({field}, '{SlashDate} {Time}{Seconds}') THEN 2
            WHEN regexp_full_match({field}, '{SlashDate}') THEN 3
            WHEN regexp_full_match({field}, '{IsoDate}{IsoTime}{Seconds}') THEN 4
            WHEN regexp_full_match({field}, '{IsoDate}{IsoTime}') THEN 5
            WHEN regexp_full_match({field}, '{IsoDate}') THEN 6
        END
        """;

    /// <summary>The date of a field of shape <c>date_shape</c> (see <see cref="DateShape"/>), a/b read in <paramref name="order"/>; NULL when not a date.</summary>
    private static string DateValue(string field, DateOrder order)
    {
        var (a, b) = order == Ingest.DateOrder.DayFirst ? ("%d", "%m") : ("%m", "%d");
        // A failed try_strptime costs DuckDB several times a successful one, and one of the two readings of an a/b date
        // fails on most lines of most files; a month outside 1–12 is ruled out first by a cheaper prefix match.
        var month = order == Ingest.DateOrder.DayFirst ? "^[0-9]{1,2}/(0?[1-9]|1[0-2])/" : "^(0?[1-9]|1[0-2])/";
        return $"""
            CASE WHEN date_shape <= 3 AND NOT regexp_matches({field}, '{month}') THEN NULL ELSE
            CASE date_shape
                WHEN 1 THEN try_strptime({field}, '{a}/{b}/%Y %H:%M')
                WHEN 2 THEN try_strptime({field}, '{a}/{b}/%Y %H:%M:%S')
                WHEN 3 THEN try_strptime({field}, '{a}/{b}/%Y')
                WHEN 4 THEN try_strptime(replace({field}, 'T', ' '), '%Y-%m-%d %H:%M:%S')
                WHEN 5 THEN try_strptime(replace({field}, 'T', ' '), '%Y-%m-%d %H:%M')
                WHEN 6 THEN try_strptime({field}, '%Y-%m-%d')
            END END
            """;
    }

}

/// <summary>The lines of a bulk load that the C# parser reads (<see cref="OrderBulkLoad.Slow"/>), as records in file order.</summary>
internal sealed class SlowRowSource(IReadOnlyList<OrderBulkLoad.SlowRow> rows, IReadOnlyList<string> header, long fileBytes) : IRecordSource
{
    private int _next;
    private OrderBulkLoad.SlowRow? _current;

    public IReadOnlyList<string> Header => header;

    public IReadOnlyList<string> Fields => _current!.Fields;

    public long LineNumber => _current!.Line;

    public string RawLine => _current!.Raw;

    public string? Malformation => _current!.Malformation;

    public long BytesConsumed => rows.Count == 0 ? fileBytes : fileBytes * _next / rows.Count;

    public string? ProgressStage => "parsing the lines SQL left";

    public bool Read()
    {
        if (_next >= rows.Count)
        {
            return false;
        }
        _current = rows[_next++];
        return true;
    }

    public void Dispose()
    {
    }
}
