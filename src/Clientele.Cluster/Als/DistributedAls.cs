using Clientele.Recommend;

namespace Clientele.Cluster.Als;

/// <summary>
/// ALS with its alternating solves spread over the cluster's silos: each side's rows are cut into shards
/// (<see cref="IAlsShardGrain"/>, placed across the silos), each shard solves its own rows where it lives, and the
/// coordinator gathers a side's factors only to broadcast them, with their small f × f Gramian, to the other side.
/// A row's solve depends on that row, the fixed side's factors and the Gramian alone, and the Gramian is the same sum
/// in the same order (<see cref="AlsFitter.Gram"/>), so the factors are those of <see cref="AlsFitter.Fit"/> for the
/// same seed, to the bit.
/// </summary>
public static class DistributedAls
{
    private const string Users = "users";
    private const string Items = "items";

    /// <summary>Fits <paramref name="interactions"/> with <paramref name="shards"/> shards per side; answers the model and how many shards each silo solved.</summary>
    /// <exception cref="ArgumentException">The matrix has no interactions, or a setting is out of range.</exception>
    public static async Task<DistributedAlsFit> Fit(IGrainFactory grains, InteractionMatrix interactions, AlsOptions options, int shards)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(shards, 1);
        var fitter = new AlsFitter(options);
        var start = fitter.Start(interactions);
        var f = options.Factors;
        var fit = Guid.NewGuid().ToString("N");
        var settings = AlsSolveSettings.Of(options);
        var userShards = Cut(grains, fit, Users, start.Interactions.Users, shards);
        var itemShards = Cut(grains, fit, Items, start.Interactions.Items, shards);
        try
        {
            var silos = await Task.WhenAll(
                Load(userShards, start.UserItems, start.UserFactors, f, settings)
                    .Concat(Load(itemShards, start.ItemUsers, start.ItemFactors, f, settings))).ConfigureAwait(false);
            var userFactors = start.UserFactors;
            var itemFactors = start.ItemFactors;
            for (var iteration = 1; iteration <= options.Iterations; iteration++)
            {
                userFactors = await Solve(userShards, itemFactors, fitter.Gram(itemFactors, start.Interactions.Items), userFactors.Length, f).ConfigureAwait(false);
                itemFactors = await Solve(itemShards, userFactors, fitter.Gram(userFactors, start.Interactions.Users), itemFactors.Length, f).ConfigureAwait(false);
            }
            return new DistributedAlsFit(
                fitter.Model(start, userFactors, itemFactors),
                silos.GroupBy(s => s, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal));
        }
        finally
        {
            await Task.WhenAll(userShards.Concat(itemShards).Select(s => s.Grain.Release())).ConfigureAwait(false);
        }
    }

    private sealed record Shard(IAlsShardGrain Grain, int First, int Count);

    /// <summary>The side's rows in <paramref name="shards"/> contiguous runs of near-equal length (none empty).</summary>
    private static List<Shard> Cut(IGrainFactory grains, string fit, string side, int rows, int shards)
    {
        var count = Math.Min(shards, rows);
        return [.. Enumerable.Range(0, count).Select(s =>
        {
            var first = (int)((long)rows * s / count);
            var next = (int)((long)rows * (s + 1) / count);
            return new Shard(grains.GetGrain<IAlsShardGrain>($"{fit}/{side}/{s}"), first, next - first);
        })];
    }

    private static IEnumerable<Task<string>> Load(List<Shard> shards, SparseMatrix side, float[] factors, int f, AlsSolveSettings settings) =>
        shards.Select(s => s.Grain.Load(ShardRows.Of(side, s.First, s.Count), factors[(s.First * f)..((s.First + s.Count) * f)], settings));

    private static async Task<float[]> Solve(List<Shard> shards, float[] fixedFactors, float[] gram, int length, int f)
    {
        var solved = await Task.WhenAll(shards.Select(s => s.Grain.Solve(fixedFactors, gram))).ConfigureAwait(false);
        var factors = new float[length];
        for (var n = 0; n < shards.Count; n++)
        {
            solved[n].CopyTo(factors, shards[n].First * f);
        }
        return factors;
    }
}

/// <summary>A distributed fit: the model, and how many shards (of both sides) each silo solved.</summary>
public sealed record DistributedAlsFit(AlsModel Model, IReadOnlyDictionary<string, int> ShardsPerSilo);
