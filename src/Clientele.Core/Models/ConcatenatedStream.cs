namespace Clientele.Core.Models;

/// <summary>
/// A read-only stream of some bytes already read, then the rest of another stream: a model file's binary parts after
/// the document was read in blocks. Counts what was read (<see cref="Position"/>).
/// </summary>
internal sealed class ConcatenatedStream(ReadOnlyMemory<byte> first, Stream rest) : Stream
{
    private ReadOnlyMemory<byte> _first = first;
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int read;
        if (!_first.IsEmpty)
        {
            read = Math.Min(buffer.Length, _first.Length);
            _first.Span[..read].CopyTo(buffer);
            _first = _first[read..];
        }
        else
        {
            read = rest.Read(buffer);
        }
        _position += read;
        return read;
    }

    /// <summary>Reads to the end and returns how many bytes were left.</summary>
    public long CountRest()
    {
        var block = new byte[1 << 16];
        long count = 0;
        int read;
        while ((read = Read(block)) > 0)
        {
            count += read;
        }
        return count;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
