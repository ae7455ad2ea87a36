namespace Clientele.Data.Ingest;

/// <summary>
/// The values of one column of a file, read again from its first record by a second, independent reader (the
/// ingest's own reader is not moved). Used lazily, only when a value needs a decision the whole file makes.
/// </summary>
internal sealed class ColumnScan(string file, Func<IRecordSource> open)
{
    /// <summary>The file scanned (for messages).</summary>
    public string File { get; } = file;

    /// <summary>The column's values with their lines, well-formed records only.</summary>
    public IEnumerable<(long Line, string Text)> Values(int column)
    {
        using var source = open();
        while (source.Read())
        {
            if (source.Malformation is null && column < source.Fields.Count)
            {
                yield return (source.LineNumber, source.Fields[column]);
            }
        }
    }
}
