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
    private long _line;

    public WhitespaceRecordSource(string path, InputKind kind)
    {
        _reader = InputFile.OpenText(path, kind, out _file);
    }

    public IReadOnlyList<string> Header => [];

    public IReadOnlyList<string> Fields { get; private set; } = [];

    public long LineNumber => _line;

    public string RawLine { get; private set; } = "";

    public string? Malformation => null;

    public long BytesConsumed => _file.Position;

    public bool Read()
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
