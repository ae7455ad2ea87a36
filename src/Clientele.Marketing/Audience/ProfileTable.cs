using System.Globalization;

namespace Clientele.Marketing.Audience;

/// <summary>
/// The customers a campaign can target, one row each, with the profile columns a predicate may read. A column whose
/// every non-empty value is a number is numeric (an empty value is missing: NaN); any other column is text.
/// </summary>
public sealed class ProfileTable
{
    private readonly Dictionary<string, int> _index;

    private ProfileTable(IReadOnlyList<string> ids, IReadOnlyList<string> names, double[]?[] numbers, string[][] texts)
    {
        Ids = ids;
        ColumnNames = names;
        Numbers = numbers;
        Texts = texts;
        _index = names.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i, StringComparer.Ordinal);
    }

    public IReadOnlyList<string> Ids { get; }

    public IReadOnlyList<string> ColumnNames { get; }

    public int Count => Ids.Count;

    /// <summary>Per column: its numbers when numeric, else null.</summary>
    internal double[]?[] Numbers { get; }

    /// <summary>Per column: its values as written.</summary>
    internal string[][] Texts { get; }

    /// <summary>A table from text columns (e.g. customers.csv): <paramref name="columns"/>[j][i] is column j of customer i.</summary>
    public static ProfileTable FromText(IReadOnlyList<string> ids, IReadOnlyList<string> names, IReadOnlyList<string[]> columns)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(columns);
        if (names.Count != columns.Count || columns.Any(c => c.Length != ids.Count))
        {
            throw new ArgumentException("Every column needs one value per customer.", nameof(columns));
        }
        var numbers = new double[]?[names.Count];
        for (var j = 0; j < names.Count; j++)
        {
            numbers[j] = TryNumeric(columns[j]);
        }
        return new ProfileTable(ids, names, numbers, [.. columns]);
    }

    public bool HasColumn(string name) => _index.ContainsKey(name);

    public bool IsNumeric(string name) => Numbers[_index[name]] is not null;

    public int ColumnIndex(string name) => _index.TryGetValue(name, out var j) ? j : -1;

    /// <summary>Customer <paramref name="row"/>'s value of <paramref name="column"/>, as written.</summary>
    public string Text(int row, string column) => Texts[_index[column]][row];

    /// <summary>Customer <paramref name="row"/>'s number in <paramref name="column"/> (NaN when missing).</summary>
    public double Number(int row, string column) => Numbers[_index[column]] is { } values ? values[row] : double.NaN;

    private static double[]? TryNumeric(string[] values)
    {
        var result = new double[values.Length];
        var any = false;
        for (var i = 0; i < values.Length; i++)
        {
            if (string.IsNullOrEmpty(values[i]))
            {
                result[i] = double.NaN;
                continue;
            }
            if (!double.TryParse(values[i], NumberStyles.Float, CultureInfo.InvariantCulture, out result[i]))
            {
                return null;
            }
            any = true;
        }
        return any || values.Length == 0 ? result : null;
    }
}
