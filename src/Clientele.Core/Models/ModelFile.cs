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

    private static readonly IReadOnlyDictionary<string, byte[]> NoBlobs = new Dictionary<string, byte[]>(StringComparer.Ordinal);

    private readonly IReadOnlyDictionary<string, byte[]> _blobs;

    private ModelFile(string kind, int formatVersion, JsonElement payload, IReadOnlyDictionary<string, byte[]> blobs)
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
    /// The saved form with binary parts written as raw bytes after the document instead of base64 inside it: the
    /// document ends with <c>"binary": [{"name": …, "bytes": n}, …]</c>, then one line feed, then each part's bytes in
    /// that order. For large numeric arrays (a million customers' factors) that would be gigabytes of JSON text; the
    /// model's payload says how to read them (numbers little-endian). The names must be
    /// distinct; they are read back with <see cref="Blob"/>.
    /// </summary>
    /// <exception cref="ArgumentException">As the other <c>Write</c>, or two parts share a name.</exception>
    public static byte[] Write(string kind, int formatVersion, ReadOnlySpan<byte> payload, IReadOnlyList<KeyValuePair<string, byte[]>> binary)
    {
        ArgumentNullException.ThrowIfNull(binary);
        if (binary.Select(p => p.Key).Distinct(StringComparer.Ordinal).Count() != binary.Count)
        {
            throw new ArgumentException("The binary parts of a model file must have distinct names.", nameof(binary));
        }
        var document = Write(kind, formatVersion, payload);
        // The document ends with its closing brace: the list of parts goes before it.
        var parts = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(parts))
        {
            writer.WriteStartArray();
            foreach (var (name, bytes) in binary)
            {
                writer.WriteStartObject();
                writer.WriteString("name", name);
                writer.WriteNumber("bytes", bytes.LongLength);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        var head = Encoding.UTF8.GetBytes(",\"binary\":");
        var total = document.LongLength + head.Length + parts.WrittenCount + 1 + binary.Sum(p => p.Value.LongLength);
        var result = new byte[total];
        var at = document.Length - 1;
        document.AsSpan(0, at).CopyTo(result);
        head.CopyTo(result.AsSpan(at));
        at += head.Length;
        parts.WrittenSpan.CopyTo(result.AsSpan(at));
        at += parts.WrittenCount;
        result[at++] = (byte)'}';
        result[at++] = (byte)'\n';
        foreach (var (_, bytes) in binary)
        {
            bytes.CopyTo(result.AsSpan(at));
            at += bytes.Length;
        }
        return result;
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
            var root = document.RootElement;
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
            var blobs = NoBlobs;
            if (root.TryGetProperty("blobs", out var blobsElement))
            {
                if (blobsElement.ValueKind != JsonValueKind.Object)
                {
                    throw Error(source, $"is a saved {kind} model whose \"blobs\" is not an object");
                }
                var read = new Dictionary<string, byte[]>(StringComparer.Ordinal);
                foreach (var property in blobsElement.EnumerateObject())
                {
                    if (property.Value.ValueKind != JsonValueKind.String || !property.Value.TryGetBytesFromBase64(out var blob))
                    {
                        throw Error(source, $"is a saved {kind} model whose blob \"{property.Name}\" is not base64");
                    }
                    read[property.Name] = blob;
                }
                blobs = read;
            }
            if (root.TryGetProperty("binary", out var binaryElement))
            {
                blobs = ReadBinary(bytes[(int)consumed..], binaryElement, blobs, kind, source);
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
    {
        var file = Read(bytes, source);
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

    /// <summary>Reads a saved model from the rest of <paramref name="stream"/>, as <see cref="Read(ReadOnlySpan{byte}, string, int, string?)"/>.</summary>
    public static ModelFile Read(Stream stream, string kind, int formatVersion, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return Read(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), kind, formatVersion, source);
    }

    /// <summary>The binary part <paramref name="name"/>.</summary>
    /// <exception cref="ClienteleException">The file has no such part.</exception>
    public byte[] Blob(string name) => _blobs.TryGetValue(name, out var blob)
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

    /// <summary>The binary parts after the document (<see cref="Write(string, int, ReadOnlySpan{byte}, IReadOnlyList{KeyValuePair{string, byte[]}})"/>), with the blobs.</summary>
    private static Dictionary<string, byte[]> ReadBinary(ReadOnlySpan<byte> rest, JsonElement list, IReadOnlyDictionary<string, byte[]> blobs, string kind, string? source)
    {
        var read = new Dictionary<string, byte[]>(blobs, StringComparer.Ordinal);
        var sizes = new List<(string Name, long Bytes)>();
        if (list.ValueKind == JsonValueKind.Array)
        {
            foreach (var part in list.EnumerateArray())
            {
                if (part.ValueKind != JsonValueKind.Object
                    || !part.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String
                    || !part.TryGetProperty("bytes", out var length) || !length.TryGetInt64(out var size) || size < 0 || size > Array.MaxLength)
                {
                    throw Error(source, $"is a saved {kind} model whose \"binary\" list is damaged (each part needs a \"name\" and a whole \"bytes\")");
                }
                sizes.Add((name.GetString()!, size));
            }
        }
        else
        {
            throw Error(source, $"is a saved {kind} model whose \"binary\" is not a list");
        }
        var expected = sizes.Sum(p => p.Bytes);
        if (rest.IsEmpty || rest[0] != (byte)'\n' || rest.Length - 1 != expected)
        {
            throw Error(source, $"is a saved {kind} model whose binary parts should be {expected:N0} bytes after a line feed, and {Math.Max(0, rest.Length - 1):N0} follow the document (cut short or damaged)");
        }
        var at = 1;
        foreach (var (name, size) in sizes)
        {
            if (!read.TryAdd(name, rest.Slice(at, (int)size).ToArray()))
            {
                throw Error(source, $"is a saved {kind} model with two parts named \"{name}\"");
            }
            at += (int)size;
        }
        return read;
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
