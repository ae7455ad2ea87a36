using System.Globalization;

namespace Clientele.Data.Ingest;

/// <summary>
/// Writes rejected rows to a temporary file that becomes the rejects report only when the ingest commits,
/// so a failed ingest leaves neither store rows nor a report behind.
/// </summary>
internal sealed class RejectsWriter : IDisposable
{
    private readonly string _finalPath;
    private readonly string _temporaryPath;
    private StreamWriter? _writer;

    public RejectsWriter(string finalPath)
    {
        _finalPath = Path.GetFullPath(finalPath);
        _temporaryPath = _finalPath + ".partial";
    }

    public long Count { get; private set; }

    public void Write(long line, Rejection rejection, string raw)
    {
        if (_writer is null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_finalPath)!);
            _writer = new StreamWriter(_temporaryPath);
            _writer.WriteLine("line,column,reason,detail,raw");
        }
        _writer.WriteLine(CsvText.Line(line.ToString(CultureInfo.InvariantCulture), rejection.Column, rejection.Reason.Code, rejection.Detail, raw));
        Count++;
    }

    /// <summary>Moves the report into place; returns its path, or null when nothing was rejected.</summary>
    public string? Commit()
    {
        if (_writer is null)
        {
            return null;
        }
        _writer.Dispose();
        _writer = null;
        File.Move(_temporaryPath, _finalPath, overwrite: true);
        return _finalPath;
    }

    public void Dispose()
    {
        if (_writer is not null)
        {
            _writer.Dispose();
            File.Delete(_temporaryPath);
        }
    }
}
