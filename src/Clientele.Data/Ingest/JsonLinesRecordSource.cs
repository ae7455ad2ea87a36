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
    private JsonElement.ArrayEnumerator _events;
    private string? _arrayName;
    private int _next;
    private int _count;
    private long _line;
    private string _lineText = "";
    private JsonElement? _event;

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

    /// <summary>The line; for an event of an array, the line with the array cut down to that event (made only when asked: for rejects).</summary>
    public string RawLine => _event is { } element ? OneEventLine(_document!.RootElement, _arrayName!, element) : _lineText;

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
        _lineText = line;
        _event = null;
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
                if (!_columns.TryGetValue(property.Name, out var column))
                {
                    Malformation = Unlisted(property.Name);
                    return true;
                }
                _outer[column] = Text(property.Value);
            }
        }
        if (arrays.Count == 0)
        {
            _outer.CopyTo(_fields, 0);
            _arrayName = null;
            return true;
        }
        _arrayName = arrays[0].Name;
        // An enumerator, not an index: indexing an array of objects walks it from the start each time.
        _events = arrays[0].Value.EnumerateArray();
        _count = arrays[0].Value.GetArrayLength();
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
        _events.MoveNext();
        _next++;
        var element = _events.Current;
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
                if (!_columns.TryGetValue(property.Name, out var column))
                {
                    Malformation = Unlisted(property.Name);
                    break;
                }
                _fields[column] = Text(property.Value);
            }
        }
        _event = element;
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

    /// <summary>A field the first pass did not list: the file changed between the two readings, or the line is JSON only one reader takes.</summary>
    private static string Unlisted(string name) => $"the field {name} was not there when the file's fields were listed (did the file change while it was read?)";

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

    /// <summary>
    /// Every field name of the file in the order first seen: the objects' own fields, then those of the objects in an
    /// array of objects (the events). A token scan (no document is built); lines that are not JSON are skipped here and
    /// rejected with their reason when the records are read.
    /// </summary>
    private static List<string> ScanFieldNames(string path, InputKind kind, Encoding encoding)
    {
        var names = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var inner = new List<string>();
        using var reader = InputFile.OpenText(path, kind, out _, encoding);
        try
        {
            while (reader.ReadLine() is { } line)
            {
                if (!string.IsNullOrWhiteSpace(line))
                {
                    ScanLine(Encoding.UTF8.GetBytes(line), names, seen, inner);
                }
            }
        }
        catch (DecoderFallbackException e)
        {
            throw TextEncoding.NotDecodable(path, kind, encoding, e);
        }
        return names;
    }

    private static void ScanLine(byte[] utf8, List<string> names, HashSet<string> seen, List<string> inner)
    {
        var json = new Utf8JsonReader(utf8);
        var found = new List<string>();
        inner.Clear();
        try
        {
            if (!json.Read() || json.TokenType != JsonTokenType.StartObject)
            {
                return;
            }
            var objectsOnly = false;
            var elements = 0;
            while (json.Read())
            {
                switch (json.TokenType)
                {
                    case JsonTokenType.PropertyName when json.CurrentDepth == 1:
                        found.Add(json.GetString()!);
                        break;
                    case JsonTokenType.PropertyName when json.CurrentDepth == 3 && objectsOnly:
                        inner.Add(json.GetString()!);
                        break;
                    case JsonTokenType.StartArray when json.CurrentDepth == 1:
                        objectsOnly = true;
                        elements = 0;
                        break;
                    case JsonTokenType.StartObject when json.CurrentDepth == 2:
                        elements++;
                        break;
                    case JsonTokenType.EndArray when json.CurrentDepth == 1:
                        if (objectsOnly && elements > 0)
                        {
                            found.AddRange(inner);
                        }
                        inner.Clear();
                        objectsOnly = false;
                        break;
                    default:
                        if (json.CurrentDepth == 2 && json.TokenType is not (JsonTokenType.EndObject or JsonTokenType.StartObject))
                        {
                            objectsOnly = false; // a scalar or an array in the array: not an array of events
                        }
                        break;
                }
            }
        }
        catch (JsonException)
        {
            return; // not JSON: rejected when the records are read
        }
        foreach (var name in found)
        {
            if (seen.Add(name))
            {
                names.Add(name);
            }
        }
    }
}
