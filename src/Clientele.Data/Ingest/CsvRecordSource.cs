using System.Text;

namespace Clientele.Data.Ingest;

/// <summary>
/// RFC 4180 CSV (plain or gzip), first record a header; the delimiter (comma, semicolon, tab or bar) is the one
/// the header uses most. Written here rather than taken from a library because the rejects report needs, for every
/// record, the line it starts on, its raw text, and a named malformation instead of an exception. It is the one CSV
/// reader: the ingestors, the feature tables, and (through <see cref="Open"/>) every CSV the other projects read.
/// </summary>
public sealed class CsvRecordSource : IRecordSource
{
    private static readonly char[] CandidateDelimiters = [',', ';', '\t', '|'];
    private Stream _file;
    private StreamReader _reader;
    private readonly List<string> _fields = [];
    private readonly StringBuilder _field = new();
    private readonly StringBuilder _raw = new();
    private char _delimiter;
    private readonly string _path;
    private readonly InputKind _kind;
    private readonly Encoding _encoding;
    private readonly bool _inMemory;
    private long _nextLine = 1;
    private bool _holdingFirst;

    /// <param name="encoding">The text encoding; null to detect it (see <see cref="TextEncoding"/>).</param>
    /// <param name="hasHeader">
    /// False for a file without a header line: <see cref="Header"/> is empty, the first line's delimiter is found as a
    /// header's would be, and the first <see cref="Read"/> gives the first line (its <see cref="Fields"/> are there before,
    /// to count them).
    /// </param>
    internal CsvRecordSource(string path, InputKind kind, Encoding? encoding = null, bool hasHeader = true)
    {
        _path = path;
        _kind = kind;
        _encoding = encoding ?? InputFile.DetectEncoding(path, kind);
        _reader = InputFile.OpenText(path, kind, out var file, _encoding);
        _file = file;
        var header = ReadHeader();
        Header = hasHeader ? header : [];
        if (!hasHeader && _delimiter != ',')
        {
            // The first line was split on commas before its delimiter was known: read it again with the right one.
            var delimiter = _delimiter;
            _reader.Dispose();
            _reader = InputFile.OpenText(path, kind, out var again, _encoding);
            _file = again;
            _nextLine = 1;
            _delimiter = delimiter;
            Read();
        }
        _holdingFirst = !hasHeader;
    }

    /// <summary>Reads CSV text from <paramref name="bytes"/> (a file's plain, uncompressed bytes) as if it were the file <paramref name="name"/>.</summary>
    internal CsvRecordSource(Stream bytes, Encoding encoding, string name)
    {
        _path = name;
        _kind = InputKind.Text;
        _encoding = encoding;
        _file = bytes;
        _inMemory = true;
        _reader = new StreamReader(bytes, encoding, detectEncodingFromByteOrderMarks: false, bufferSize: (int)Math.Clamp(bytes.Length, 128, 1 << 12));
        Header = ReadHeader();
    }

    /// <summary>Reads records from <paramref name="text"/> (lines without a header) split on <paramref name="delimiter"/>, as if from <paramref name="name"/>.</summary>
    internal static CsvRecordSource WithoutHeader(string text, char delimiter, string name) =>
        new(new MemoryStream(Encoding.UTF8.GetBytes(text)), delimiter, name);

    private CsvRecordSource(Stream bytes, char delimiter, string name)
    {
        _path = name;
        _kind = InputKind.Text;
        _encoding = Encoding.UTF8;
        _file = bytes;
        _inMemory = true;
        _reader = new StreamReader(bytes, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: (int)Math.Clamp(bytes.Length, 128, 1 << 16));
        _delimiter = delimiter;
        Header = [];
    }

    /// <summary>The text encoding the file is read in.</summary>
    internal Encoding Encoding => _encoding;

    /// <summary>The delimiter the header uses (comma, semicolon, tab or bar).</summary>
    internal char Delimiter => _delimiter;

