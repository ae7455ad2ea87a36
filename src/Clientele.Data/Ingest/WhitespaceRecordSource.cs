namespace Clientele.Data.Ingest;

/// <summary>
/// Text whose fields are separated by runs of spaces or tabs (CDNOW's fixed-width files), with CRLF or LF ends.
/// Has no header of its own: the layout decides whether the first line is one.
/// </summary>
internal sealed class WhitespaceRecordSource : IRecordSource
{
    private static readonly char[] Separators = [' ', '\t'];
    private readonly FileStream _file;
    private readonly StreamReader _reader;
    private readonly string _path;
    private readonly InputKind _kind;
    private readonly System.Text.Encoding _encoding;
    private long _line;

    /// <param name="encoding">The text encoding; null to detect it (see <see cref="TextEncoding"/>).</param>
    public WhitespaceRecordSource(string path, InputKind kind, System.Text.Encoding? encoding = null)
    {
        _path = path;
        _kind = kind;
        _encoding = encoding ?? InputFile.DetectEncoding(path, kind);
        _reader = InputFile.OpenText(path, kind, out _file, _encoding);
    }

    public IReadOnlyList<string> Header => [];

    public IReadOnlyList<string> Fields { get; private set; } = [];

    public long LineNumber => _line;

    public string RawLine { get; private set; } = "";

    public string? Malformation => null;

    public long BytesConsumed => _file.Position;

    public bool Read()
    {
        try
        {
            return ReadLine();
        }
        catch (System.Text.DecoderFallbackException e)
        {
            throw TextEncoding.NotDecodable(_path, _kind, _encoding, e);
        }
    }

    private bool ReadLine()
    {
        while (_reader.ReadLine() is { } line)
        {
            _line++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            RawLine = line;
            Fields = line.Split(Separators, StringSplitOptions.RemoveEmptyEntries);
            return true;
        }
        return false;
    }

    public void Dispose() => _reader.Dispose();
}
