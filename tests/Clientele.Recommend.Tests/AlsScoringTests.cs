namespace Clientele.Recommend.Tests;

/// <summary>
/// Every customer's top k from ALS as a batch (blocks of users scored by one matrix product, a vectorised top-k heap)
/// against the brute force written out here: each score summed in double precision, every item sorted, the bought
/// ones left out.
/// </summary>
public sealed class AlsScoringTests
{
    /// <summary>Random factors of users × f and items × f.</summary>
    private static float[] Random(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => random.NextSingle() - 0.5f)];
    }

    [Theory]
    [InlineData(1, 8, 64)]
    [InlineData(3, 37, 64)]
    [InlineData(4, 16, 16)]
    [InlineData(9, 45, 20)]
    [InlineData(13, 3, 7)]
    public void ScoreBlock_AnyBlock_TheDotProductsWrittenOutAndTheSameBitsUserByUser(int users, int items, int f)
    {
        var x = Random(users * f, 1);
        var y = Random(items * f, 2);
        var packed = Kernels.PackItems(y, items, f);
        var block = new float[users * items];
        Kernels.ScoreBlock(x, users, packed, items, f, block);

        var single = new float[items];
        for (var u = 0; u < users; u++)
        {
            Kernels.ScoreBlock(x.AsSpan(u * f, f), 1, packed, items, f, single);
            for (var i = 0; i < items; i++)
            {
                var expected = 0.0;
                for (var k = 0; k < f; k++)
                {
                    expected += (double)x[(u * f) + k] * y[(i * f) + k];
                }
                Assert.Equal(expected, block[(u * items) + i], 1e-5);
                // The same fused multiply-adds in the same order whichever path a user takes.
                Assert.Equal(BitConverter.SingleToInt32Bits(single[i]), BitConverter.SingleToInt32Bits(block[(u * items) + i]));
            }
        }
    }

    [Fact]
    public void TopKSelect_TiesNaNAndNegativeInfinity_TheFullSortsFirstK()
    {
        var random = new Random(7);
        for (var trial = 0; trial < 200; trial++)
        {
            var n = random.Next(1, 120);
            var k = random.Next(1, 15);
            // Few distinct values, so many ties; some NaN and −∞, which are never candidates.
            var scores = Enumerable.Range(0, n).Select(_ => random.Next(12) switch
            {
                0 => float.NaN,
                1 => float.NegativeInfinity,
                var v => v / 4f,
            }).ToArray();
            var expected = Enumerable.Range(0, n)
                .Where(i => !float.IsNaN(scores[i]) && !float.IsNegativeInfinity(scores[i]))
                .OrderByDescending(i => scores[i]).ThenBy(i => i)
                .Take(k).ToArray();
            var indices = new int[k];
            var values = new float[k];
            var count = TopK.Select(scores, k, indices, values);
            Assert.Equal(expected, indices[..count]);
            Assert.Equal(expected.Select(i => scores[i]), values[..count]);
        }
    }

    [Fact]
    public void Recommend_EveryUserAsABatch_EqualsTheBruteForceRankingAndEachUserAlone()
    {
        // 300 users × 150 items, 2 to 30 purchases each, so lists are filtered by varying amounts; items 140 to 149
        // are bought by nobody but in the catalogue, so never recommended.
        var random = new Random(11);
        var interactions = new List<Interaction>();
        for (var u = 0; u < 300; u++)
        {
            var bought = Enumerable.Range(0, 140).OrderBy(_ => random.Next()).Take(random.Next(2, 31));
            interactions.AddRange(bought.Select(i => new Interaction($"u{u:D3}", $"i{i:D3}", 1 + random.Next(3))));
        }
        var matrix = InteractionMatrix.FromInteractions(interactions, Enumerable.Range(0, 150).Select(i => $"i{i:D3}"));
        const int F = 20;
        var model = new AlsFitter(new AlsOptions { Factors = F, Iterations = 5, Regularization = 0.1f }).Fit(matrix);
        const int K = 10;

        var batch = model.Recommend(matrix.UserIds, K);

        for (var u = 0; u < matrix.Users; u++)
        {
            var x = model.UserFactors(u).ToArray();
            var scored = Enumerable.Range(0, matrix.Items)
                .Where(i => i < 140 && !matrix.UserItems.Contains(u, i))
                .Select(i => (Item: i, Score: Enumerable.Range(0, F).Sum(k => (double)x[k] * model.ItemFactors(i)[k])))
                .OrderByDescending(p => p.Score).ThenBy(p => p.Item)
                .Take(K).ToArray();
            var list = batch[u].Items;
            Assert.Equal(scored.Select(p => matrix.ItemIds[p.Item]), list.Select(i => i.ItemId));
            for (var r = 0; r < K; r++)
            {
                Assert.Equal(scored[r].Score, list[r].Score, 1e-5);
            }
            Assert.Equal(list, model.Recommend(matrix.UserIds[u], K).Items);
        }
    }

    [Fact]
    public void Recommend_NoUsers_NoLists()
    {
        var matrix = InteractionMatrix.FromInteractions([new Interaction("a", "x"), new Interaction("a", "y"), new Interaction("b", "y")]);
        var model = new AlsFitter(new AlsOptions { Factors = 4, Iterations = 2 }).Fit(matrix);

        Assert.Empty(model.Recommend(Array.Empty<string>(), 10));
    }
}
