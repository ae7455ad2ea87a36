namespace Clientele.Data.Store;

/// <summary>
/// A write-only stream that stores what is written to it as one model artifact in <c>model_artifact_parts</c>, a row
/// per <see cref="PartBytes"/> (64 MiB): ten million customers' factors are more than one array, one DuckDB value or
/// one PostgreSQL bytea (1 GB) holds. Disposing it stores the last part; an empty artifact is one empty part.
/// </summary>
internal sealed class ArtifactPartWriter : Stream
{
    /// <summary>The largest part stored in one row.</summary>
    internal const int PartBytes = 1 << 26;

    private readonly ClienteleStore _store;
    private readonly long _version;
    private readonly string _name;
    private readonly byte[] _buffer;
    private int _filled;
    private int _parts;
    private long _written;

    internal ArtifactPartWriter(ClienteleStore store, long version, string name, int partBytes = PartBytes)
    {
        _store = store;
        _version = version;
        _name = name;
        _buffer = new byte[partBytes];
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _written;

    public override long Position { get => _written; set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            var take = Math.Min(buffer.Length, _buffer.Length - _filled);
            buffer[..take].CopyTo(_buffer.AsSpan(_filled));
            _filled += take;
            _written += take;
            buffer = buffer[take..];
            if (_filled == _buffer.Length)
            {
                StorePart(_buffer);
            }
        }
    }

    public override void Flush()
    {
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && (_filled > 0 || _parts == 0))
        {
            StorePart(_buffer.AsSpan(0, _filled).ToArray());
        }
        base.Dispose(disposing);
    }

    private void StorePart(byte[] content)
    {
        _store.Execute(
            "INSERT INTO model_artifact_parts (version, name, part, content) VALUES ($version, $name, $part, $content)",
            ("version", _version), ("name", _name), ("part", _parts), ("content", content));
        _parts++;
        _filled = 0;
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
