using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Clientele.Core.Models;

/// <summary>
/// The one saved form of every fitted model (clusterers, value models, recommenders, classifiers, sentiment): a UTF-8
/// JSON object
/// <code>
/// { "format": "clientele-model", "kind": "bg-nbd", "formatVersion": 1, "payload": { … }, "blobs": { "name": "base64…" } }
/// </code>
/// where <c>kind</c> names the model (its <c>ModelKind</c> constant), <c>formatVersion</c> the layout of that kind's
/// payload, <c>payload</c> its parameters as the model documents them, and <c>blobs</c> (absent when empty) the binary
/// parts a model cannot say in JSON, such as an ML.NET model file. Each model's <c>Save()</c> gives these bytes and its
/// <c>Load(byte[])</c> reads them back; the model registry stores them as they are. Immutable.
/// </summary>
public sealed class ModelFile
{
    /// <summary>The value of the <c>format</c> property of every saved model.</summary>
    public const string FormatName = "clientele-model";

    /// <summary>The length of the pieces a binary part is read in from a stream (<see cref="BlobChunks"/>): 64 MiB.</summary>
    public const int ChunkBytes = 1 << 26;

    private readonly IReadOnlyDictionary<string, IReadOnlyList<byte[]>> _blobs;

    private ModelFile(string kind, int formatVersion, JsonElement payload, IReadOnlyDictionary<string, IReadOnlyList<byte[]>> blobs)
    {
        Kind = kind;
        FormatVersion = formatVersion;
        Payload = payload;
        _blobs = blobs;
    }

    /// <summary>Gets the kind of model the file holds (for example <c>bg-nbd</c> or <c>recommender</c>).</summary>
    public string Kind { get; }

    /// <summary>Gets the version of the kind's payload layout the file was written with.</summary>
    public int FormatVersion { get; }

    /// <summary>Gets the model's parameters: a JSON object laid out as the kind documents.</summary>
    public JsonElement Payload { get; }

    /// <summary>Gets the names of the binary parts, in ordinal order.</summary>
    public IReadOnlyList<string> BlobNames => [.. _blobs.Keys.Order(StringComparer.Ordinal)];

    /// <summary>
    /// The saved form of a model of <paramref name="kind"/>: <paramref name="payload"/> must be one JSON object (as a
    /// model writes it with <see cref="Utf8JsonWriter"/> or <see cref="JsonSerializer.SerializeToUtf8Bytes{TValue}(TValue, JsonSerializerOptions?)"/>);
    /// <paramref name="blobs"/> are written in ordinal order of their names, so the same model always gives the same bytes.
    /// </summary>
    /// <exception cref="ArgumentException">The kind is blank, the version below 1, or the payload not a JSON object.</exception>
    public static byte[] Write(string kind, int formatVersion, ReadOnlySpan<byte> payload, IReadOnlyDictionary<string, byte[]>? blobs = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        ArgumentOutOfRangeException.ThrowIfLessThan(formatVersion, 1);
        if (!IsObject(payload))
        {
            throw new ArgumentException("The payload of a model file must be one JSON object.", nameof(payload));
        }
        // The document with 0 in place of the payload, which is then copied once into the result (a recommender's
        // payload can be a gigabyte).
        var buffer = new ArrayBufferWriter<byte>(256);
        int before;
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("format", FormatName);
            writer.WriteString("kind", kind);
            writer.WriteNumber("formatVersion", formatVersion);
            writer.WritePropertyName("payload");
            writer.Flush();
            before = buffer.WrittenCount;
            writer.WriteRawValue("0"u8, skipInputValidation: true);
            if (blobs is { Count: > 0 })
            {
                writer.WriteStartObject("blobs");
                foreach (var name in blobs.Keys.Order(StringComparer.Ordinal))
                {
                    writer.WriteBase64String(name, blobs[name]);
                }
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
        }
        var document = buffer.WrittenSpan;
        var result = new byte[document.Length - 1 + payload.Length];
        document[..before].CopyTo(result);
        payload.CopyTo(result.AsSpan(before));
        document[(before + 1)..].CopyTo(result.AsSpan(before + payload.Length));
        return result;
    }

