using System.Globalization;
using System.IO.Compression;
using System.Text;
using DuckDB.NET.Data;

namespace Clientele.Cli.Tests;

/// <summary>
/// Online Retail's own lines (every 250th of samples/online_retail.csv.gz, so the year is covered) saved as people's
/// tools save them: day-first dates, float artefacts, decimal commas with semicolons, UTF-16, Latin-1, spaced headers,
/// ISO dates with Z or an offset, Unix seconds. Each must give the clean file's account and store the same values;
/// those the reader cannot decide alone stop with one line naming the option that decides.
/// </summary>
public sealed class IngestDirtyFilesTests : IDisposable
{
    private const int Every = 250;
    private readonly TempFolder _temp = new();
    private readonly List<string[]> _rows;
    private readonly (long Read, long Accepted, long Rejected) _cleanAccount;
    private readonly string _cleanValues;

    public IngestDirtyFilesTests()
    {
        _rows = SampleRows();
        var clean = Ingest(Save("clean.csv", OnlineRetail.Header, _rows, ',', Encoding.UTF8));
        _cleanAccount = Account(clean.Summary);
        _cleanValues = StoredValues(clean.Store);
        // The sample as cut: 2,168 lines, about a quarter without CustomerID (as in the whole file).
        Assert.Equal(541_909 / Every, _cleanAccount.Read);
        Assert.True(_cleanAccount.Accepted > 1_500, $"accepted {_cleanAccount.Accepted}");
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Ingest_DayFirstDates_OrderFoundFromTheFileAndValuesAsClean()
    {
        var rows = MapColumn(_rows, 4, t => Parse(t).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture));

        var (summary, store) = Ingest(Save("day-first.csv", OnlineRetail.Header, rows, ',', Encoding.UTF8));

        Assert.Equal(_cleanAccount, Account(summary));
        Assert.Equal(_cleanValues, StoredValues(store));
    }

    [Fact]
    public void Ingest_DayFirstDatesWithDateFormat_ValuesAsClean()
    {
        var rows = MapColumn(_rows, 4, t => Parse(t).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture));

        var (summary, store) = Ingest(Save("day-first.csv", OnlineRetail.Header, rows, ',', Encoding.UTF8), "--date-format", "dd/MM/yyyy HH:mm");

