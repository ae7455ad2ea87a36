using Clientele.Core;
using DuckDB.NET.Data;

namespace Clientele.Data.Export;

/// <summary>The formats of <c>clientele export</c>: CSV is the contract; Parquet and JSON carry the same columns and rows, typed.</summary>
public enum ExportFormat
{
    Csv,
    Parquet,
    Json,
}

/// <summary>
/// Turns an exported CSV into Parquet or JSON with an in-memory DuckDB (a file engine, whichever store the rows came
/// from): numbers and timestamps are typed by DuckDB's detection over the whole file, and the columns named as text stay
/// text (ids such as 00123 keep their zeros).
/// </summary>
public static class ExportFiles
{
    public static ExportFormat Parse(string value) => value.ToLowerInvariant() switch
    {
        "csv" => ExportFormat.Csv,
        "parquet" => ExportFormat.Parquet,
        "json" => ExportFormat.Json,
        _ => throw new ClienteleException($"--format {value}: expected csv, parquet or json"),
    };

    public static string Extension(ExportFormat format) => format switch
    {
        ExportFormat.Parquet => ".parquet",
        ExportFormat.Json => ".json",
        _ => ".csv",
    };

    /// <summary>Writes <paramref name="target"/> from <paramref name="csv"/>; <paramref name="textColumns"/> are read as text.</summary>
    public static void Convert(string csv, string target, ExportFormat format, IReadOnlyList<string> textColumns)
    {
        ArgumentNullException.ThrowIfNull(textColumns);
        if (format == ExportFormat.Csv)
        {
            throw new ArgumentException("A CSV export needs no conversion.", nameof(format));
        }
        string header;
        using (var reader = new StreamReader(csv))
        {
            header = reader.ReadLine() ?? "";
        }
        var present = header.Split(',').Select(c => c.Trim('"')).ToHashSet(StringComparer.Ordinal);
        var types = string.Join(", ", textColumns.Where(present.Contains).Select(c => $"'{c}': 'VARCHAR'"));
        var options = format == ExportFormat.Parquet ? "FORMAT parquet" : "FORMAT json, ARRAY true";
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"COPY (SELECT * FROM read_csv({Quote(csv)}, header = true, sample_size = -1{(types.Length > 0 ? $", types = {{{types}}}" : "")})) TO {Quote(target)} ({options})";
        command.ExecuteNonQuery();
    }

    private static string Quote(string path) => "'" + path.Replace("'", "''", StringComparison.Ordinal) + "'";
}
