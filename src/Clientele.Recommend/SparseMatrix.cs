namespace Clientele.Recommend;

/// <summary>
/// An immutable sparse matrix of floats in compressed sparse row (CSR) form: row <c>r</c> holds the columns
/// <c>ColumnIndices[RowPointers[r] .. RowPointers[r + 1]]</c> (strictly increasing) with their <c>Values</c>.
/// The transpose of a CSR matrix is its compressed sparse column (CSC) form.
/// </summary>
public sealed class SparseMatrix
{
    private readonly int[] _rowPointers;
    private readonly int[] _columnIndices;
    private readonly float[] _values;

    /// <summary>Wraps the three CSR arrays without copying, after checking that they describe a matrix.</summary>
    /// <exception cref="ArgumentException">
    /// The pointers are not <paramref name="rows"/> + 1 non-decreasing offsets from 0 to the number of values, a column
    /// is out of range or not strictly increasing within its row, or a value is NaN or infinite.
    /// </exception>
    public SparseMatrix(int rows, int columns, int[] rowPointers, int[] columnIndices, float[] values)
        : this(rows, columns, rowPointers, columnIndices, values, validate: true)
    {
    }

    internal SparseMatrix(int rows, int columns, int[] rowPointers, int[] columnIndices, float[] values, bool validate)
    {
        ArgumentNullException.ThrowIfNull(rowPointers);
        ArgumentNullException.ThrowIfNull(columnIndices);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        if (validate)
        {
            Check(rows, columns, rowPointers, columnIndices, values);
        }
        Rows = rows;
        Columns = columns;
        _rowPointers = rowPointers;
        _columnIndices = columnIndices;
        _values = values;
    }

    /// <summary>Gets the number of rows.</summary>
    public int Rows { get; }

    /// <summary>Gets the number of columns.</summary>
    public int Columns { get; }

    /// <summary>Gets the number of stored entries.</summary>
    public int NonZeros => _values.Length;

    /// <summary>Gets the <see cref="Rows"/> + 1 offsets of the rows into <see cref="ColumnIndices"/> and <see cref="Values"/>.</summary>
    public ReadOnlySpan<int> RowPointers => _rowPointers;

    /// <summary>Gets the column of every stored entry, row by row, increasing within a row.</summary>
    public ReadOnlySpan<int> ColumnIndices => _columnIndices;

    /// <summary>Gets the value of every stored entry, in the order of <see cref="ColumnIndices"/>.</summary>
    public ReadOnlySpan<float> Values => _values;

    internal int[] RowPointerArray => _rowPointers;

    internal int[] ColumnIndexArray => _columnIndices;

    internal float[] ValueArray => _values;

    /// <summary>The columns of the entries of <paramref name="row"/>, increasing.</summary>
    public ReadOnlySpan<int> RowIndices(int row)
    {
        CheckRow(row);
        return _columnIndices.AsSpan(_rowPointers[row], _rowPointers[row + 1] - _rowPointers[row]);
    }

    /// <summary>The values of the entries of <paramref name="row"/>, in the order of <see cref="RowIndices"/>.</summary>
    public ReadOnlySpan<float> RowValues(int row)
    {
        CheckRow(row);
        return _values.AsSpan(_rowPointers[row], _rowPointers[row + 1] - _rowPointers[row]);
    }

    /// <summary>The number of entries of <paramref name="row"/>.</summary>
    public int RowLength(int row)
    {
        CheckRow(row);
        return _rowPointers[row + 1] - _rowPointers[row];
    }

    /// <summary>The value at (<paramref name="row"/>, <paramref name="column"/>), 0 when no entry is stored there.</summary>
    public float this[int row, int column]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(column);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(column, Columns);
            var position = RowIndices(row).BinarySearch(column);
            return position >= 0 ? _values[_rowPointers[row] + position] : 0f;
        }
    }

    /// <summary>Whether an entry is stored at (<paramref name="row"/>, <paramref name="column"/>).</summary>
    public bool Contains(int row, int column) => RowIndices(row).BinarySearch(column) >= 0;

    /// <summary>
    /// The transpose (columns become rows), built with a counting sort in two passes over the entries, so that the
    /// columns of every row stay increasing. The CSC form of this matrix.
    /// </summary>
    public SparseMatrix Transpose()
    {
        var pointers = new int[Columns + 1];
        foreach (var column in _columnIndices)
        {
            pointers[column + 1]++;
        }
        for (var c = 0; c < Columns; c++)
        {
            pointers[c + 1] += pointers[c];
        }
        var next = (int[])pointers.Clone();
        var indices = new int[_values.Length];
        var values = new float[_values.Length];
        for (var r = 0; r < Rows; r++)
        {
            for (var p = _rowPointers[r]; p < _rowPointers[r + 1]; p++)
            {
                var target = next[_columnIndices[p]]++;
                indices[target] = r;
                values[target] = _values[p];
            }
        }
        return new SparseMatrix(Columns, Rows, pointers, indices, values, validate: false);
    }

    /// <summary>A matrix with the same entries and <paramref name="values"/> in their place (same length and order).</summary>
    internal SparseMatrix WithValues(float[] values) =>
        new(Rows, Columns, _rowPointers, _columnIndices, values, validate: false);

    /// <summary>The number of entries of each column (the number of rows each column appears in).</summary>
    public int[] ColumnCounts()
    {
        var counts = new int[Columns];
        foreach (var column in _columnIndices)
        {
            counts[column]++;
        }
        return counts;
    }

    private void CheckRow(int row)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, Rows);
    }

    private static void Check(int rows, int columns, int[] rowPointers, int[] columnIndices, float[] values)
    {
        if (rowPointers.Length != rows + 1)
        {
            throw new ArgumentException($"Expected {rows + 1} row pointers, got {rowPointers.Length}.", nameof(rowPointers));
        }
        if (columnIndices.Length != values.Length)
        {
            throw new ArgumentException(
                $"Expected as many column indices as values, got {columnIndices.Length} and {values.Length}.", nameof(columnIndices));
        }
        if (rowPointers[0] != 0 || rowPointers[rows] != values.Length)
        {
            throw new ArgumentException(
                $"Row pointers must run from 0 to {values.Length}, got {rowPointers[0]} … {rowPointers[rows]}.", nameof(rowPointers));
        }
        for (var r = 0; r < rows; r++)
        {
            if (rowPointers[r + 1] < rowPointers[r])
            {
                throw new ArgumentException($"Row pointer {r + 1} is smaller than row pointer {r}.", nameof(rowPointers));
            }
            var previous = -1;
            for (var p = rowPointers[r]; p < rowPointers[r + 1]; p++)
            {
                var column = columnIndices[p];
                if (column <= previous || column >= columns)
                {
                    throw new ArgumentException(
                        $"Row {r}: column {column} is out of range 0 … {columns - 1} or not after column {previous}.", nameof(columnIndices));
                }
                if (!float.IsFinite(values[p]))
                {
                    throw new ArgumentException($"Row {r}, column {column}: the value is {values[p]}; values must be finite.", nameof(values));
                }
                previous = column;
            }
        }
    }
}
