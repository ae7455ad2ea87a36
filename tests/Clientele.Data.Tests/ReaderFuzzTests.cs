using System.Text;
using Clientele.Core;
using Clientele.Data.Ingest;
using CsCheck;

namespace Clientele.Data.Tests;

/// <summary>
/// The real readers (CsvRecordSource, then OrderLineParser with its date and number readers and its whole-file scans)
/// on generated input: raw bytes, CSV-ish text, and lines of plausible and implausible fields. Whatever comes in, the
/// readers end either with a one-line <see cref="ClienteleException"/> or with every record accounted for.
/// </summary>
public sealed class ReaderFuzzTests
{
    private const string Header = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n";
    private static readonly byte[] HeaderBytes = Encoding.UTF8.GetBytes(Header);

    private static readonly Gen<string> Dates = Gen.OneOf(
        Gen.OneOf<string>("2010-12-01 08:26:00", "01/12/2010 08:26", "13/12/2010 08:26", "12/13/2010 08:26", "2010-12-01T08:26:00Z", "2010-12-01T08:26:00+01:00",
            "1291191960", "1291191960000", "20101201", "31/02/2011", "", "yesterday", "2010-13-45", "99999999999999999999", "1/1/0001 0:00", "12/31/9999 23:59"),
        Gen.Select(Gen.Int[0, 40], Gen.Int[0, 40], Gen.Int[0, 9999], Gen.Int[0, 30], Gen.Int[0, 70])
            .Select((a, b, y, h, m) => $"{a}/{b}/{y} {h}:{m:00}"),
        Gen.Long[-10_000_000_000_000L, 10_000_000_000_000L].Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    private static readonly Gen<string> Numbers = Gen.OneOf(
        Gen.OneOf<string>("2.55", "2,55", "1,234", "£1,234.50", "1.234,50 €", "$3.00", "7.950000000000001", "0.1234567", "1e400", "-", "", "0", "-3", "1.5e3", "6.0", "6.5", "--£", "£", "1 234,5", "NaN"),
        Gen.Double.Select(d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture)),
        Gen.Decimal.Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        Gen.Int.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    private static readonly Gen<string> Text = Gen.String[Gen.Char[",;\"\r\n \t0123456789./-:ÉZT+e£€abcC\u00A0"], 0, 12];

    private static readonly Gen<string> Line = Gen.Select(Text, Numbers, Dates, Numbers, Text, Gen.Int[6, 9], Gen.Bool)
        .Select((text, quantity, date, price, customer, fields, quote) =>
        {
            string[] all = ["536365", "85123A", quote ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text, quantity, date, price, customer, "United Kingdom", "extra"];
            return string.Join(',', all.Take(fields));
        });

    private static readonly Gen<byte[]> Inputs = Gen.OneOf(
        Gen.Byte.Array[0, 200].Select(b => (byte[])[.. HeaderBytes, .. b]),
        Text.Array[0, 8].Select(t => Encoding.UTF8.GetBytes(Header + string.Concat(t))),
        Line.Array[0, 12].Select(lines => Encoding.UTF8.GetBytes(Header + string.Join('\n', lines))),
        Gen.Select(Line.Array[1, 6], Gen.Bool).Select((lines, crlf) => Encoding.UTF8.GetBytes(Header + string.Join(crlf ? "\r\n" : "\n", lines) + (crlf ? "\r\n" : ""))));

    [Fact]
    public void Readers_HundredThousandGeneratedInputs_NoCrashAndEveryRecordAccounted()
    {
        long accounted = 0, refused = 0;
        Inputs.Sample(bytes =>
        {
            var outcome = ReadAll(bytes);
            if (outcome is null)
            {
                Interlocked.Increment(ref refused);
                return;
            }
            var (read, accepted, rejected) = outcome.Value;
            Assert.Equal(read, accepted + rejected);
            Interlocked.Increment(ref accounted);
        }, iter: 100_000);

        Assert.Equal(100_000, accounted + refused);
        Assert.True(accounted > refused, $"{accounted} inputs read to the end, {refused} refused: the generator should mostly reach the parser");
    }

    [Fact]
    public void CsvRecordSource_RecordsWrittenByRfc4180_PropertyReadBackFieldForFieldWithTheirLines()
    {
        var field = Gen.String[Gen.Char["ab ,\"\n\r;É"], 0, 6];
        var record = field.Array[3, 3];
        record.Array[1, 8].Sample(records =>
        {
            // Blank records would be blank lines, which are not records: make the first field non-empty.
            var rows = records.Select(r => (string[])["x" + r[0], r[1], r[2]]).ToArray();
            var text = "a,b,c\n" + string.Concat(rows.Select(r => CsvText.Line(r) + "\n"));
            using var source = new CsvRecordSource(new MemoryStream(Encoding.UTF8.GetBytes(text)), TextEncoding.StrictUtf8, "round-trip.csv");
            var line = 2L;
            foreach (var row in rows)
            {
                Assert.True(source.Read());
                Assert.Null(source.Malformation);
                Assert.Equal(row, source.Fields);
                Assert.Equal(line, source.LineNumber);
                line += 1 + row.Sum(f => f.Count(c => c == '\n')); // a line break inside a quoted field moves the next record's line
            }
            Assert.False(source.Read());
        }, iter: 5_000);
    }

    /// <summary>Reads a whole input the way an ingest does; null when the readers refuse it with a one-line error.</summary>
    private static (long Read, long Accepted, long Rejected)? ReadAll(byte[] bytes)
    {
        try
        {
            using var source = new CsvRecordSource(new MemoryStream(bytes), TextEncoding.StrictUtf8, "fuzz.csv");
            var layout = OrderLayout.OnlineRetail(source.Header, "fuzz.csv");
            var scan = new ColumnScan("fuzz.csv", () => new CsvRecordSource(new MemoryStream(bytes), TextEncoding.StrictUtf8, "fuzz.csv"));
            var parser = new OrderLineParser(layout, fileId: 1, scan);
            long read = 0, accepted = 0, rejected = 0;
            while (source.Read())
            {
                read++;
                if (source.Malformation is not null)
                {
                    rejected++;
                }
                else if (parser.TryParse(source.Fields, source.LineNumber, out var line, out var rejection))
                {
                    accepted++;
                    Assert.False(line.CustomerId.Contains('\uFFFD', StringComparison.Ordinal));
                    Assert.True(line.Amount.Scale <= NumberReader.MaximumDecimals);
                    Assert.True(line.UnitPrice is null || line.UnitPrice.Value.Scale <= NumberReader.MaximumDecimals);
                }
                else
                {
                    rejected++;
                    Assert.NotNull(rejection.Reason);
                    Assert.False(string.IsNullOrEmpty(rejection.Detail), $"no detail for {rejection.Reason.Code}");
                }
            }
            return (read, accepted, rejected);
        }
        catch (ClienteleException e)
        {
            Assert.DoesNotContain('\n', e.Message);
            return null;
        }
    }
}
