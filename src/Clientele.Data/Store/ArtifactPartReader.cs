namespace Clientele.Data.Store;

/// <summary>
/// A read-only stream of one model artifact from <c>model_artifact_parts</c> (written by <see cref="ArtifactPartWriter"/>),
/// which loads one part at a time, so reading a 2.5 GB artifact holds 64 MiB of it beside what the reader builds.
/// </summary>
internal sealed class ArtifactPartReader : Stream
{
    private readonly ClienteleStore _store;
    private readonly long _version;
    private readonly string _name;
    private readonly int _parts;
    private byte[] _current = [];
    private int _at;
    private int _next;
    private long _position;

    private ArtifactPartReader(ClienteleStore store, long version, string name, int parts, long length)
    {
        _store = store;
        _version = version;
        _name = name;
        _parts = parts;
        Length = length;
    }

    /// <summary>The artifact's stream, or null when the version has no artifact of that name.</summary>
    public static ArtifactPartReader? Open(ClienteleStore store, long version, string name)
    {
        using var command = store.Command(
            "SELECT count(*), CAST(coalesce(sum(octet_length(content)), 0) AS BIGINT), coalesce(max(part), -1) FROM model_artifact_parts WHERE version = $version AND name = $name",
            ("version", version), ("name", name));
        using var reader = command.ExecuteReader();
        reader.Read();
        var parts = Convert.ToInt32(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture);
        var length = Convert.ToInt64(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture);
        var last = Convert.ToInt32(reader.GetValue(2), System.Globalization.CultureInfo.InvariantCulture);
        if (parts == 0)
        {
            return null;
        }
        if (last != parts - 1)
        {
            throw new Core.ClienteleException($"model version {version}'s {name} is damaged in {store.Path}: {parts} parts numbered up to {last}; fit the model again");
        }
        return new ArtifactPartReader(store, version, name, parts, length);
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length { get; }

    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        while (_at == _current.Length)
        {
            if (_next == _parts || buffer.IsEmpty)
            {
                return 0;
            }
            _current = LoadPart(_next++);
            _at = 0;
        }
        var take = Math.Min(buffer.Length, _current.Length - _at);
        _current.AsSpan(_at, take).CopyTo(buffer);
        _at += take;
        _position += take;
        return take;
    }

    private byte[] LoadPart(int part)
    {
        using var command = _store.Command(
            "SELECT content FROM model_artifact_parts WHERE version = $version AND name = $name AND part = $part",
            ("version", _version), ("name", _name), ("part", part));
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            throw new IOException($"model version {_version}'s {_name} lost its part {part} while it was read");
        }
        using var stream = reader.GetStream(0);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