    /// <summary>
    /// Opens a CSV file (plain or gzip, its encoding detected) to read record by record: a missing, empty or binary
    /// file, or a Parquet one, is a <see cref="Core.ClienteleException"/> naming the file.
    /// </summary>
    /// <param name="what">What the file is, for the error when it is Parquet (e.g. "a feature table").</param>
    public static CsvRecordSource Open(string path, string what)
    {
        var kind = InputFile.Inspect(path);
        if (kind == InputKind.Parquet)
        {
            throw new Core.ClienteleException($"{what} is read from CSV; export the Parquet file to CSV first", path);
        }
        return new CsvRecordSource(path, kind);
    }

    private string[] ReadHeader()
    {
        _delimiter = ',';
        if (!Read())
        {
            throw new Core.ClienteleException("the file has no header line", _path);
        }
        _delimiter = DetectDelimiter(RawLine);
        if (_delimiter != ',')
        {
            _fields.Clear();
            _fields.AddRange(SplitHeader(RawLine, _delimiter));
        }
        return _fields.Select(f => f.Trim()).ToArray();
    }

    public IReadOnlyList<string> Header { get; }

    public IReadOnlyList<string> Fields => _fields;

    public long LineNumber { get; private set; }

    public string RawLine { get; private set; } = "";

    public string? Malformation { get; private set; }

    public long BytesConsumed => _file.Position;

    public bool Read()
    {
        if (_holdingFirst)
        {
            _holdingFirst = false;
            return true;
        }
        try
        {
            return ReadRecord();
        }
        catch (DecoderFallbackException e)
        {
            throw _inMemory
                ? new Core.ClienteleException($"the text is not valid {_encoding.WebName}; give --encoding", _path, innerException: e)
                : TextEncoding.NotDecodable(_path, _kind, _encoding, e);
        }
    }

    private bool ReadRecord()
    {
        // Skip blank lines: they are not records.
        while (_reader.Peek() is '\n' or '\r')
        {
            if (_reader.Read() == '\r' && _reader.Peek() == '\n')
            {
                _reader.Read();
            }
            _nextLine++;
        }
        if (_reader.Peek() < 0)
        {
            return false;
        }

        LineNumber = _nextLine;
        Malformation = null;
        _fields.Clear();
        _field.Clear();
        _raw.Clear();
        var inQuotes = false;
        var afterClosingQuote = false;
        while (true)
        {
            var next = _reader.Read();
            if (next < 0)
            {
                if (inQuotes)
                {
                    Malformation ??= $"a quoted field opened on line {LineNumber} is never closed";
                }
                break;
            }
            var c = (char)next;
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (_reader.Peek() == '"')
                    {
                        _reader.Read();
                        _raw.Append("\"\"");
                        _field.Append('"');
                        continue;
                    }
                    inQuotes = false;
                    afterClosingQuote = true;
                }
                else
                {
                    if (c == '\n')
                    {
                        _nextLine++;
                    }
                    _field.Append(c);
                }
                _raw.Append(c);
                continue;
            }
            if (c == '\r' || c == '\n')
            {
                if (c == '\r' && _reader.Peek() == '\n')
                {
                    _reader.Read();
                }
                _nextLine++;
                break;
            }
            _raw.Append(c);
            if (c == _delimiter)
            {
                EndField();
                afterClosingQuote = false;
            }
            else if (c == '"' && _field.Length == 0 && !afterClosingQuote)
            {
                inQuotes = true;
            }
            else if (c == '"' || afterClosingQuote)
            {
                Malformation ??= $"stray character '{c}' in field {_fields.Count + 1} (a quote inside an unquoted field, or text after a closing quote)";
                _field.Append(c);
            }
            else
            {
                _field.Append(c);
            }
        }
        EndField();
        RawLine = _raw.ToString();
        return true;
    }

    public void Dispose() => _reader.Dispose();

    private void EndField()
    {
        _fields.Add(_field.ToString());
        _field.Clear();
    }

    private static char DetectDelimiter(string headerLine)
    {
        var best = ',';
        var bestCount = 0;
        foreach (var candidate in CandidateDelimiters)
        {
            var count = headerLine.Count(c => c == candidate);
            if (count > bestCount)
            {
                best = candidate;
                bestCount = count;
            }
        }
        return best;
    }

    private static IEnumerable<string> SplitHeader(string line, char delimiter) =>
        line.Split(delimiter).Select(f => f.Trim().Trim('"'));
}
