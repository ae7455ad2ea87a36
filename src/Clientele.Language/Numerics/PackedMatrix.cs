namespace Clientele.Language.Numerics;

/// <summary>
/// A K × N weight matrix stored as column panels for <see cref="Gemm"/>: panel p holds columns 32p to 32p + 31 as K
/// consecutive rows of 32 floats (the last panel padded with zeros), so the kernel reads it front to back.
/// Packed once when the model loads; immutable.
/// </summary>
internal sealed class PackedMatrix
{
    /// <summary>Columns per panel.</summary>
    public const int PanelWidth = 32;

    private PackedMatrix(float[] data, int rows, int columns)
    {
        Data = data;
        Rows = rows;
        Columns = columns;
    }

    /// <summary>K, the length of the dot products (the inner dimension).</summary>
    public int Rows { get; }

    /// <summary>N, the number of outputs.</summary>
    public int Columns { get; }

    /// <summary>How many panels (⌈N / 32⌉).</summary>
    public int Panels => (Columns + PanelWidth - 1) / PanelWidth;

    /// <summary>The panels, one after the other.</summary>
    public float[] Data { get; }

    /// <summary>Packs a row-major <paramref name="rows"/> × <paramref name="columns"/> matrix.</summary>
    public static PackedMatrix Pack(ReadOnlySpan<float> rowMajor, int rows, int columns)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        if (rowMajor.Length != rows * columns)
        {
            throw new ArgumentException($"A {rows} × {columns} matrix has {rows * columns} values, not {rowMajor.Length}.", nameof(rowMajor));
        }
        var panels = (columns + PanelWidth - 1) / PanelWidth;
        var data = new float[panels * rows * PanelWidth];
        for (var p = 0; p < panels; p++)
        {
            var first = p * PanelWidth;
            var width = Math.Min(PanelWidth, columns - first);
            for (var k = 0; k < rows; k++)
            {
                rowMajor.Slice((k * columns) + first, width).CopyTo(data.AsSpan(((p * rows) + k) * PanelWidth, width));
            }
        }
        return new PackedMatrix(data, rows, columns);
    }
}
