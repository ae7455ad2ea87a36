using System.Text;
using System.Text.Json;

namespace Clientele.Data.Ingest;

/// <summary>
/// JSON lines (plain or gzip): one object a line. A flat object is one record; an object holding an array of objects
/// (OTTO's <c>{"session": 1, "events": [{"aid": …, "ts": …, "type": "clicks"}, …]}</c>) is one record per element,
/// each inheriting the object's other fields (an element's own field wins). The header is every field name the file
/// uses, in the order first seen (a first pass over the file finds them, so a field that appears late is not lost);
/// values are their text: strings as they are, numbers as written, true/false, null as empty, objects and arrays as
/// their JSON. A line that is not a JSON object, gives a field twice, or whose array of events is empty, is a malformed
/// record.
/// </summary>
internal sealed class JsonLinesRecordSource : IRecordSource
{
    private readonly string _path;
    private readonly InputKind _kind;
    private readonly Encoding _encoding;
    private readonly StreamReader _reader;
    private readonly FileStream _file;
    private readonly Dictionary<string, int> _columns;
    private readonly string[] _fields;
    private readonly string[] _outer;
    private JsonDocument? _document;
    private JsonElement _events;
    private string? _arrayName;
    private int _next;
    private int _count;
    private long _line;

    public JsonLinesRecordSource(string path, InputKind kind, Encoding? encoding = null)
    {
        _path = path;
        _kind = kind;
        _encoding = encoding ?? InputFile.DetectEncoding(path, kind);
        Header = ScanFieldNames(path, kind, _encoding);
        _columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < Header.Count; i++)
        {
            _columns[Header[i]] = i;
        }
        _fields = new string[Header.Count];
        _outer = new string[Header.Count];
        _reader = InputFile.OpenText(path, kind, out _file, _encoding);
    }

    public IReadOnlyList<string> Header { get; }

    public IReadOnlyList<string> Fields => _fields;

    public long LineNumber => _line;

    public string RawLine { get; private set; } = "";

    public string? Malformation { get; private set; }

    public RejectReason MalformationReason => RejectReason.MalformedJson;

    public long BytesConsumed => _file.Position;

    /// <summary>Whether the file's first non-blank character opens a JSON object (a JSON-lines file rather than CSV).</summary>
    public static bool LooksLikeJsonLines(string path, InputKind kind, Encoding? encoding)
    {
        encoding ??= InputFile.DetectEncoding(path, kind);
        using var reader = InputFile.OpenText(path, kind, out _, encoding);
        int c;
        try
        {
            while ((c = reader.Read()) >= 0 && char.IsWhiteSpace((char)c))
            {
            }
        }
        catch (DecoderFallbackException e)
        {
            throw TextEncoding.NotDecodable(path, kind, encoding, e);
        }
        return c == '{';
    }

    public bool Read()
    {
        if (_next < _count)
        {
            NextEvent();
            return true;
        }
        _document?.Dispose();
        _document = null;
        string? line;
        try
        {
            do
            {
                line = _reader.ReadLine();
                _line++;
            }
            while (line is not null && string.IsNullOrWhiteSpace(line));
        }
        catch (DecoderFallbackException e)
        {
            throw TextEncoding.NotDecodable(_path, _kind, _encoding, e);
        }
        if (line is null)
        {
            return false;
        }
        RawLine = line;
        Malformation = null;
        _count = _next = 0;
        Array.Fill(_fields, "");
        Array.Fill(_outer, "");
        try
        {
            _document = JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            Malformation = $"not JSON: {e.Message.Split('\n')[0]}";
            return true;
        }
        var root = _document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            Malformation = $"a JSON {root.ValueKind.ToString().ToLowerInvariant()}, not an object";
            return true;
        }
        if (Twice(root) is { } repeated)
        {
            Malformation = $"the field {repeated} is given twice";
            return true;
        }
        var arrays = EventArrays(root).ToList();
        if (arrays.Count > 1)
        {
            Malformation = $"more than one array of objects ({string.Join(", ", arrays.Select(a => a.Name))}): which holds the events?";
            return true;
        }
        foreach (var property in root.EnumerateObject())
        {
            if (arrays.Count == 0 || property.Name != arrays[0].Name)
            {
                _outer[_columns[property.Name]] = Text(property.Value);
            }
        }
        if (arrays.Count == 0)
        {
            _outer.CopyTo(_fields, 0);
            _arrayName = null;
            return true;
        }
        _arrayName = arrays[0].Name;
        _events = arrays[0].Value;
        _count = _events.GetArrayLength();
        if (_count == 0)
        {
            Malformation = $"the array {_arrayName} is empty: no event to read";
            return true;
        }
        NextEvent();
        return true;
    }

    public void Dispose()
    {
        _document?.Dispose();
        _reader.Dispose();
    }

    private void NextEvent()
    {
        var element = _events[_next++];
        _outer.CopyTo(_fields, 0);
        Malformation = null;
        if (element.ValueKind != JsonValueKind.Object)
        {
            Malformation = $"element {_next} of {_arrayName} is a JSON {element.ValueKind.ToString().ToLowerInvariant()}, not an object";
        }
        else if (Twice(element) is { } repeated)
        {
            Malformation = $"element {_next} of {_arrayName} gives the field {repeated} twice";
        }
        else
        {
            foreach (var property in element.EnumerateObject())
            {
                _fields[_columns[property.Name]] = Text(property.Value);
            }
        }
        RawLine = OneEventLine(_document!.RootElement, _arrayName!, element);
    }

    /// <summary>The line with its array cut down to this one element: what the rejects report shows for it.</summary>
    private static string OneEventLine(JsonElement root, string arrayName, JsonElement element)
    {
        var text = new StringBuilder("{");
        foreach (var property in root.EnumerateObject())
        {
            if (text.Length > 1)
            {
                text.Append(',');
            }
            text.Append(JsonSerializer.Serialize(property.Name)).Append(':');
            text.Append(property.Name == arrayName ? "[" + element.GetRawText() + "]" : property.Value.GetRawText());
        }
        return text.Append('}').ToString();
    }

    /// <summary>
    /// The object's properties that hold its events: a non-empty array of objects, or an empty array named <c>events</c>
    /// (a session without events, rejected); any other array is a plain value.
    /// </summary>
    private static IEnumerable<JsonProperty> EventArrays(JsonElement root) => root.EnumerateObject().Where(p =>
        p.Value.ValueKind == JsonValueKind.Array
        && (p.Value.GetArrayLength() == 0
            ? p.Name.Equals("events", StringComparison.OrdinalIgnoreCase)
            : p.Value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.Object)));

    /// <summary>A field name the object gives more than once (which value would be meant?), or null.</summary>
    private static string? Twice(JsonElement value)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject())
        {
            if (!names.Add(property.Name))
            {
                return property.Name;
            }
        }
        return null;
    }

    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? "",
        JsonValueKind.Null or JsonValueKind.Undefined => "",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => value.GetRawText(),
    };

    /// <summary>Every field name of the file in the order first seen: outer fields, then those of the events inside.</summary>
    private static List<string> ScanFieldNames(string path, InputKind kind, Encoding encoding)
    {
        var names = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Add(string name)
        {
            if (seen.Add(name))
            {
                names.Add(name);
            }
        }
        using var reader = InputFile.OpenText(path, kind, out _, encoding);
        try
        {
            while (reader.ReadLine() is { } line)
            {
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }
                JsonDocument document;
                try
                {
                    document = JsonDocument.Parse(line);
                }
                catch (JsonException)
                {
                    continue; // rejected with its reason when the records are read
                }
                using (document)
                {
                    if (document.RootElement.ValueKind != JsonValueKind.Object || Twice(document.RootElement) is not null)
                    {
                        continue;
                    }
                    var arrays = EventArrays(document.RootElement).ToList();
                    foreach (var property in document.RootElement.EnumerateObject())
                    {
                        // The events array's own name too: on another line it may hold a plain value.
                        Add(property.Name);
                    }
                    if (arrays.Count == 1)
                    {
                        foreach (var element in arrays[0].Value.EnumerateArray())
                        {
                            foreach (var property in element.EnumerateObject())
                            {
                                Add(property.Name);
                            }
                        }
                    }
                }
            }
        }
        catch (DecoderFallbackException e)
        {
            throw TextEncoding.NotDecodable(path, kind, encoding, e);
        }
        return names;
    }
}
