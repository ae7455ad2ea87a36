namespace Clientele.Core;

/// <summary>
/// A dense row-major matrix of doubles: one row per customer (or point), one column per feature.
/// The algorithm projects take this instead of a table so that kernels work on contiguous spans.
/// </summary>
public sealed class FeatureMatrix
{
    private readonly double[] _values;

    /// <summary>Wraps <paramref name="values"/> (row-major, <paramref name="rows"/> × <paramref name="columns"/>) without copying.</summary>
    public FeatureMatrix(double[] values, int rows, int columns, IReadOnlyList<string>? columnNames = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        if (values.Length != (long)rows * columns)
        {
            throw new ArgumentException($"Expected {rows} × {columns} = {(long)rows * columns} values, got {values.Length}.", nameof(values));
        }
        if (columnNames is not null && columnNames.Count != columns)
        {
            throw new ArgumentException($"Expected {columns} column names, got {columnNames.Count}.", nameof(columnNames));
        }
        _values = values;
        Rows = rows;
        Columns = columns;
        ColumnNames = columnNames ?? Enumerable.Range(0, columns).Select(c => $"x{c}").ToArray();
    }

    public int Rows { get; }

    public int Columns { get; }

    public IReadOnlyList<string> ColumnNames { get; }

    /// <summary>All values, row-major.</summary>
    public ReadOnlySpan<double> Values => _values;

    public ReadOnlySpan<double> Row(int row) => _values.AsSpan(row * Columns, Columns);

    public double this[int row, int column] => _values[(row * Columns) + column];

    /// <summary>Copies one column out (for medians and per-feature statistics).</summary>
    public double[] Column(int column)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(column);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(column, Columns);
        var result = new double[Rows];
        for (var i = 0; i < Rows; i++)
        {
            result[i] = _values[(i * Columns) + column];
        }
        return result;
    }

    /// <summary>
    /// The columns of <paramref name="left"/> then those of <paramref name="right"/>, row by row; either may be null (the
    /// other is returned, or null when both are).
    /// </summary>
    public static FeatureMatrix? Concatenate(FeatureMatrix? left, FeatureMatrix? right)
    {
        if (left is null || right is null)
        {
            return left ?? right;
        }
        if (left.Rows != right.Rows)
        {
            throw new ArgumentException($"{left.Rows} rows beside {right.Rows}: the matrices must have one row per customer each.", nameof(right));
        }
        var columns = left.Columns + right.Columns;
        var values = new double[left.Rows * columns];
        for (var i = 0; i < left.Rows; i++)
        {
            left.Row(i).CopyTo(values.AsSpan(i * columns, left.Columns));
            right.Row(i).CopyTo(values.AsSpan((i * columns) + left.Columns, right.Columns));
        }
        return new FeatureMatrix(values, left.Rows, columns, [.. left.ColumnNames, .. right.ColumnNames]);
    }

    /// <summary>The rows at <paramref name="indices"/>, as a new matrix (for sampling).</summary>
    public FeatureMatrix SelectRows(IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var result = new double[indices.Count * Columns];
        for (var i = 0; i < indices.Count; i++)
        {
            Row(indices[i]).CopyTo(result.AsSpan(i * Columns, Columns));
        }
        return new FeatureMatrix(result, indices.Count, Columns, ColumnNames);
    }
}
