using System.Text.Json;

namespace Clientele.Cli.Tests;

/// <summary>Rows with problems are rejected one by one, with their line numbers; the rest of the file goes in (exit 0).</summary>
public sealed class IngestRejectsTests : IDisposable
{
    // Line numbers count every line of the file, the header as line 1 and the blank line 9 too.
    private const string File =
        OnlineRetail.Header + "\n"                                                                                  // 1 header
        + "536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,2.55,17850,United Kingdom\n"      // 2 good
        + "536365,71053,WHITE METAL LANTERN,6,2010-12-01 08:26:00,3.39,17850,United Kingdom\n"                     // 3 good
        + "536366,22633,HAND WARMER UNION JACK,6,2010-12-01 08:28:00,1.85,,United Kingdom\n"                       // 4 missing CustomerID
        + "536367,84879,ASSORTED COLOUR BIRD ORNAMENT,abc,2010-12-01 08:34:00,1.69,13047,United Kingdom\n"         // 5 Quantity abc
        + "536367,22745,POPPY'S PLAYHOUSE BEDROOM,6,not a date,2.1,13047,United Kingdom\n"                         // 6 InvoiceDate not a date
        + "536367,22748,POPPY'S PLAYHOUSE KITCHEN,6,2010-12-01 08:34:00,0,13047,United Kingdom\n"                  // 7 UnitPrice 0
        + "536367,22749,FELTCRAFT PRINCESS CHARLOTTE DOLL,0,2010-12-01 08:34:00,3.75,13047,United Kingdom\n"       // 8 Quantity 0
        + "\n"                                                                                                      // 9 blank: not a row
        + "536368,22960,JAM MAKING SET WITH JARS,6,2010-12-01 08:34:00\n"                                          // 10 five fields of eight
        + "536368,22913,RED COAT RACK PARIS \"FASHION\",3,2010-12-01 08:34:00,4.95,13047,United Kingdom\n"         // 11 stray quote
        + "536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,2.55,17850,United Kingdom\n"      // 12 duplicate of line 2
        + "C536379,D,Discount,-1,2010-12-01 09:41:00,27.5,14527,United Kingdom\n"                                  // 13 cancellation: a return
        + "536368,22912,\"YELLOW COAT RACK, PARIS FASHION\",3,2010-12-01 08:34:00,4.95,13047,United Kingdom\n";     // 14 good (quoted comma)

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void IngestOrders_RowsWithProblems_RejectedByReasonAndRestAccepted()
    {
        var (summary, _) = Ingest();

        // All counts below are hand-counted in the File constant above (one comment per line).
        Assert.Equal("online-retail", summary.GetProperty("layout").GetString());
        Assert.False(summary.GetProperty("already_ingested").GetBoolean());
        var read = summary.GetProperty("read").GetInt64();
        var accepted = summary.GetProperty("accepted").GetInt64();
        var rejected = summary.GetProperty("rejected").GetInt64();
        Assert.Equal(12, read);         // lines 2–8 and 10–14
        Assert.Equal(4, accepted);      // lines 2, 3, 13, 14
        Assert.Equal(8, rejected);      // lines 4–8, 10, 11, 12
        Assert.Equal(read, accepted + rejected);
        Assert.Equal(1, summary.GetProperty("return_lines").GetInt64()); // line 13

        var byReason = summary.GetProperty("rejected_by_reason").EnumerateArray()
            .Select(r => (
                Reason: r.GetProperty("reason").GetString(),
                Column: r.GetProperty("column").ValueKind == JsonValueKind.Null ? null : r.GetProperty("column").GetString(),
                Rows: r.GetProperty("rows").GetInt64()))
            .OrderBy(r => r.Reason, StringComparer.Ordinal)
            .ToList();
        Assert.Equal(
            [
                ("duplicate_line", null, 1L),
                ("malformed_csv", null, 1L),
                ("missing_customer_id", null, 1L),
                ("non_positive_price", null, 1L),
                ("unparsable_date", "InvoiceDate", 1L),
                ("unparsable_number", "Quantity", 1L),
                ("wrong_field_count", null, 1L),
                ("zero_quantity", null, 1L),
            ],
            byReason);
    }

    [Fact]
    public void IngestOrders_RowsWithProblems_RejectsFileHasExactLineNumbers()
    {
        var (summary, rejects) = Ingest();

        Assert.Equal(Path.GetFullPath(rejects), summary.GetProperty("rejects_file").GetString());
        var rows = Csv.Read(rejects);
        Assert.Equal(["line", "column", "reason", "detail", "raw"], rows[0]);
        Assert.All(rows.Skip(1), r => Assert.Equal(5, r.Length));
        var lines = rows.Skip(1).Select(r => (Line: int.Parse(r[0], System.Globalization.CultureInfo.InvariantCulture), Reason: r[2])).ToList();
        // Line numbers: the comments on the File constant above (header = line 1, blank line 9 counted).
        Assert.Equal(
            [
                (4, "missing_customer_id"),
                (5, "unparsable_number"),
                (6, "unparsable_date"),
                (7, "non_positive_price"),
                (8, "zero_quantity"),
                (10, "wrong_field_count"),
                (11, "malformed_csv"),
                (12, "duplicate_line"),
            ],
            lines);
        var fileLines = File.Split('\n');
        foreach (var row in rows.Skip(1))
        {
            var line = int.Parse(row[0], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(fileLines[line - 1], row[4]); // raw is the line as written
        }
        Assert.Equal("Quantity", rows.Single(r => r[2] == "unparsable_number")[1]);
        Assert.Equal("InvoiceDate", rows.Single(r => r[2] == "unparsable_date")[1]);
    }

    [Fact]
    public void IngestOrders_RowsWithProblems_StoreHoldsOnlyAcceptedLines()
    {
        var (_, _) = Ingest();

        var counts = StoreFile.Counts(_temp.File("store.duckdb"));
        // 4 accepted lines (2, 3, 13, 14) of 3 customers (17850, 14527, 13047) and 4 products (85123A, 71053, D, 22912).
        Assert.Equal((4L, 1L, 3L, 4L), counts);
    }

    [Fact]
    public void IngestOrders_CrlfLineEnds_SameLineNumbers()
    {
        var (summary, rejects) = Ingest(File.Replace("\n", "\r\n", StringComparison.Ordinal));

        Assert.Equal(12, summary.GetProperty("read").GetInt64()); // as with LF: hand-counted in File
        Assert.Equal(4, summary.GetProperty("accepted").GetInt64());
        Assert.Equal(
            ["4", "5", "6", "7", "8", "10", "11", "12"],
            Csv.Read(rejects).Skip(1).Select(r => r[0]));
    }

    private (JsonElement Summary, string RejectsPath) Ingest(string text = File)
    {
        var orders = _temp.Write("orders.csv", text);
        var rejects = _temp.File("orders.rejects.csv");
        var result = Cli.Ok("ingest", "orders", orders, "--store", _temp.File("store.duckdb"), "--output", "json", "--rejects", rejects, "--accept-rejects");
        Assert.True(result.Err.Length == 0, $"unexpected stderr: {result}");
        return (result.Json(), rejects);
    }
}
