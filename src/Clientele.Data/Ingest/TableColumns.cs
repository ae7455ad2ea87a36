using Clientele.Core;

namespace Clientele.Data.Ingest;

/// <summary>
/// Where each field of a catalogue or reviews file sits: by the field's own name or the column <c>--map</c> gives it,
/// case-insensitively. Required fields must be there; optional ones may be absent (index −1).
/// </summary>
internal sealed class TableColumns
{
    private readonly IReadOnlyList<string> _header;
    private readonly Dictionary<string, int> _index;

    private TableColumns(IReadOnlyList<string> header, Dictionary<string, int> index)
    {
        _header = header;
        _index = index;
    }

    public int FieldCount => _header.Count;

    /// <summary>The file's column names.</summary>
    public IReadOnlyList<string> Header => _header;

    public static TableColumns Resolve(
        IReadOnlyList<string> header, IReadOnlyList<string> required, IReadOnlyList<string> optional, IReadOnlyDictionary<string, string> map, string kind, string path)
    {
        var fields = required.Concat(optional).ToArray();
        var unknown = map.Keys.Where(k => !fields.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new ClienteleException($"--map names unknown field(s) {string.Join(", ", unknown)}; the {kind} fields are {string.Join(", ", fields)}");
        }
        var columns = OrderLayout.IndexColumns(header);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var field in fields)
        {
            var column = map.GetValueOrDefault(field, field);
            if (columns.TryGetValue(column, out var i))
            {
                index[field] = i;
            }
            else if (map.ContainsKey(field))
            {
                throw new ClienteleException($"--map {field}={column}: the header has no column {column} (it has: {string.Join(", ", header)})", path, line: 1);
            }
            else if (required.Contains(field))
            {
                missing.Add(field);
            }
        }
        if (missing.Count > 0)
        {
            throw new ClienteleException(
                $"the header lacks column{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)} of a {kind} file (it has: {string.Join(", ", header)}); name them so or use --map field=Column",
                path,
                line: 1);
        }
        return new TableColumns(header, index);
    }

    /// <summary>Columns the caller resolved itself (an events file: by name, common name or position).</summary>
    public static TableColumns Of(IReadOnlyList<string> header, IReadOnlyDictionary<string, int> index) => new(header, new Dictionary<string, int>(index, StringComparer.Ordinal));

    /// <summary>The column of <paramref name="field"/>, or −1 when the file has none.</summary>
    public int this[string field] => _index.GetValueOrDefault(field, -1);

    /// <summary>The file's name for the column of <paramref name="field"/> (for rejects).</summary>
    public string Name(string field) => _header[_index[field]];

    /// <summary>The trimmed text of <paramref name="field"/>, or null when the file has no such column or the field is empty.</summary>
    public string? Text(IReadOnlyList<string> fields, string field)
    {
        var i = this[field];
        if (i < 0)
        {
            return null;
        }
        var text = fields[i].Trim();
        return text.Length == 0 ? null : text;
    }

    /// <summary>A wrong-field-count rejection, or null when the record has as many fields as the header.</summary>
    public Rejection? CheckFieldCount(IReadOnlyList<string> fields) => fields.Count == _header.Count
        ? null
        : new Rejection(RejectReason.WrongFieldCount, null, $"expected {_header.Count} fields, found {fields.Count}");
}