    /// <summary>
    /// The saved form with binary parts written as raw bytes after the document instead of base64 inside it, as
    /// <see cref="Write(Stream, string, int, ReadOnlySpan{byte}, IReadOnlyList{ModelFilePart})"/> writes it, in one
    /// array (so under 2 GB in all).
    /// </summary>
    /// <exception cref="ArgumentException">As the other <c>Write</c>, or two parts share a name.</exception>
    public static byte[] Write(string kind, int formatVersion, ReadOnlySpan<byte> payload, IReadOnlyList<KeyValuePair<string, byte[]>> binary)
    {
        ArgumentNullException.ThrowIfNull(binary);
        using var stream = new MemoryStream();
        Write(stream, kind, formatVersion, payload, [.. binary.Select(p => ModelFilePart.Of(p.Key, p.Value))]);
        return stream.ToArray();
    }

    /// <summary>
    /// Writes the saved form with binary parts as raw bytes after the document instead of base64 inside it: the
    /// document ends with <c>"binary": [{"name": …, "bytes": n}, …]</c>, then one line feed, then each part's bytes in
    /// that order. For large numeric arrays (ten million customers' factors are gigabytes) that would be far more JSON
    /// text, and more than one array holds; each part writes itself to <paramref name="stream"/>. The model's payload
    /// says how to read them (numbers little-endian). The names must be distinct; they are read back with
    /// <see cref="Blob"/> or <see cref="BlobChunks"/>.
    /// </summary>
    /// <exception cref="ArgumentException">As the other <c>Write</c>, or two parts share a name.</exception>
    /// <exception cref="InvalidOperationException">A part wrote another number of bytes than it declared.</exception>
    public static void Write(Stream stream, string kind, int formatVersion, ReadOnlySpan<byte> payload, IReadOnlyList<ModelFilePart> binary)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(binary);
        if (binary.Select(p => p.Name).Distinct(StringComparer.Ordinal).Count() != binary.Count)
        {
            throw new ArgumentException("The binary parts of a model file must have distinct names.", nameof(binary));
        }
        var document = Write(kind, formatVersion, payload);
        // The document ends with its closing brace: the list of parts goes before it.
        var parts = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(parts))
        {
            writer.WriteStartArray();
            foreach (var part in binary)
            {
                writer.WriteStartObject();
                writer.WriteString("name", part.Name);
                writer.WriteNumber("bytes", part.Bytes);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        stream.Write(document.AsSpan(0, document.Length - 1));
        stream.Write(",\"binary\":"u8);
        stream.Write(parts.WrittenSpan);
        stream.Write("}\n"u8);
        foreach (var part in binary)
        {
            var counted = new CountingStream(stream);
            part.WriteTo(counted);
            if (counted.Written != part.Bytes)
            {
                throw new InvalidOperationException($"The model file part \"{part.Name}\" declared {part.Bytes:N0} bytes and wrote {counted.Written:N0}.");
            }
        }
    }

    /// <summary>Writes the saved form (as <see cref="Write(string, int, ReadOnlySpan{byte}, IReadOnlyDictionary{string, byte[]}?)"/>) to <paramref name="stream"/>.</summary>
    public static void Write(Stream stream, string kind, int formatVersion, ReadOnlySpan<byte> payload, IReadOnlyDictionary<string, byte[]>? blobs = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        stream.Write(Write(kind, formatVersion, payload, blobs));
    }

    /// <summary>
    /// Reads a saved model of any kind, checking only that it is one; <see cref="Read(ReadOnlySpan{byte}, string, int, string?)"/>
    /// also checks the kind and version.
    /// </summary>
    /// <param name="source">Where the bytes came from (a file, a registry version), named in errors; null when there is nothing to name.</param>
    /// <exception cref="ClienteleException">The bytes are not a saved Clientele model; the message says why.</exception>
    public static ModelFile Read(ReadOnlySpan<byte> bytes, string? source = null)
    {
        JsonDocument document;
        long consumed;
        try
        {
            var reader = new Utf8JsonReader(bytes);
            document = JsonDocument.ParseValue(ref reader);
            consumed = reader.BytesConsumed;
        }
        catch (JsonException e)
        {
            throw Error(source, $"is not a saved Clientele model (not JSON: {e.Message})", e);
        }
        using (document)
        {
            var (kind, version, payload, blobs) = Header(document.RootElement, source);
            if (document.RootElement.TryGetProperty("binary", out var binaryElement))
            {
                var sizes = PartSizes(binaryElement, kind, source);
                var rest = bytes[(int)consumed..];
                CheckFollowing(sizes, rest.IsEmpty || rest[0] != (byte)'\n' ? -1 : rest.Length - 1, kind, source);
                var at = 1;
                foreach (var (name, size) in sizes)
                {
                    AddPart(blobs, name, [rest.Slice(at, (int)size).ToArray()], kind, source);
                    at += (int)size;
                }
            }
            return new ModelFile(kind, version, payload.Clone(), blobs);
        }
    }

    /// <summary>
    /// Reads a saved model and checks that it is a <paramref name="kind"/> model whose format version is 1 to
    /// <paramref name="formatVersion"/> (the versions this build reads).
    /// </summary>
    /// <exception cref="ClienteleException">The bytes are not a saved model, hold another kind, or a newer version; the message says which.</exception>
    public static ModelFile Read(ReadOnlySpan<byte> bytes, string kind, int formatVersion, string? source = null)
        => CheckKind(Read(bytes, source), kind, formatVersion, source);

    /// <summary>
    /// Reads a saved model from the rest of <paramref name="stream"/>, as <see cref="Read(ReadOnlySpan{byte}, string, int, string?)"/>.
    /// Binary parts are read straight from the stream in pieces (<see cref="BlobChunks"/>), so a model whose parts are
    /// larger than one array holds (ten million customers' factors) reads back.
    /// </summary>
    public static ModelFile Read(Stream stream, string kind, int formatVersion, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        // The document, up to the line feed that ends it when binary parts follow (the writer's JSON has none of its own).
        var head = new MemoryStream();
        var block = new byte[1 << 20];
        var newline = -1;
        int read;
        while ((read = stream.Read(block)) > 0)
        {
            var at = block.AsSpan(0, read).IndexOf((byte)'\n');
            head.Write(block, 0, read);
            if (at >= 0)
            {
                newline = (int)head.Length - read + at;
                break;
            }
        }
        var buffered = head.GetBuffer().AsMemory(0, (int)head.Length);
        if (newline >= 0 && TryParse(buffered.Span[..newline]) is { } document)
        {
            using (document)
            {
                if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("binary", out var binaryElement))
                {
                    var (fileKind, version, payload, blobs) = Header(document.RootElement, source);
                    var sizes = PartSizes(binaryElement, fileKind, source);
                    var parts = new ConcatenatedStream(buffered[(newline + 1)..], stream);
                    foreach (var (name, size) in sizes)
                    {
                        var chunks = ReadChunks(parts, size);
                        if (chunks is null)
                        {
                            CheckFollowing(sizes, parts.Position + parts.CountRest(), fileKind, source);
                        }
                        AddPart(blobs, name, chunks!, fileKind, source);
                    }
                    CheckFollowing(sizes, parts.Position + parts.CountRest(), fileKind, source);
                    return CheckKind(new ModelFile(fileKind, version, payload.Clone(), blobs), kind, formatVersion, source);
                }
            }
        }
        // One document without binary parts (or laid out by hand): read it whole.
        stream.CopyTo(head);
        return Read(head.GetBuffer().AsSpan(0, (int)head.Length), kind, formatVersion, source);
    }

    /// <summary>The binary part <paramref name="name"/>.</summary>
    /// <exception cref="ClienteleException">The file has no such part, or it is larger than one array holds (read it with <see cref="BlobChunks"/>).</exception>
    public byte[] Blob(string name)
    {
        var chunks = BlobChunks(name);
        if (chunks.Count == 1)
        {
            return chunks[0];
        }
        var total = chunks.Sum(c => c.LongLength);
        if (total > Array.MaxLength)
        {
            throw new ClienteleException($"The saved {Kind} model's \"{name}\" part is {total:N0} bytes, more than one array holds; read it in pieces.");
        }
        var result = new byte[total];
        var at = 0;
        foreach (var chunk in chunks)
        {
            chunk.CopyTo(result, at);
            at += chunk.Length;
        }
        return result;
    }

    /// <summary>
    /// The binary part <paramref name="name"/> in consecutive pieces, each but the last a multiple of
    /// <see cref="ChunkBytes"/> long (so a piece never splits a number of up to 8 bytes).
    /// </summary>
    /// <exception cref="ClienteleException">The file has no such part.</exception>
    public IReadOnlyList<byte[]> BlobChunks(string name) => _blobs.TryGetValue(name, out var blob)
        ? blob
        : throw new ClienteleException($"The saved {Kind} model lacks its \"{name}\" part.");

    /// <summary>
    /// Reads the payload with <paramref name="read"/>, turning the errors a reader of damaged JSON meets
    /// (<see cref="JsonException"/>, a missing property, a value of the wrong kind, a <see cref="FormatException"/> or
    /// <see cref="ArgumentException"/> from a check, a damaged zip inside a blob) into one <see cref="ClienteleException"/> that names the kind.
    /// </summary>
    public T ReadPayload<T>(Func<ModelFile, T> read, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(read);
        try
        {
            return read(this);
        }
        catch (ClienteleException)
        {
            throw;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException or InvalidDataException)
        {
            var reason = e is KeyNotFoundException ? "a property is missing" : e.Message.TrimEnd('.');
            throw Error(source, $"holds a damaged {Kind} model ({reason})", e);
        }
    }

    /// <summary>Deserialises the payload as <typeparamref name="T"/>; a null or damaged payload is a <see cref="ClienteleException"/>.</summary>
    public T Deserialize<T>(JsonSerializerOptions options, string? source = null)
        where T : class
        => ReadPayload(file => file.Payload.Deserialize<T>(options) ?? throw new FormatException("the payload is null"), source);

    /// <summary>The payload as indented JSON text, for a person reading a saved model (<c>models show</c>).</summary>
    public override string ToString()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            Payload.WriteTo(writer);
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The kind, version, payload and base64 blobs of a parsed document, checked.</summary>
    private static (string Kind, int Version, JsonElement Payload, Dictionary<string, IReadOnlyList<byte[]>> Blobs) Header(JsonElement root, string? source)
    {
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("format", out var format)
            || format.ValueKind != JsonValueKind.String
            || format.GetString() != FormatName)
        {
            throw Error(source, $"is not a saved Clientele model (expected \"format\": \"{FormatName}\")");
        }
        if (!root.TryGetProperty("kind", out var kindElement) || kindElement.ValueKind != JsonValueKind.String
            || kindElement.GetString() is not { Length: > 0 } kind)
        {
            throw Error(source, "is a saved Clientele model without a \"kind\"");
        }
        if (!root.TryGetProperty("formatVersion", out var versionElement) || !versionElement.TryGetInt32(out var version) || version < 1)
        {
            throw Error(source, $"is a saved {kind} model without a whole \"formatVersion\" of 1 or more");
        }
        if (!root.TryGetProperty("payload", out var payload) || payload.ValueKind != JsonValueKind.Object)
        {
            throw Error(source, $"is a saved {kind} model without its \"payload\" object");
        }
        var blobs = new Dictionary<string, IReadOnlyList<byte[]>>(StringComparer.Ordinal);
        if (root.TryGetProperty("blobs", out var blobsElement))
        {
            if (blobsElement.ValueKind != JsonValueKind.Object)
            {
                throw Error(source, $"is a saved {kind} model whose \"blobs\" is not an object");
            }
            foreach (var property in blobsElement.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.String || !property.Value.TryGetBytesFromBase64(out var blob))
                {
                    throw Error(source, $"is a saved {kind} model whose blob \"{property.Name}\" is not base64");
                }
                blobs[property.Name] = [blob];
            }
        }
        return (kind, version, payload, blobs);
    }

    private static ModelFile CheckKind(ModelFile file, string kind, int formatVersion, string? source)
    {
        if (file.Kind != kind)
        {
            throw Error(source, $"holds a model of kind \"{file.Kind}\" where kind \"{kind}\" was expected");
        }
        if (file.FormatVersion > formatVersion)
        {
            throw Error(source, $"holds a {kind} model of format version {file.FormatVersion}; this build of Clientele reads versions 1 to {formatVersion}");
        }
        return file;
    }

    private static JsonDocument? TryParse(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            var document = JsonDocument.ParseValue(ref reader);
            if (reader.BytesConsumed == json.Length)
            {
                return document;
            }
            document.Dispose();
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The parts' names and lengths from the document's <c>"binary"</c> list.</summary>
    private static List<(string Name, long Bytes)> PartSizes(JsonElement list, string kind, string? source)
    {
        if (list.ValueKind != JsonValueKind.Array)
        {
            throw Error(source, $"is a saved {kind} model whose \"binary\" is not a list");
        }
        var sizes = new List<(string Name, long Bytes)>();
        foreach (var part in list.EnumerateArray())
        {
            if (part.ValueKind != JsonValueKind.Object
                || !part.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String
                || !part.TryGetProperty("bytes", out var length) || !length.TryGetInt64(out var size) || size < 0)
            {
                throw Error(source, $"is a saved {kind} model whose \"binary\" list is damaged (each part needs a \"name\" and a whole \"bytes\")");
            }
            sizes.Add((name.GetString()!, size));
        }
        return sizes;
    }

    /// <summary>Checks that <paramref name="following"/> bytes came after the document's line feed (−1: no line feed), as the parts say.</summary>
    private static void CheckFollowing(List<(string Name, long Bytes)> sizes, long following, string kind, string? source)
    {
        var expected = sizes.Sum(p => p.Bytes);
        if (following != expected)
        {
            throw Error(source, $"is a saved {kind} model whose binary parts should be {expected:N0} bytes after a line feed, and {Math.Max(0, following):N0} follow the document (cut short or damaged)");
        }
    }

    private static void AddPart(Dictionary<string, IReadOnlyList<byte[]>> blobs, string name, IReadOnlyList<byte[]> chunks, string kind, string? source)
    {
        if (!blobs.TryAdd(name, chunks))
        {
            throw Error(source, $"is a saved {kind} model with two parts named \"{name}\"");
        }
    }

    /// <summary>The next <paramref name="size"/> bytes of <paramref name="stream"/> in pieces of <see cref="ChunkBytes"/>; null when the stream ends first.</summary>
    private static List<byte[]>? ReadChunks(Stream stream, long size)
    {
        var chunks = new List<byte[]>();
        for (var left = size; left > 0 || chunks.Count == 0;)
        {
            var chunk = new byte[Math.Min(left, ChunkBytes)];
            if (stream.ReadAtLeast(chunk, chunk.Length, throwOnEndOfStream: false) < chunk.Length)
            {
                return null;
            }
            chunks.Add(chunk);
            left -= chunk.Length;
        }
        return chunks;
    }

    private static bool IsObject(ReadOnlySpan<byte> json)
    {
        try
        {
            // Read through, not parsed into a document: a recommender's payload holds every factor of a million customers.
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }
            reader.Skip();
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static ClienteleException Error(string? source, string message, Exception? inner = null)
    {
        if (source is not null)
        {
            return new ClienteleException(message, source, innerException: inner);
        }
        var sentence = "The model file " + message + ".";
        return inner is null ? new ClienteleException(sentence) : new ClienteleException(sentence, inner);
    }
}
