using System.Text;

namespace Clientele.Pipeline;

/// <summary>
/// Writes a large CSV (a million customers, ten million recommendations) with its rows formatted in ranges on every
/// core and written in their order: the same bytes as one row after another.
/// </summary>
internal static class CsvRanges
{
    /// <summary>Rows formatted together in one range.</summary>
    private const int RowsPerRange = 32_768;

    /// <summary>The header line, then each row as <paramref name="appendRow"/> appends it (its line end included).</summary>
    public static void Write<T>(string path, string header, IReadOnlyList<T> rows, Action<StringBuilder, T> appendRow)
    {
        using var writer = new StreamWriter(path);
        writer.WriteLine(header);
        Write(writer, rows, appendRow);
    }

    /// <summary>
    /// As the list's overload, for rows read one at a time (from the store): they are taken a batch of ranges at a time,
    /// so no more of them are held than the cores format at once.
    /// </summary>
    public static void Write<T>(string path, string header, IEnumerable<T> rows, Action<StringBuilder, T> appendRow)
    {
        using var writer = new StreamWriter(path);
        writer.WriteLine(header);
        var batch = new List<T>(RowsPerRange * 2 * Environment.ProcessorCount);
        foreach (var row in rows)
        {
            batch.Add(row);
            if (batch.Count == batch.Capacity)
            {
                Write(writer, batch, appendRow);
                batch.Clear();
            }
        }
        Write(writer, batch, appendRow);
    }

    private static void Write<T>(StreamWriter writer, IReadOnlyList<T> rows, Action<StringBuilder, T> appendRow)
    {
        var ranges = (rows.Count + RowsPerRange - 1) / RowsPerRange;
        var texts = new StringBuilder[Math.Max(1, Math.Min(ranges, 2 * Environment.ProcessorCount))];
        for (var first = 0; first < ranges; first += texts.Length)
        {
            var count = Math.Min(texts.Length, ranges - first);
            var firstRange = first;
            Parallel.For(0, count, j =>
            {
                var text = texts[j] ??= new StringBuilder();
                text.Clear();
                var start = (firstRange + j) * RowsPerRange;
                var end = Math.Min(start + RowsPerRange, rows.Count);
                for (var i = start; i < end; i++)
                {
                    appendRow(text, rows[i]);
                }
            });
            for (var j = 0; j < count; j++)
            {
                writer.Write(texts[j]);
            }
        }
    }
}
