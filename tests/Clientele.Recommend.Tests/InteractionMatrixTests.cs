namespace Clientele.Recommend.Tests;

public sealed class InteractionMatrixTests
{
    [Fact]
    public void FromInteractions_Duplicates_SummedIdsInOrdinalOrder()
    {
        var matrix = InteractionMatrix.FromInteractions(
        [
            new("bob", "pear", 1f), new("alice", "pear", 2f), new("bob", "apple", 1f), new("bob", "pear", 3f),
        ]);

        Assert.Equal(["alice", "bob"], matrix.UserIds);
        Assert.Equal(["apple", "pear"], matrix.ItemIds);
        Assert.Equal(3, matrix.NonZeros);
        Assert.Equal(2f, matrix.UserItems[0, 1]);
        Assert.Equal(1f, matrix.UserItems[1, 0]);
        Assert.Equal(4f, matrix.UserItems[1, 1]); // 1 + 3
        Assert.Equal(0f, matrix.UserItems[0, 0]);
        Assert.Equal(0, matrix.DroppedPairs);
    }

    [Fact]
    public void FromInteractions_ReturnedPurchase_PairDroppedAndCounted()
    {
        // Bob bought 2 pears and returned 2: the pair sums to 0 and is dropped, and the count says so.
        var matrix = InteractionMatrix.FromInteractions([new("bob", "pear", 2f), new("bob", "pear", -2f), new("bob", "apple", 1f)]);

        Assert.Equal(1, matrix.NonZeros);
        Assert.Equal(1, matrix.DroppedPairs);
        Assert.False(matrix.UserItems.Contains(0, 1));
    }

    [Fact]
    public void FromInteractions_Catalogue_ItemsWithoutInteractionsIncluded()
    {
        var matrix = InteractionMatrix.FromInteractions([new("bob", "pear")], catalogue: ["kiwi", "pear"]);

        Assert.Equal(["kiwi", "pear"], matrix.ItemIds);
        Assert.True(matrix.TryGetItemIndex("kiwi", out var kiwi));
        Assert.Equal(0, matrix.ItemUsers.RowLength(kiwi));
    }

