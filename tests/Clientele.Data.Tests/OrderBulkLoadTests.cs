using System.Globalization;
using System.IO.Compression;
using System.Text;
using Clientele.Data.Ingest;
using Clientele.Data.Store;
using Clientele.Tests;

namespace Clientele.Data.Tests;

/// <summary>
/// DuckDB's reader with SQL for the plain lines (<see cref="OrderBulkLoad"/>) against the C# reader for every line:
/// the same file must give the same order lines (every column), the same account and the same rejects report, line
/// for line. The C# reader is the reference: it is what every other ingest test checks against hand-counted numbers.
/// </summary>
public sealed class OrderBulkLoadTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private string? _whyNot;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Ingest_OnlineRetail_SameAsTheCSharpReader()
    {
        // The real file (541,909 lines; quoted descriptions, trailing spaces, cancellations, duplicates, guests).
        var plain = _folder.File("online_retail.csv");
        using (var gzip = new GZipStream(File.OpenRead(TestData.Sample("online_retail.csv.gz")), CompressionMode.Decompress))
        using (var output = File.Create(plain))
        {
            gzip.CopyTo(output);
        }
        var bySql = AssertSameAsCSharpReader(plain, new IngestOptions());
        Assert.True(bySql > 400_000, $"SQL read {bySql} lines ({_whyNot})");
    }

    [Fact]
    public void Ingest_DirtyPandasExport_SameAsTheCSharpReader()
    {
        // Every form the SQL takes or leaves to the parser, beside each other in one file.
        var file = Write("dirty.csv", "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country",
            "1001,A1,PLAIN,2,13/01/2010 08:00,2.55,17850.0,United Kingdom",              // day-first evidence, .0 id
            "1001,A2,ARTEFACT,1,13/01/2010 08:00,2.1199999999999997,17850.0,United Kingdom",
            "1001,A2,ARTEFACT,1,13/01/2010 08:00,2.1199999999999997,17850.0,United Kingdom", // exact duplicate
            "1001,A2,\"ARTEFACT\",1,13/01/2010 08:00,2.1199999999999997,17850.0,United Kingdom", // same fields, quoted
            "1002,A3,SEVEN DECIMALS,1,01/02/2010 09:00,0.1234567,12,France",              // not an artefact: rejected
            "1002,A4,MIDPOINT,1,01/02/2010 09:00,123456789.1234565,12,France",            // tie: the parser's
            "1002,A5, LEADING SPACE,1,01/02/2010 09:00,1.5,12,France",
            "1002,A6,TRAILING SPACE ,1,01/02/2010 09:00,1.5,12 ,France",
            "1002,A7,NBSP\u00A0,1,01/02/2010 09:00,1.5,12,France",
            "1002,A8,\"QUOTED, COMMA\",1,01/02/2010 09:00,1.50,12,France",
            "1003,A9,ZERO,0,02/02/2010 09:00,1.5,13,Spain",
            "1003,B1,WHOLE FLOAT,6.0,02/02/2010 09:00,1.5,13,Spain",
            "1003,B2,PLUS,+5,02/02/2010 09:00,1.5,13,Spain",
            "1003,B3,FREE,1,02/02/2010 09:00,0.0,13,Spain",
            "1003,B4,NEGATIVE,1,02/02/2010 09:00,-1.5,13,Spain",
            "1003,B5,GUEST,1,02/02/2010 09:00,1.5,,Spain",
            "C1004,B6,CANCELLED,-2,03/02/2010 10:15:30,4.25,14,Spain",
            ",B7,NO INVOICE,1,03/02/2010 10:15,4.25,14,Spain",
            "1005,B8,BAD DATE,1,31/02/2010 10:15,4.25,15,Spain",
            "1005,B9,BAD HOUR,1,03/02/2010 24:15,4.25,15,Spain",
            "1005,C1,ISO,1,2010-02-03 10:15:00,4.25,15,Spain",
            "1005,C2,ISO T,1,2010-02-03T10:15,4.25,15,",
            "1005,C3,DATE ONLY,1,2010-02-03,4.25,15,Spain",
            "1005,C4,UNIX,1,1265192100,4.25,15,Spain",
            "1005,C5,CURRENCY,1,03/02/2010 10:15,£4.25,15,Spain",
            "1005,C6,BIG,1,03/02/2010 10:15,1234567890.5,15,Spain",
            "1005,C7,MANY DIGITS,1,03/02/2010 10:15,0.30000000000000004,15,Spain",
            "1005,C8,HEX ID,1,03/02/2010 10:15,0.3,ab-15.0,Spain",
            "1006,C9,\"SAY \"\"HI\"\"\",1,04/02/2010 10:15,1.25,16,Spain",
            "1006,D1,STRAY\"QUOTE,1,04/02/2010 10:15,1.25,16,Spain",
            "1006,D2,ZEROS,1,04/02/2010 10:15,2.50000000,00016,Spain",
            "1006,D3,WHOLE,1,04/02/2010 10:15,100,16,Spain",
            "1006,D4,UNDERSCORE,1,04/02/2010 10:15,1_000,16,Spain",
            "1006,D5,EXPONENT,1,04/02/2010 10:15,1e3,16,Spain",
            "1006,D6,PADDED,1,04/02/2010 10:15,00012.5,16,Spain",
            "1006,D7,SMALL ARTEFACT,1,04/02/2010 10:15,0.30000000000000004,16,Spain",
            "1006,D8,LARGE ARTEFACT,1,04/02/2010 10:15,123456.12000000001,16,Spain",
            "1006,D9,LAST,1,04/02/2010 10:15,1.25,00016,Spain");
        Assert.True(AssertSameAsCSharpReader(file, new IngestOptions { Limits = new IngestLimits { AcceptRejects = true } }) > 10);
    }

    [Fact]
    public void Ingest_CrlfWithoutLastLineEnd_SameAsTheCSharpReader()
    {
        var file = _folder.File("crlf.csv");
        File.WriteAllText(file, "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\r\n"
            + "1,A,X,1,2010-01-04 10:00:00,1.5,7,UK\r\n1,B,Y,2,2010-01-04 10:00:00,2.5,7,UK\r\n2,A,X,1,2010-01-05 10:00:00,1.5,8,UK ");
        Assert.Equal(2, AssertSameAsCSharpReader(file, new IngestOptions()));
    }

    [Theory]
    [InlineData("blank line", 0, "1,A,X,1,01/13/2010 10:00,1.5,7,UK\n\n1,B,Y,1,01/13/2010 10:00,1.5,7,UK")]
    [InlineData("quoted line end", 0, "1,A,\"X\nZ\",1,01/13/2010 10:00,1.5,7,UK\n1,B,Y,1,01/13/2010 10:00,1.5,7,UK")]
    [InlineData("both date orders", 0, "1,A,X,1,13/01/2010 10:00,1.5,7,UK\n1,B,Y,1,01/13/2010 10:00,1.5,7,UK\n1,C,Y,1,01/02/2010 10:00,1.5,7,UK")]
    [InlineData("a field too many", 0, "1,A,X,1,01/13/2010 10:00,1.5,7,UK,extra\n1,B,Y,1,01/13/2010 10:00,1.5,7,UK")]
    [InlineData("evidence only on a line the parser rejects", 1, "1,A,X,1,13/01/2010 10:00,1.5,,UK\n1,B,Y,1,01/02/2010 10:00,1.5,7,UK")]
    public void Ingest_LinesTheReadersCouldReadDifferently_SameAsTheCSharpReader(string why, long bySql, string body)
    {
        var file = _folder.File(why.Replace(' ', '-') + ".csv");
        File.WriteAllText(file, "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n" + body + "\n");
        Assert.Equal(bySql, AssertSameAsCSharpReader(file, new IngestOptions { Limits = new IngestLimits { AcceptRejects = true } }));
    }

    [Fact]
    public void Ingest_DatesThatCouldBeEitherOrder_BothReadersRefuseAlike()
    {
        var file = Write("ambiguous.csv", "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country",
            "1,A,X,1,01/02/2010 10:00,1.5,7,UK", "1,B,Y,1,03/02/2010 10:00,1.5,7,UK");
        var bulk = Assert.Throws<Core.ClienteleException>(() => Ingest(file, new IngestOptions(), bulk: true));
        var plain = Assert.Throws<Core.ClienteleException>(() => Ingest(file, new IngestOptions(), bulk: false));
        Assert.Equal(plain.Message, bulk.Message);
        Assert.Contains("could be day-first or month-first", bulk.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ingest_GenericLayoutWithAmount_SameAsTheCSharpReader()
    {
        var file = Write("generic.csv", "order;customer;when;value",
            "o1;c1;2011-03-01 12:00:00;10.5",
            "o2;c1;2011-03-02 12:00:00;0",
            "o3;c2;2011-03-02 12:00:00;7.950000000000001",
            "o4;c3;2011-03-02;-4");
        var options = new IngestOptions
        {
            Schema = OrderFileSchema.Generic,
            Map = new Dictionary<string, string> { ["order_id"] = "order", ["customer_id"] = "customer", ["ordered_at"] = "when", ["amount"] = "value" },
            Limits = new IngestLimits { AcceptRejects = true },
        };
        Assert.Equal(3, AssertSameAsCSharpReader(file, options));
    }

    private string Write(string name, string header, params string[] lines)
    {
        var file = _folder.File(name);
        File.WriteAllText(file, header + "\n" + string.Join("\n", lines) + "\n", new UTF8Encoding(false));
        return file;
    }

    /// <summary>Returns how many lines SQL read on the bulk side.</summary>
    private long AssertSameAsCSharpReader(string file, IngestOptions options)
    {
        var (bulkSummary, bulkLines, bulkRejects, bulkCustomers, bySql) = Ingest(file, options, bulk: true);
        var (plainSummary, plainLines, plainRejects, plainCustomers, _) = Ingest(file, options, bulk: false);
        Assert.Equal(plainSummary.Read, bulkSummary.Read);
        Assert.Equal(plainSummary.Accepted, bulkSummary.Accepted);
        Assert.Equal(plainSummary.ReturnLines, bulkSummary.ReturnLines);
        Assert.Equal(plainSummary.RoundedPrices, bulkSummary.RoundedPrices);
        Assert.Equal(plainSummary.RejectedByReason, bulkSummary.RejectedByReason);
        Assert.Equal(plainLines, bulkLines);
        Assert.Equal(plainRejects, bulkRejects);
        Assert.Equal(plainCustomers, bulkCustomers);
        return bySql;
    }

    private (IngestSummary Summary, List<string> Lines, List<string> Rejects, List<string> Customers, long BySql) Ingest(string file, IngestOptions options, bool bulk)
    {
        var name = bulk ? "bulk" : "plain";
        var rejects = _folder.File($"{name}-{Path.GetFileName(file)}.rejects.csv");
        using var store = ClienteleStore.Open(_folder.File($"{name}-{Path.GetFileName(file)}.duckdb"));
        var ingestor = new OrderIngestor(store) { BulkReader = bulk };
        var summary = ingestor.Ingest(file, options with { RejectsPath = rejects });
        var lines = Rows(store, "SELECT * FROM order_lines ORDER BY line_number");
        var customers = Rows(store, "SELECT * FROM customers ORDER BY customer_id");
        var report = File.Exists(rejects) ? File.ReadLines(rejects).Order(StringComparer.Ordinal).ToList() : [];
        _whyNot = bulk ? ingestor.WhyNotBulk : _whyNot;
        return (summary, lines, report, customers, ingestor.LinesReadBySql);
    }

    private static List<string> Rows(ClienteleStore store, string sql)
    {
        var rows = new List<string>();
        using var command = store.Command(sql);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var values = new object[reader.FieldCount];
            reader.GetValues(values);
            rows.Add(string.Join("|", values.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture))));
        }
        return rows;
    }
}
