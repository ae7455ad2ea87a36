using System.Globalization;
using Clientele.Cluster.Als;
using Clientele.Recommend;
using Clientele.Tests;

namespace Clientele.Cluster.Tests;

/// <summary>
/// ALS solved shard by shard on three silos against the single-process fit (AlsFitter.Fit, the reference this
/// repository's ALS tests hold to implicit's and to the normal equations): the same factors for the same seed.
/// </summary>
[Collection(ThreeSilosGroup.Name)]
public sealed class DistributedAlsTests(ThreeSilos silos)
{

    [SharedDataFact("movielens-100k/u.data")]
    public async Task Fit_MovieLens100k_SameFactorsAsTheSingleProcessFitAndShardsOnEverySilo()
    {
        // Every rating an interaction of weight 1, as the recommender tests read MovieLens.
        var matrix = InteractionMatrix.FromInteractions([.. File.ReadLines(TestData.Shared("movielens-100k/u.data"))
            .Select(line => line.Split('\t'))
            .Select(p => new Interaction(p[0], p[1], 1f, long.Parse(p[3], CultureInfo.InvariantCulture)))]);
        var options = new AlsOptions { Factors = 32, Iterations = 10 };

        var single = new AlsFitter(options).Fit(matrix);
        var distributed = await DistributedAls.Fit(silos.Cluster.Client, matrix, options, shards: 12);

        Assert.Equal((943, 1682), (distributed.Model.Interactions.Users, distributed.Model.Interactions.Items));
        Assert.True(FactorDifference.Largest(single, distributed.Model) <= 1e-4, $"largest difference {FactorDifference.Largest(single, distributed.Model)}");
        // 24 shards placed at random over three silos: all on one would happen about once in 10^11 runs.
        Assert.Equal(24, distributed.ShardsPerSilo.Values.Sum());
        Assert.True(distributed.ShardsPerSilo.Count >= 2, string.Join(", ", distributed.ShardsPerSilo));
        Assert.Equal(
            single.Recommend([.. matrix.UserIds.Take(20)], 10).Select(r => string.Join(",", r.Items.Select(i => i.ItemId))),
            distributed.Model.Recommend([.. matrix.UserIds.Take(20)], 10).Select(r => string.Join(",", r.Items.Select(i => i.ItemId))));
    }

    /// <summary>
    /// The path of a large matrix, at MovieLens' size: with 16 KB parts, each side needs 49 shards for its 100,000
    /// interactions (8 bytes each) to fit 16 KB a shard, and the fixed factors (120 KB and 215 KB) reach each silo's board in
    /// 8 and 14 parts, as a million customers' 256 MB would in 32 MiB parts. The factors are still the single process's.
    /// </summary>
    [SharedDataFact("movielens-100k/u.data")]
    public async Task Fit_MovieLens100kInSmallParts_MoreShardsAndTheSameFactors()
    {
        var matrix = InteractionMatrix.FromInteractions([.. File.ReadLines(TestData.Shared("movielens-100k/u.data"))
            .Select(line => line.Split('\t'))
            .Select(p => new Interaction(p[0], p[1], 1f, long.Parse(p[3], CultureInfo.InvariantCulture)))]);
        var options = new AlsOptions { Factors = 32, Iterations = 4 };

        var single = new AlsFitter(options).Fit(matrix);
        var distributed = await DistributedAls.Fit(silos.Cluster.Client, matrix, options, shards: 3, partBytes: 16 << 10);

        Assert.Equal(49 + 49, distributed.ShardsPerSilo.Values.Sum());
        Assert.Equal(0.0, FactorDifference.Largest(single, distributed.Model));
    }

    [Fact]
    public async Task Fit_MoreShardsThanRows_EachRowItsOwnShardAndTheSameFactors()
    {
        // Five users, four items: seven shards a side leaves none empty (as many shards as rows at most).
        Interaction[] interactions =
        [
            new("u1", "a", 1f, 0), new("u1", "b", 2f, 0), new("u2", "b", 1f, 0), new("u3", "c", 3f, 0),
            new("u4", "a", 1f, 0), new("u4", "d", 1f, 0), new("u5", "c", 1f, 0), new("u5", "d", 2f, 0),
        ];
        var matrix = InteractionMatrix.FromInteractions(interactions);
        var options = new AlsOptions { Factors = 4, Iterations = 6, Regularization = 0.1f };

        var single = new AlsFitter(options).Fit(matrix);
        var distributed = await DistributedAls.Fit(silos.Cluster.Client, matrix, options, shards: 7);

        Assert.Equal(0.0, FactorDifference.Largest(single, distributed.Model));
        Assert.Equal(5 + 4, distributed.ShardsPerSilo.Values.Sum());
    }
}
