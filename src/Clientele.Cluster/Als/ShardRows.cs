using Clientele.Recommend;

namespace Clientele.Cluster.Als;

/// <summary>
/// A shard's rows of a side's weighted matrix (compressed rows: where each row starts, its columns and weights), as
/// sent to the silo that solves them; its rows are numbered from 0 there.
/// </summary>
[GenerateSerializer]
[Immutable]
public sealed record ShardRows(
    [property: Id(0)] int Rows,
    [property: Id(1)] int Columns,
    [property: Id(2)] int[] RowPointers,
    [property: Id(3)] int[] ColumnIndices,
    [property: Id(4)] float[] Values)
{
    /// <summary>Rows <paramref name="first"/> to <paramref name="first"/> + <paramref name="count"/> − 1 of <paramref name="matrix"/>.</summary>
    public static ShardRows Of(SparseMatrix matrix, int first, int count)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentOutOfRangeException.ThrowIfNegative(first);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(first + count, matrix.Rows);
        var pointers = matrix.RowPointers;
        var start = pointers[first];
        var end = pointers[first + count];
        var rowPointers = new int[count + 1];
        for (var r = 0; r <= count; r++)
        {
            rowPointers[r] = pointers[first + r] - start;
        }
        return new ShardRows(count, matrix.Columns, rowPointers, matrix.ColumnIndices[start..end].ToArray(), matrix.Values[start..end].ToArray());
    }

    /// <summary>The rows as a matrix of their own.</summary>
    public SparseMatrix ToMatrix() => new(Rows, Columns, RowPointers, ColumnIndices, Values);
}
