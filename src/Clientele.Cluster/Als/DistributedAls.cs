using Orleans.Concurrency;
using Clientele.Recommend;

namespace Clientele.Cluster.Als;

/// <summary>
/// ALS with its alternating solves spread over the cluster's silos: each side's rows are cut into shards
/// (<see cref="IAlsShardGrain"/>, placed across the silos), each shard solves its own rows where it lives, and the
/// coordinator gathers a side's factors only to send them, once to each silo's board (<see cref="IAlsBoardGrain"/>) in
/// parts of at most <see cref="DefaultPartBytes"/>, with their small f × f Gramian to each shard of the other side.
/// A row's solve depends on that row, the fixed side's factors and the Gramian alone, and the Gramian is the same sum
/// in the same order (<see cref="AlsFitter.Gram"/>), so the factors are those of <see cref="AlsFitter.Fit"/> for the
/// same seed, to the bit. No message carries more than about a part: a side has enough shards that each one's rows and
/// factors fit in one (Orleans refuses a message above 100 MB).
/// </summary>
public static class DistributedAls
{
    private const string Users = "users";
    private const string Items = "items";

    /// <summary>The most bytes of factors or rows one message carries (32 MiB, a third of Orleans' 100 MB limit).</summary>
    public const int DefaultPartBytes = 32 << 20;

    /// <summary>
    /// Fits <paramref name="interactions"/> with at least <paramref name="shards"/> shards per side (more where a side's
    /// rows or factors need them to stay within <paramref name="partBytes"/> a shard); answers the model and how many
    /// shards each silo solved.
    /// </summary>
    /// <exception cref="ArgumentException">The matrix has no interactions, or a setting is out of range.</exception>
    public static async Task<DistributedAlsFit> Fit(IGrainFactory grains, InteractionMatrix interactions, AlsOptions options, int shards, int partBytes = DefaultPartBytes)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(shards, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(partBytes, 1024);
        var fitter = new AlsFitter(options);
        var start = fitter.Start(interactions);
        var f = options.Factors;
        var fit = Guid.NewGuid().ToString("N");
        var settings = AlsSolveSettings.Of(options);
        var userShards = Cut(grains, fit, Users, start.UserItems.Rows, ShardsFor(start.UserItems, f, shards, partBytes));
        var itemShards = Cut(grains, fit, Items, start.ItemUsers.Rows, ShardsFor(start.ItemUsers, f, shards, partBytes));
        List<IAlsBoardGrain> boards = [];
        try
        {
            var silos = await Task.WhenAll(
                Load(userShards, start.UserItems, start.UserFactors, f, settings)
                    .Concat(Load(itemShards, start.ItemUsers, start.ItemFactors, f, settings))).ConfigureAwait(false);
            boards = [.. silos.Distinct(StringComparer.Ordinal).Select(silo => grains.GetGrain<IAlsBoardGrain>(AlsShardGrain.BoardKey(fit, silo)))];
            var userFactors = start.UserFactors;
            var itemFactors = start.ItemFactors;
            var sweep = 0;
            for (var iteration = 1; iteration <= options.Iterations; iteration++)
            {
                userFactors = await Solve(boards, userShards, sweep++, itemFactors, fitter.Gram(itemFactors, start.Interactions.Items), userFactors.Length, f, partBytes).ConfigureAwait(false);
                itemFactors = await Solve(boards, itemShards, sweep++, userFactors, fitter.Gram(userFactors, start.Interactions.Users), itemFactors.Length, f, partBytes).ConfigureAwait(false);
            }
            return new DistributedAlsFit(
                fitter.Model(start, userFactors, itemFactors),
                silos.GroupBy(s => s, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal));
        }
        finally
        {
            await Task.WhenAll(userShards.Concat(itemShards).Select(s => s.Grain.Release()).Concat(boards.Select(b => b.Release()))).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// At least <paramref name="shards"/>, and enough that a shard's factors (rows × f floats) and its rows (a column
    /// and a weight per interaction) each fit in <paramref name="partBytes"/> on average; never more than the rows.
    /// </summary>
    internal static int ShardsFor(SparseMatrix side, int f, int shards, int partBytes)
    {
        var forFactors = ((long)side.Rows * f * sizeof(float) + partBytes - 1) / partBytes;
        var forRows = ((long)side.ColumnIndices.Length * (sizeof(int) + sizeof(float)) + partBytes - 1) / partBytes;
        return (int)Math.Min(side.Rows, Math.Max(shards, Math.Max(forFactors, forRows)));
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

    /// <summary>Half-sweep <paramref name="sweep"/>: the fixed factors to every silo's board in parts, then every shard solves.</summary>
    private static async Task<float[]> Solve(List<IAlsBoardGrain> boards, List<Shard> shards, int sweep, float[] fixedFactors, float[] gram, int length, int f, int partBytes)
    {
        var partLength = Math.Max(f, partBytes / sizeof(float) / f * f);
        // One part at a time, cut once and sent to every silo at once: a part in flight is all a send holds beside the array.
        for (var offset = 0; offset < fixedFactors.Length; offset += partLength)
        {
            var part = fixedFactors[offset..Math.Min(fixedFactors.Length, offset + partLength)].AsImmutable();
            var at = offset;
            await Task.WhenAll(boards.Select(board => board.Put(sweep, at, fixedFactors.Length, part))).ConfigureAwait(false);
        }
        var solved = await Task.WhenAll(shards.Select(s => s.Grain.Solve(sweep, gram))).ConfigureAwait(false);
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
