namespace Clientele.Recommend.Tests;

public sealed class ItemKnnTests
{
    /// <summary>
    /// implicit's tests/knn_test.py <c>test_all_pairs_knn</c>: TF-IDF weight these counts (rows as documents), then the
    /// pruned top K = 3 of every row must equal the top 3 of the full product W·Wᵀ, values included. (implicit keeps the
    /// row itself among its K; this implementation leaves it out, so the diagonal is left out of the reference too.)
    /// </summary>
    [Fact]
    public void TopNeighbours_ImplicitsAllPairsCase_EqualsBruteForceTopK()
    {
        float[,] counts =
        {
            { 5, 1, 0, 9, 0, 0 },
            { 0, 2, 1, 1, 0, 0 },
            { 7, 0, 3, 0, 0, 0 },
            { 1, 8, 0, 0, 0, 0 },
            { 0, 0, 4, 4, 0, 0 },
            { 0, 3, 0, 0, 0, 2 },
            { 0, 0, 0, 0, 6, 0 },
        };
        var triples = new List<(int, int, float)>();
        for (var r = 0; r < 7; r++)
        {
            for (var c = 0; c < 6; c++)
            {
                if (counts[r, c] != 0)
                {
                    triples.Add((r, c, counts[r, c]));
                }
            }
        }
        var rows = InteractionMatrix.Build([.. Enumerable.Range(0, 7).Select(r => $"r{r}")], [.. Enumerable.Range(0, 6).Select(c => $"c{c}")], triples.ToArray());
        var w = rows.WithWeighting(InteractionWeighting.TfIdf).UserItems;

        var knn = ItemKnnFitter.TopNeighbours(w, w.Transpose(), neighbours: 3);

        for (var i = 0; i < 7; i++)
        {
            var all = Enumerable.Range(0, 7)
                .Where(j => j != i)
                .Select(j => (J: j, S: Enumerable.Range(0, 6).Sum(c => (double)w[i, c] * w[j, c])))
                .Where(p => p.S > 0)
                .OrderByDescending(p => p.S).ThenBy(p => p.J)
                .Take(3)
                .ToArray();
            Assert.Equal(all.Select(p => p.J).Order(), knn.RowIndices(i).ToArray());
            foreach (var (j, s) in all)
            {
                Assert.Equal(s, knn[i, j], 1e-5);
            }
        }
    }

    [Fact]
    public void Fit_Cosine_SimilarityIsTheCosineOfItemColumns()
    {
        // Items a, b, c over users: a = (1, 1, 0), b = (1, 0, 1), c = (0, 0, 2). cos(a, b) = 1/2; cos(b, c) = 2/(√2·2) = 0.7071.
        var matrix = InteractionMatrix.FromInteractions(
            [new("u1", "a"), new("u2", "a"), new("u1", "b"), new("u3", "b"), new("u3", "c", 2f)]);

        var model = new ItemKnnFitter().Fit(matrix);

        Assert.Equal(0.5f, model.Similarity[0, 1], 1e-6f);
        Assert.Equal(0.707107f, model.Similarity[1, 2], 1e-6f);
        Assert.Equal(0f, model.Similarity[0, 2]);
        Assert.Equal(0f, model.Similarity[0, 0]);
        // u2 has only a: b is a's only neighbour, so the list is short and says why.
        var result = model.Recommend("u2", 5);
        Assert.Equal("b", Assert.Single(result.Items).ItemId);
        Assert.Equal(0.5f, result.Items[0].Score, 1e-6f);
        Assert.StartsWith("Only 1 item could be recommended", result.Reason, StringComparison.Ordinal);
    }
}
