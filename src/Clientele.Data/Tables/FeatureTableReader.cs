using System.Globalization;
using Clientele.Core;
using Clientele.Data.Ingest;

namespace Clientele.Data.Tables;

/// <summary>A feature table a user brings: one id per row and numeric features.</summary>
public sealed record FeatureTable(string IdColumn, IReadOnlyList<string> Ids, FeatureMatrix Features);

/// <summary>
/// Reads a CSV (plain or gzip) whose first column (or <c>idColumn</c>) identifies the customer and whose other columns
/// are numbers. Unlike order files, a feature table is all or nothing: a bad cell is an error naming its line and column,
/// since a clustering with silently dropped customers would not be the one asked for.
/// </summary>
public static class FeatureTableReader
{
    public static FeatureTable Read(string path, string? idColumn = null)
    {
        using var source = CsvRecordSource.Open(path, "a feature table");
        var header = source.Header;
        var idIndex = idColumn is null ? 0 : IndexOf(header, idColumn, path);
        if (header.Count < 2)
        {
            throw new ClienteleException($"a feature table needs an id column and at least one feature column; the header has {header.Count} column(s)", path, line: 1);
        }
        var featureColumns = Enumerable.Range(0, header.Count).Where(c => c != idIndex).ToArray();
        var ids = new List<string>();
        var values = new List<double>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (source.Read())
        {
            var fields = source.Fields;
            if (source.Malformation is { } malformation)
            {
                throw new ClienteleException(malformation, path, source.LineNumber);
            }
            if (fields.Count != header.Count)
            {
                throw new ClienteleException($"expected {header.Count} fields, found {fields.Count}", path, source.LineNumber);
            }
            var id = fields[idIndex].Trim();
            if (id.Length == 0)
            {
                throw new ClienteleException("the id is empty", path, source.LineNumber, header[idIndex]);
            }
            if (!seen.Add(id))
            {
                throw new ClienteleException($"id {id} appears twice", path, source.LineNumber, header[idIndex]);
            }
            ids.Add(id);
            foreach (var c in featureColumns)
            {
                var text = fields[c].Trim();
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
                {
                    throw new ClienteleException(text.Length == 0 ? "empty value; every feature needs a number" : $"\"{text}\" is not a finite number", path, source.LineNumber, header[c]);
                }
                values.Add(value);
            }
        }
        if (ids.Count == 0)
        {
            throw new ClienteleException("the table has no data rows", path);
        }
        var names = featureColumns.Select(c => header[c]).ToArray();
        return new FeatureTable(header[idIndex], ids, new FeatureMatrix([.. values], ids.Count, names.Length, names));
    }

    private static int IndexOf(IReadOnlyList<string> header, string column, string path)
    {
        for (var i = 0; i < header.Count; i++)
        {
            if (string.Equals(header[i], column, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }
        throw new ClienteleException($"the header has no column {column} (it has: {string.Join(", ", header)})", path, line: 1);
    }
}
