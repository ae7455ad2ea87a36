using Clientele.Core;
using Clientele.Data.Ingest;

namespace Clientele.Pipeline;

/// <summary>
/// customers.csv as a table that later capabilities add columns to: read it, set columns for its customers, write it
/// back with the columns in order (existing ones first, new ones appended; a column set again is replaced in place).
/// </summary>
public sealed class CustomerTable
{
    private readonly List<string> _columns;
    private readonly Dictionary<string, string[]> _rows;
    private readonly List<string> _order;

    private CustomerTable(List<string> columns, List<string> order, Dictionary<string, string[]> rows)
    {
        _columns = columns;
        _order = order;
        _rows = rows;
    }

    public IReadOnlyList<string> Columns => _columns;

    public IReadOnlyList<string> CustomerIds => _order;

    public static CustomerTable Read(string path)
    {
        using var source = CsvRecordSource.Open(path, "customers.csv");
        var columns = source.Header.ToList();
        if (columns.Count == 0 || columns[0] != "customer_id")
        {
            throw new ClienteleException("expected a customers.csv whose first column is customer_id", path, line: 1);
        }
        var rows = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var order = new List<string>();
        while (source.Read())
        {
            if (source.Malformation is { } malformation)
            {
                throw new ClienteleException(malformation, path, source.LineNumber);
            }
            string[] fields = [.. source.Fields];
            if (fields.Length != columns.Count)
            {
                throw new ClienteleException($"expected {columns.Count} fields, found {fields.Length}", path, source.LineNumber);
            }
            if (!rows.TryAdd(fields[0], fields))
            {
                throw new ClienteleException($"customer {fields[0]} appears twice", path, source.LineNumber, "customer_id");
            }
            order.Add(fields[0]);
        }
        return new CustomerTable(columns, order, rows);
    }

    /// <summary>True when the table holds every one of these customers.</summary>
    public bool ContainsAll(IEnumerable<string> customerIds) => customerIds.All(_rows.ContainsKey);

    /// <summary>Sets <paramref name="column"/> for every customer from <paramref name="value"/>.</summary>
    public void SetColumn(string column, Func<string, string> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var index = _columns.IndexOf(column);
        if (index < 0)
        {
            _columns.Add(column);
            index = _columns.Count - 1;
            foreach (var id in _order)
            {
                var row = _rows[id];
                Array.Resize(ref row, _columns.Count);
                _rows[id] = row;
            }
        }
        foreach (var id in _order)
        {
            _rows[id][index] = value(id);
        }
    }

    public string Value(string customerId, string column) => _rows[customerId][_columns.IndexOf(column)];

    public void Write(string path)
    {
        var temporary = path + ".partial";
        using (var writer = new StreamWriter(temporary))
        {
            writer.WriteLine(CsvText.Line([.. _columns]));
            foreach (var id in _order)
            {
                writer.WriteLine(CsvText.Line([.. _rows[id]]));
            }
        }
        File.Move(temporary, path, overwrite: true);
    }
}