    [Fact]
    public void FromInteractions_BadInput_ArgumentExceptionNamingTheRow()
    {
        var nan = Assert.Throws<ArgumentException>(() => InteractionMatrix.FromInteractions([new("a", "x"), new("b", "y", float.NaN)]));
        var empty = Assert.Throws<ArgumentException>(() => InteractionMatrix.FromInteractions([new("a", "")]));

        Assert.Contains("Triple 1 (user b, item y) has weight NaN", nan.Message, StringComparison.Ordinal);
        Assert.Contains("Interaction 0 has an empty user or item id", empty.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_Triples_OnePassCsrWithSortedRows()
    {
        (int, int, float)[] triples = [(1, 2, 1f), (0, 1, 5f), (1, 0, 2f), (1, 2, 0.5f), (0, 0, 1f)];

        var matrix = InteractionMatrix.Build(["u0", "u1"], ["a", "b", "c"], triples);

        Assert.Equal([0, 2, 4], matrix.UserItems.RowPointers.ToArray());
        Assert.Equal([0, 1, 0, 2], matrix.UserItems.ColumnIndices.ToArray());
        Assert.Equal([1f, 5f, 2f, 1.5f], matrix.UserItems.Values.ToArray());
    }

    [Fact]
    public void Build_IndexOutOfRangeOrRepeatedId_ArgumentException()
    {
        var range = Assert.Throws<ArgumentException>(() => InteractionMatrix.Build(["u0"], ["a"], [(0, 1, 1f)]));
        var repeated = Assert.Throws<ArgumentException>(() => InteractionMatrix.Build(["u0", "u0"], ["a"], [(0, 0, 1f)]));

        Assert.Contains("Triple 0 (0, 1) is outside 1 users × 1 items", range.Message, StringComparison.Ordinal);
        Assert.Contains("\"u0\" appears twice", repeated.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ItemUsers_Transpose_SameEntriesSortedByUser()
    {
        var matrix = Checkerboard.Matrix(6);

        var transpose = matrix.ItemUsers;

        Assert.Equal(matrix.NonZeros, transpose.NonZeros);
        for (var u = 0; u < matrix.Users; u++)
        {
            for (var i = 0; i < matrix.Items; i++)
            {
                Assert.Equal(matrix.UserItems[u, i], transpose[i, u]);
            }
        }
        for (var i = 0; i < transpose.Rows; i++)
        {
            var users = transpose.RowIndices(i).ToArray();
            Assert.Equal(users.Order(), users);
        }
    }

    /// <summary>
    /// Five documents (rows) × three terms: row 0 = {0: 1, 1: 3}, row 1 = {1: 2}, row 2 = {0: 4, 2: 1}, row 3 = {1: 1},
    /// row 4 = {2: 2}. Document frequencies 2, 3, 2, so implicit's idf = ln 5 − ln(1 + df) = 0.510826, 0.223144, 0.510826.
    /// </summary>
    private static InteractionMatrix Documents() => InteractionMatrix.Build(
        ["d0", "d1", "d2", "d3", "d4"], ["t0", "t1", "t2"], [(0, 0, 1f), (0, 1, 3f), (1, 1, 2f), (2, 0, 4f), (2, 2, 1f), (3, 1, 1f), (4, 2, 2f)]);

    [Fact]
    public void WithWeighting_TfIdf_ImplicitsFormula()
    {
        var weighted = Documents().WithWeighting(InteractionWeighting.TfIdf).UserItems;

        // sqrt(x) · idf: row 0 → 1·0.510826, √3·0.223144 = 0.386496; row 2 → 2·0.510826, 1·0.510826.
        Assert.Equal(0.510826f, weighted[0, 0], 1e-6f);
        Assert.Equal(0.386496f, weighted[0, 1], 1e-6f);
        Assert.Equal(1.021651f, weighted[2, 0], 1e-6f);
        Assert.Equal(0.510826f, weighted[2, 2], 1e-6f);
    }

    [Fact]
    public void WithWeighting_Bm25_ImplicitsFormula()
    {
        var weighted = Documents().WithWeighting(InteractionWeighting.Bm25(k1: 100, b: 0.8f)).UserItems;

        // Row sums 4, 2, 5, 1, 2 (mean 2.8); row 0's length norm = 0.2 + 0.8·4/2.8 = 1.342857;
        // x·(K1 + 1)/(K1·norm + x)·idf: (0, 0) = 101/135.2857·0.510826 = 0.381366, (0, 1) = 3·101/137.2857·0.223144 = 0.492495.
        Assert.Equal(0.381366f, weighted[0, 0], 1e-5f);
        Assert.Equal(0.492495f, weighted[0, 1], 1e-5f);
        Assert.Equal(0.569540f, weighted[1, 1], 1e-5f);
        Assert.Equal(1.236828f, weighted[2, 0], 1e-5f);
        Assert.Equal(1.303804f, weighted[4, 2], 1e-5f);
    }

    [Fact]
    public void WithWeighting_LogAndBinary_DocumentedValues()
    {
        var log = Documents().WithWeighting(InteractionWeighting.Log(alpha: 2)).UserItems;
        var binary = Documents().WithWeighting(InteractionWeighting.Binary).UserItems;

        // 1 + 2·ln(1 + 3) = 3.772589; 1 + 2·ln(1 + 1) = 2.386294.
        Assert.Equal(3.772589f, log[0, 1], 1e-5f);
        Assert.Equal(2.386294f, log[0, 0], 1e-5f);
        Assert.All(binary.Values.ToArray(), v => Assert.Equal(1f, v));
    }

    [Fact]
    public void InteractionWeighting_OutOfRange_ArgumentException()
    {
        Assert.Throws<ArgumentException>(() => InteractionWeighting.Bm25(b: 1.5f).Validate());
        Assert.Throws<ArgumentException>(() => InteractionWeighting.Log(alpha: float.NaN).Validate());
    }

    [Fact]
    public void SparseMatrix_Invalid_ArgumentException()
    {
        Assert.Throws<ArgumentException>(() => new SparseMatrix(1, 2, [0, 2], [1, 0], [1f, 1f])); // columns not increasing
        Assert.Throws<ArgumentException>(() => new SparseMatrix(1, 2, [0, 1], [0], [float.NaN]));
        Assert.Throws<ArgumentException>(() => new SparseMatrix(2, 2, [0, 1], [0], [1f]));
    }
}
