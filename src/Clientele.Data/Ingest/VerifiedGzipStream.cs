using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace Clientele.Data.Ingest;

/// <summary>
/// Decompresses gzip and, at the end, checks the data against the file's trailer (CRC-32 and length mod 2³²).
/// .NET's GZipStream ends quietly on a truncated file; without this check half a file would be ingested as if whole.
/// A file made by concatenating several gzip members fails the check too (its trailer covers the last member only):
/// the error says to decompress such a file first.
/// </summary>
internal sealed class VerifiedGzipStream : Stream
{
    private readonly GZipStream _inner;
    private readonly Crc32 _crc = new();
    private readonly uint _expectedCrc;
    private readonly uint _expectedLength;
    private ulong _length;
    private bool _verified;

    public VerifiedGzipStream(FileStream file)
    {
        ArgumentNullException.ThrowIfNull(file);
        Span<byte> trailer = stackalloc byte[8];
        if (file.Length >= 18)
        {
            var position = file.Position;
            file.Seek(-8, SeekOrigin.End);
            file.ReadExactly(trailer);
            file.Position = position;
        }
        _expectedCrc = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
        _expectedLength = BinaryPrimitives.ReadUInt32LittleEndian(trailer[4..]);
        _inner = new GZipStream(file, CompressionMode.Decompress);
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = _inner.Read(buffer);
        if (read > 0)
        {
            _crc.Append(buffer[..read]);
            _length += (ulong)read;
        }
        else if (buffer.Length > 0 && !_verified)
        {
            _verified = true;
            if (_crc.GetCurrentHashAsUInt32() != _expectedCrc || (uint)(_length & uint.MaxValue) != _expectedLength)
            {
                throw new InvalidDataException(
                    $"the gzip data is truncated or corrupt: after {_length:N0} decompressed bytes its CRC-32 and length do not match the file's trailer "
                    + "(a file of several concatenated gzip members must be decompressed first)");
            }
        }
        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }
        base.Dispose(disposing);
    }
}
