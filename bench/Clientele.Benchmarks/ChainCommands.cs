using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DuckDB.NET.Data;

namespace Clientele.Benchmarks;

/// <summary>The DuckDB side of <c>bench/shop/run-chain.sh</c>: SQL statements run by DuckDB itself, each timed.</summary>
internal static class ChainCommands
{
    /// <summary>
    /// <c>duckdb-sql --db PATH --step NAME SQL…</c>: runs each statement in order on the DuckDB file (created when
    /// missing) and prints one JSON line with the step's name, its wall seconds (all statements) and the first value of
    /// the last statement's result, if any.
    /// </summary>
    public static int DuckDbSql(string[] args)
    {
        string? db = null, step = null;
        var statements = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--db" when i + 1 < args.Length:
                    db = args[++i];
                    break;
                case "--step" when i + 1 < args.Length:
                    step = args[++i];
                    break;
                default:
                    statements.Add(args[i]);
                    break;
            }
        }
        if (db is null || step is null || statements.Count == 0)
        {
            return Commands.Fail("duckdb-sql needs --db PATH --step NAME and at least one statement.");
        }
        using var connection = new DuckDBConnection($"Data Source={db}");
        connection.Open();
        object? first = null;
        var clock = Stopwatch.StartNew();
        foreach (var sql in statements)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            using var reader = command.ExecuteReader();
            first = reader.Read() && reader.FieldCount > 0 ? reader.GetValue(0) : null;
        }
        var seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["side"] = "duckdb",
            ["step"] = step,
            ["seconds"] = Math.Round(seconds, 3),
            ["value"] = first is null or DBNull ? null : Convert.ToString(first, CultureInfo.InvariantCulture),
        }));
        return 0;
    }
}
