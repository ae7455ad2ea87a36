using Clientele.Core;

namespace Clientele.Language.Sentiment;

/// <summary>
/// The texts of an input file for the <c>clientele text</c> commands, streamed in order: either one text per line
/// (every line is a text, an empty line an empty text), or one column of a CSV/TSV file with a header. Disposing
/// closes the file.
/// </summary>
/// <remarks>
/// A column file's delimiter is the first of comma, tab and semicolon that splits the header into fields one of which
/// is the column (so a <c>.tsv</c> with a column named like the one asked for is read as TSV). Quoted fields may hold
/// delimiters, doubled quotes and line breaks (RFC 4180). The file may be gzip; a UTF-8 BOM is skipped.
/// </remarks>
public sealed class TextInput : IDisposable
{
    private readonly TextReader _reader;
    private readonly DelimitedReader? _records;
    private readonly int _column;
    private readonly int _fields;
    private long _line;

    private TextInput(string path, TextReader reader, DelimitedReader? records, int column, int fields)
    {
        Path = path;
        _reader = reader;
        _records = records;
        _column = column;
        _fields = fields;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>The path that stands for standard input.</summary>
    public const string StandardInput = "-";

    /// <summary>
    /// Opens <paramref name="path"/>: one text per line, or, with <paramref name="column"/>, that column of a CSV or TSV
    /// file whose first line is a header. <c>-</c> reads <see cref="Console.In"/> (plain text, not gzip).
    /// </summary>
    /// <exception cref="ClienteleException">No such file, a folder, an empty file with a column asked for, or no such column (the message lists the columns).</exception>
    public static TextInput Open(string path, string? column = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var reader = path == StandardInput ? Console.In : SentimentCorpus.OpenText(path);
        if (path == StandardInput)
        {
            path = "standard input";
        }
        try
        {
            if (column is null)
            {
                return new TextInput(path, reader, null, 0, 0);
            }
            var header = reader.ReadLine()
                ?? throw new ClienteleException($"the file is empty; expected a header line with the column '{column}'", path, 1);
            foreach (var delimiter in (ReadOnlySpan<char>)[',', '\t', ';'])
            {
                var fields = new List<string>();
                new DelimitedReader(new StringReader(header), delimiter).Read(fields);
                var names = fields.Select(f => f.Trim().TrimStart('\uFEFF')).ToList();
                var index = names.IndexOf(column);
                if (index >= 0)
                {
                    var records = new DelimitedReader(reader, delimiter);
                    return new TextInput(path, reader, records, index, names.Count) { _line = 1 };
                }
            }
            var columns = header.Split(header.Contains('\t', StringComparison.Ordinal) ? '\t' : ',').Select(c => c.Trim().Trim('"'));
            throw new ClienteleException($"has no column '{column}'; its header is: {string.Join(", ", columns)}", path, 1);
        }
        catch (Exception e) when (e is FormatException)
        {
            Close(reader);
            throw new ClienteleException(e.Message, path, 1, innerException: e);
        }
        catch
        {
            Close(reader);
            throw;
        }
    }

    /// <summary>The texts, in file order, read as they are enumerated (once).</summary>
    /// <exception cref="ClienteleException">A record lacks the column or a quoted field is not closed (file and line in the message).</exception>
    public IEnumerable<string> Texts()
    {
        if (_records is null)
        {
            while (_reader.ReadLine() is { } line)
            {
                _line++;
                yield return line;
            }
            yield break;
        }
        var fields = new List<string>();
        while (true)
        {
            bool read;
            try
            {
                read = _records.Read(fields);
            }
            catch (FormatException e)
            {
                throw new ClienteleException(e.Message, Path, _line + _records.Line, innerException: e);
            }
            if (!read)
            {
                yield break;
            }
            if (fields.Count <= _column)
            {
                throw new ClienteleException(
                    $"has {fields.Count} field(s); the column is field {_column + 1} of the header's {_fields}", Path, _line + _records.Line);
            }
            yield return fields[_column];
        }
    }

    /// <summary>Reads the texts in chunks of up to <paramref name="size"/>, for batched work on long files.</summary>
    public IEnumerable<IReadOnlyList<string>> Chunks(int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        var chunk = new List<string>(size);
        foreach (var text in Texts())
        {
            chunk.Add(text);
            if (chunk.Count == size)
            {
                yield return chunk;
                chunk = new List<string>(size);
            }
        }
        if (chunk.Count > 0)
        {
            yield return chunk;
        }
    }

    /// <summary>Closes the file (standard input is left open).</summary>
    public void Dispose() => Close(_reader);

    private static void Close(TextReader reader)
    {
        if (!ReferenceEquals(reader, Console.In))
        {
            reader.Dispose();
        }
    }
}
