using System.Text;
using System.Text.Json;
using DuckDB.NET.Data;

namespace Clientele.Cli.Tests;

/// <summary>What one run of the program printed and returned.</summary>
internal sealed record CliResult(int ExitCode, string Out, string Err)
{
    /// <summary>Standard output parsed as one JSON document.</summary>
    public JsonElement Json()
    {
        Assert.True(ExitCode == 0, $"exit code {ExitCode}; stderr: {Err}");
        using var document = JsonDocument.Parse(Out);
        return document.RootElement.Clone();
    }

    /// <summary>The program's lines on stderr, without the final newline.</summary>
    public string[] ErrorLines => Err.TrimEnd('\r', '\n').Split('\n');

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Out}\nstderr:\n{Err}";
}

/// <summary>Runs the real entry point (Program.cs calls exactly this) with captured output.</summary>
internal static class Cli
{
    public static CliResult Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = CliApp.Run(args, output, error);
        return new CliResult(exit, output.ToString(), error.ToString());
    }

    /// <summary>Runs and requires exit code 0.</summary>
    public static CliResult Ok(params string[] args)
    {
        var result = Run(args);
        Assert.True(result.ExitCode == 0, $"clientele {string.Join(' ', args)} failed: {result}");
        return result;
    }

    /// <summary>
    /// The error contract: a non-zero exit (unless <paramref name="exitCode"/> says which), exactly one line on stderr
    /// that names <paramref name="mentions"/>, and no stack trace or exception type name.
    /// </summary>
    public static void AssertOneLineError(CliResult result, string mentions, int exitCode = CliApp.UserError)
    {
        Assert.True(result.ExitCode == exitCode, $"expected exit code {exitCode}: {result}");
        Assert.True(result.Err.Length > 0, $"nothing on stderr: {result}");
        Assert.True(result.ErrorLines.Length == 1, $"expected one line on stderr, got {result.ErrorLines.Length}: {result}");
        Assert.Contains(mentions, result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.Err, StringComparison.Ordinal);
    }
}

/// <summary>Looks into a store read-only (a DuckDB file opened read-only; a PostgreSQL database by plain SELECTs), so the check itself cannot change it.</summary>
internal static class StoreFile
{
    /// <summary>Order lines in the store, or 0 when a failed command left no store at all.</summary>
    public static long OrderLinesIfAny(string store) => Clientele.Data.Store.ClienteleStore.Exists(store) ? Counts(store).OrderLines : 0;

    /// <summary>Row counts of the tables an ingest writes to.</summary>
    public static (long OrderLines, long SourceFiles, long Customers, long Products) Counts(string store)
    {
        System.Data.Common.DbConnection connection;
        if (Clientele.Data.Store.StoreLocation.Parse(store).Kind == Clientele.Data.Store.StoreKind.PostgreSql)
        {
            connection = new Npgsql.NpgsqlConnection(store);
        }
        else
        {
            Assert.True(File.Exists(store), $"no store at {store}");
            connection = new DuckDBConnection($"Data Source={store};ACCESS_MODE=READ_ONLY");
        }
        using (connection)
        {
            connection.Open();
            long Count(string table)
            {
                using var command = connection.CreateCommand();
                command.CommandText = $"SELECT count(*) FROM {table}";
                return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            }
            return (Count("order_lines"), Count("source_files"), Count("customers"), Count("products"));
        }
    }
}

/// <summary>Reads RFC 4180 CSV (quoted fields may hold commas, quotes and newlines), for checking the program's CSV outputs.</summary>
internal static class Csv
{
    public static List<string[]> Read(string path)
    {
        var text = File.ReadAllText(path);
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var inQuotes = false;
        var any = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            any = true;
            if (inQuotes)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    inQuotes = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                inQuotes = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\n' || c == '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }
                fields.Add(field.ToString());
                field.Clear();
                records.Add([.. fields]);
                fields.Clear();
                any = false;
            }
            else
            {
                field.Append(c);
            }
        }
        if (any)
        {
            fields.Add(field.ToString());
            records.Add([.. fields]);
        }
        return records;
    }
}

/// <summary>Small order files in the Online Retail layout.</summary>
internal static class OnlineRetail
{
    public const string Header = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country";

    /// <summary>
    /// Five good lines, three invoices, two customers (17850 and 13047), no returns: the first rows of the UCI file,
    /// copied from samples/online_retail.csv.gz.
    /// </summary>
    public const string FiveGoodLines = Header + "\n"
        + "536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,2.55,17850,United Kingdom\n"
        + "536365,71053,WHITE METAL LANTERN,6,2010-12-01 08:26:00,3.39,17850,United Kingdom\n"
        + "536366,22633,HAND WARMER UNION JACK,6,2010-12-01 08:28:00,1.85,17850,United Kingdom\n"
        + "536367,84879,ASSORTED COLOUR BIRD ORNAMENT,32,2010-12-01 08:34:00,1.69,13047,United Kingdom\n"
        + "536367,22745,POPPY'S PLAYHOUSE BEDROOM,6,2010-12-01 08:34:00,2.1,13047,United Kingdom\n";
}