        Assert.Equal(_cleanAccount, Account(summary));
        Assert.Equal(_cleanValues, StoredValues(store));
    }

    [Fact]
    public void Ingest_OnlyAmbiguousDayFirstDates_StopsNamingDateFormatAndStoresNothing()
    {
        // December 2010, days 1 to 12 only: 01/12/2010 could be 1 December or 12 January; no line tells.
        var early = _rows.Where(r => Parse(r[4]) is { Year: 2010, Day: <= 12 }).ToList();
        var rows = MapColumn(early, 4, t => Parse(t).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture));
        var file = Save("ambiguous.csv", OnlineRetail.Header, rows, ',', Encoding.UTF8);
        var store = _temp.File("ambiguous.duckdb");

        var result = Cli.Run("ingest", "orders", file, "--store", store, "--output", "json");

        Cli.AssertOneLineError(result, $"ambiguous.csv, line 2: dates like \"{rows[0][4]}\" could be day-first or month-first");
        Assert.Contains("--date-format", result.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(store), "the store this ingest created must go when it stops");
    }

    [Fact]
    public void Ingest_FloatArtefactPrices_RoundedCountedAndValuesAsClean()
    {
        // One ulp above each positive price, printed as a double prints (2.5500000000000003).
        var rows = MapColumn(_rows, 5, t =>
        {
            var price = double.Parse(t, CultureInfo.InvariantCulture);
            return price > 0 ? Math.BitIncrement(price).ToString("R", CultureInfo.InvariantCulture) : t;
        });
        Assert.Contains(rows, r => r[5].Length >= 17);

        var file = Save("artefacts.csv", OnlineRetail.Header, rows, ',', Encoding.UTF8);
        var (summary, store) = Ingest(file);

        Assert.Equal(_cleanAccount, Account(summary));
        Assert.Equal(_cleanValues, StoredValues(store));
        // Every accepted line has a positive price, so every one was rounded.
        Assert.Equal(_cleanAccount.Accepted, summary.GetProperty("rounded_prices").GetInt64());
        // The same bytes again: nothing added, and the account given is the first one, rounded prices included.
        var again = Cli.Ok("ingest", "orders", file, "--store", store, "--output", "json").Json();
        Assert.True(again.GetProperty("already_ingested").GetBoolean());
        Assert.Equal(_cleanAccount.Accepted, again.GetProperty("rounded_prices").GetInt64());
        var table = Cli.Ok("ingest", "orders", Save("artefacts-again.csv", OnlineRetail.Header, rows.Take(50).ToList(), ',', Encoding.UTF8), "--store", _temp.File("t.duckdb")).Out;
        Assert.Contains("of which prices rounded from float artefacts", table, StringComparison.Ordinal);
    }

    [Fact]
    public void Ingest_DecimalCommasWithSemicolons_DetectedAndValuesAsClean()
    {
        var rows = MapColumn(_rows, 5, t => t.Replace('.', ','));

        var (summary, store) = Ingest(Save("semicolons.csv", OnlineRetail.Header.Replace(',', ';'), rows, ';', Encoding.UTF8));

        Assert.Equal(_cleanAccount, Account(summary));
        Assert.Equal(_cleanValues, StoredValues(store));
    }

    [Fact]
    public void Ingest_GermanPricesWithDecimalOption_ValuesAsClean()
    {
        // 1.234,50 €: thousands points, a decimal comma and the currency after, as a German spreadsheet writes them.
        var german = new NumberFormatInfo { NumberDecimalSeparator = ",", NumberGroupSeparator = "." };
        var rows = MapColumn(_rows, 5, t => decimal.Parse(t, CultureInfo.InvariantCulture).ToString("#,0.00####", german) + " €");
        var file = Save("german.csv", OnlineRetail.Header.Replace(',', ';'), rows, ';', Encoding.UTF8);

        var (summary, store) = Ingest(file, "--decimal", ",");

        Assert.Equal(_cleanAccount, Account(summary));
        Assert.Equal(_cleanValues, StoredValues(store));
    }

    [Fact]
    public void Ingest_FewDecimalCommasAmongPoints_ThoseRejectedNamingDecimal()
    {
        // Two prices typed with a comma in a file of points: the file is not a decimal-comma file, so those two lines
        // are rejected with the reason (and the option that would read them); nothing is guessed.
        var rows = _rows.Where(r => r[6].Length > 0 && r[5].Contains('.', StringComparison.Ordinal) && double.Parse(r[5], CultureInfo.InvariantCulture) > 0 && !r[0].StartsWith('C')).Take(100).ToList();
        rows = rows.Select((r, i) => i is 10 or 20 ? r.Select((f, c) => c == 5 ? f.Replace('.', ',') : f).ToArray() : r).ToList();
        Assert.Contains(",", rows[10][5], StringComparison.Ordinal);
        var file = Save("two-commas.csv", OnlineRetail.Header.Replace(',', ';'), rows, ';', Encoding.UTF8);

        var (summary, _) = Ingest(file);

        Assert.Equal(100, summary.GetProperty("read").GetInt64());
        Assert.Equal(2, summary.GetProperty("rejected").GetInt64());
        var rejects = Csv.Read(summary.GetProperty("rejects_file").GetString()!);
        Assert.Equal($"\"{rows[10][5]}\" has a decimal comma; give --decimal ,", rejects[1][3]);
    }

    [Fact]
    public void Ingest_Utf16LittleEndianWithBom_ValuesAsClean()
    {
        var (summary, store) = Ingest(Save("utf16.csv", OnlineRetail.Header, _rows, ',', new UnicodeEncoding(bigEndian: false, byteOrderMark: true)));

        Assert.Equal(_cleanAccount, Account(summary));
        Assert.Equal(_cleanValues, StoredValues(store));
    }

    [Fact]
    public void Ingest_Utf16BigEndianWithoutBom_ValuesAsClean()
    {
        var (summary, store) = Ingest(Save("utf16be.csv", OnlineRetail.Header, _rows, ',', new UnicodeEncoding(bigEndian: true, byteOrderMark: false)));

        Assert.Equal(_cleanAccount, Account(summary));
        Assert.Equal(_cleanValues, StoredValues(store));
    }

    [Fact]
    public void Ingest_Latin1WithoutEncoding_RefusedNamingEncodingAndTheLine()
    {
        var rows = MapColumn(_rows, 2, t => t.Contains("HEART", StringComparison.Ordinal) ? t + " CAFÉ CRÈME" : t);
        var firstLine = rows.FindIndex(r => r[2].Contains('É', StringComparison.Ordinal)) + 2; // header is line 1
        var file = Save("latin1.csv", OnlineRetail.Header, rows, ',', Encoding.Latin1);
        var store = _temp.File("latin1.duckdb");

        var result = Cli.Run("ingest", "orders", file, "--store", store, "--output", "json");

        Cli.AssertOneLineError(result, $"latin1.csv, line {firstLine}: byte 0xC9 is not valid UTF-8");
        Assert.Contains("--encoding latin1", result.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(store), "the store this ingest created must go when it stops");
    }

    [Fact]
    public void Ingest_Latin1WithEncoding_TextStoredAsWrittenAndValuesAsClean()
    {
        var rows = MapColumn(_rows, 2, t => t.Contains("HEART", StringComparison.Ordinal) ? t + " CAFÉ CRÈME" : t);

        var (summary, store) = Ingest(Save("latin1.csv", OnlineRetail.Header, rows, ',', Encoding.Latin1), "--encoding", "latin1");

        Assert.Equal(_cleanAccount, Account(summary));
        Assert.Equal(_cleanValues, StoredValues(store));
        Assert.True(Scalar<long>(store, "SELECT count(*) FROM order_lines WHERE description LIKE '%CAFÉ CRÈME'") > 0);
        Assert.Equal(0, Scalar<long>(store, "SELECT count(*) FROM order_lines WHERE contains(description, chr(65533))"));
    }

    [Fact]
    public void Ingest_Windows1252EuroSign_DecodedWithEncoding()
    {
        var rows = MapColumn(_rows, 2, t => t.Contains("HEART", StringComparison.Ordinal) ? t + " 5€ OFF" : t);
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

        var (summary, store) = Ingest(Save("cp1252.csv", OnlineRetail.Header, rows, ',', Encoding.GetEncoding(1252)), "--encoding", "windows-1252");

        Assert.Equal(_cleanAccount, Account(summary));
        Assert.True(Scalar<long>(store, "SELECT count(*) FROM order_lines WHERE description LIKE '%5€ OFF'") > 0);
    }

    [Fact]
    public void Ingest_HeadersWithSpaces_MatchedAndValuesAsClean()
    {
        const string spaced = "Invoice No,Stock Code,Description,Quantity,Invoice Date,Unit Price,Customer ID,Country";

        var (summary, store) = Ingest(Save("spaced.csv", spaced, _rows, ',', Encoding.UTF8));

        Assert.Equal("online-retail", summary.GetProperty("layout").GetString());
        Assert.Equal(_cleanAccount, Account(summary));
        Assert.Equal(_cleanValues, StoredValues(store));
    }

    [Fact]
    public void Ingest_IsoWithZ_ValuesAsClean()
    {
        var rows = MapColumn(_rows, 4, t => Parse(t).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));

        var (summary, store) = Ingest(Save("zulu.csv", OnlineRetail.Header, rows, ',', Encoding.UTF8));

        Assert.Equal(_cleanAccount, Account(summary));
        Assert.Equal(_cleanValues, StoredValues(store));
    }

    [Fact]
    public void Ingest_IsoWithOffset_StoredAsUtcAndValuesAsClean()
    {
        // The same instants written in Central European time (+01:00): stored as UTC, they are the clean values.
        var rows = MapColumn(_rows, 4, t => new DateTimeOffset(Parse(t).AddHours(1), TimeSpan.FromHours(1)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture));

        var (summary, store) = Ingest(Save("offset.csv", OnlineRetail.Header, rows, ',', Encoding.UTF8));

        Assert.Equal(_cleanAccount, Account(summary));
        Assert.Equal(_cleanValues, StoredValues(store));
    }

    [Fact]
    public void Ingest_UnixEpochSeconds_ValuesAsClean()
    {
        var rows = MapColumn(_rows, 4, t => ((long)(Parse(t) - DateTime.UnixEpoch).TotalSeconds).ToString(CultureInfo.InvariantCulture));

        var (summary, store) = Ingest(Save("epoch.csv", OnlineRetail.Header, rows, ',', Encoding.UTF8));

        Assert.Equal(_cleanAccount, Account(summary));
        Assert.Equal(_cleanValues, StoredValues(store));
    }

    private static List<string[]> SampleRows()
    {
        using var file = File.OpenRead(Clientele.Tests.TestData.Sample("online_retail.csv.gz"));
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        reader.ReadLine();
        var rows = new List<string[]>();
        var n = 0;
        while (reader.ReadLine() is { } line)
        {
            if (++n % Every == 0)
            {
                rows.Add(CsvLine.Split(line));
            }
        }
        return rows;
    }

    private static List<string[]> MapColumn(List<string[]> rows, int column, Func<string, string> map) =>
        rows.Select(r => r.Select((f, i) => i == column ? map(f) : f).ToArray()).ToList();

    private static DateTime Parse(string iso) => DateTime.ParseExact(iso, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private string Save(string name, string header, List<string[]> rows, char delimiter, Encoding encoding)
    {
        var text = new StringBuilder(header).Append('\n');
        foreach (var row in rows)
        {
            text.AppendJoin(delimiter, row.Select(f => f.Contains(delimiter, StringComparison.Ordinal) || f.Contains('"', StringComparison.Ordinal) ? "\"" + f.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : f)).Append('\n');
        }
        var path = _temp.File(name);
        File.WriteAllBytes(path, [.. encoding.GetPreamble(), .. encoding.GetBytes(text.ToString())]);
        return path;
    }

    private (System.Text.Json.JsonElement Summary, string Store) Ingest(string file, params string[] options)
    {
        var store = _temp.File(Path.GetFileNameWithoutExtension(file) + "-" + Guid.NewGuid().ToString("N")[..6] + ".duckdb");
        var summary = Cli.Ok(["ingest", "orders", file, "--store", store, "--output", "json", .. options]).Json();
        return (summary, store);
    }

    private static (long, long, long) Account(System.Text.Json.JsonElement s) =>
        (s.GetProperty("read").GetInt64(), s.GetProperty("accepted").GetInt64(), s.GetProperty("rejected").GetInt64());

    /// <summary>Every stored order-line value, in line order, as one string (descriptions aside: some variants change them).</summary>
    private static string StoredValues(string store) => Scalar<string>(store, """
        SELECT string_agg(concat_ws('|', line_number, order_id, customer_id, product_id, quantity, unit_price, amount, strftime(ordered_at, '%Y-%m-%d %H:%M:%S'), is_return, country), chr(10) ORDER BY line_number)
        FROM order_lines
        """);

    private static T Scalar<T>(string store, string sql)
    {
        using var connection = new DuckDBConnection($"Data Source={store};ACCESS_MODE=READ_ONLY");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)Convert.ChangeType(command.ExecuteScalar()!, typeof(T), CultureInfo.InvariantCulture);
    }
}
