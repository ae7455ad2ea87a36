using Clientele.Core;

namespace Clientele.Recommend.Evaluation;

/// <summary>
/// Train/test splits of interactions, each deterministic for its input order and seed. Each interaction goes to
/// exactly one side, so the counts reconcile: Train.Count + Test.Count = the input count.
/// </summary>
public static class Splits
{
    /// <summary>
    /// A random split of the rows, as Microsoft Recommenders' <c>python_random_split</c>: the rows are shuffled with
    /// the seed and the first ⌊fraction·n⌋ go to training (the shuffle is .NET's seeded <see cref="System.Random"/>,
    /// so the rows chosen differ from scikit-learn's for the same seed).
    /// </summary>
    /// <exception cref="ArgumentException">The fraction is not strictly between 0 and 1.</exception>
    public static DataSplit Random(IReadOnlyList<Interaction> interactions, double trainFraction = 0.75, int seed = RandomSeed.Default)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        CheckFraction(trainFraction, nameof(trainFraction));
        var order = Enumerable.Range(0, interactions.Count).ToArray();
        new Random(seed).Shuffle(order);
        var trainCount = (int)Math.Floor(trainFraction * interactions.Count);
        return Take(interactions, order.Take(trainCount), order.Skip(trainCount));
    }

    /// <summary>
    /// A random split within each user (Microsoft Recommenders' <c>python_stratified_split</c> by user): of a user's n
    /// interactions, ⌈fraction·n⌉ at random go to training, so every user appears in both parts when n ≥ 2.
    /// </summary>
    /// <exception cref="ArgumentException">The fraction is not strictly between 0 and 1.</exception>
    public static DataSplit RandomPerUser(IReadOnlyList<Interaction> interactions, double trainFraction = 0.75, int seed = RandomSeed.Default)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        CheckFraction(trainFraction, nameof(trainFraction));
        var random = new Random(seed);
        var train = new List<int>();
        var test = new List<int>();
        foreach (var rows in ByUser(interactions))
        {
            random.Shuffle(rows);
            var trainCount = (int)Math.Ceiling(trainFraction * rows.Length);
            train.AddRange(rows.Take(trainCount));
            test.AddRange(rows.Skip(trainCount));
        }
        return Take(interactions, train, test);
    }

    /// <summary>
    /// Leave-k-out: each user's k latest (or k random) interactions go to the test part. A user with k or fewer
    /// interactions stays entirely in training (there would be nothing to learn the user from).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is less than 1.</exception>
    public static DataSplit LeaveKOut(IReadOnlyList<Interaction> interactions, int k = 1, LeaveOut which = LeaveOut.Latest, int seed = RandomSeed.Default)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        if (k < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, $"Leave-k-out needs k >= 1, got {k}.");
        }
        if (!Enum.IsDefined(which))
        {
            throw new ArgumentOutOfRangeException(nameof(which), which, "Not a leave-out rule.");
        }
        var random = new Random(seed);
        var train = new List<int>();
        var test = new List<int>();
        foreach (var rows in ByUser(interactions))
        {
            if (rows.Length <= k)
            {
                train.AddRange(rows);
                continue;
            }
            if (which == LeaveOut.Random)
            {
                random.Shuffle(rows);
            }
            else
            {
                SortByTime(interactions, rows);
            }
            var keep = rows.Length - k;
            train.AddRange(rows.Take(keep));
            test.AddRange(rows.Skip(keep));
        }
        return Take(interactions, train, test);
    }

    /// <summary>A global time split: interactions before <paramref name="cutoff"/> train, the rest (at or after it) test.</summary>
    public static DataSplit ByTime(IReadOnlyList<Interaction> interactions, long cutoff)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        var train = new List<Interaction>();
        var test = new List<Interaction>();
        foreach (var interaction in interactions)
        {
            (interaction.Timestamp < cutoff ? train : test).Add(interaction);
        }
        return new DataSplit(train, test);
    }

    /// <summary>
    /// A time split within each user (Microsoft Recommenders' <c>python_chrono_split</c> by user): of a user's n
    /// interactions in time order, the last ⌊testFraction·n⌋ go to the test part.
    /// </summary>
    /// <exception cref="ArgumentException">The fraction is not strictly between 0 and 1.</exception>
    public static DataSplit LastFractionPerUser(IReadOnlyList<Interaction> interactions, double testFraction = 0.25)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        CheckFraction(testFraction, nameof(testFraction));
        var train = new List<int>();
        var test = new List<int>();
        foreach (var rows in ByUser(interactions))
        {
            SortByTime(interactions, rows);
            var testCount = (int)Math.Floor(testFraction * rows.Length);
            train.AddRange(rows.Take(rows.Length - testCount));
            test.AddRange(rows.Skip(rows.Length - testCount));
        }
        return Take(interactions, train, test);
    }

    /// <summary>The row numbers of each user, users in ordinal order of their ids, rows in input order.</summary>
    private static IEnumerable<int[]> ByUser(IReadOnlyList<Interaction> interactions)
    {
        var groups = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var n = 0; n < interactions.Count; n++)
        {
            var user = interactions[n].UserId ?? throw new ArgumentException($"Interaction {n} has no user id.", nameof(interactions));
            if (!groups.TryGetValue(user, out var rows))
            {
                groups[user] = rows = [];
            }
            rows.Add(n);
        }
        return groups.OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Value.ToArray());
    }

    /// <summary>Sorts row numbers by timestamp, ties in input order (a stable sort).</summary>
    private static void SortByTime(IReadOnlyList<Interaction> interactions, int[] rows)
    {
        var sorted = rows.OrderBy(r => interactions[r].Timestamp).ThenBy(r => r).ToArray();
        sorted.CopyTo(rows, 0);
    }

    private static DataSplit Take(IReadOnlyList<Interaction> interactions, IEnumerable<int> train, IEnumerable<int> test) =>
        new(train.Order().Select(r => interactions[r]).ToArray(), test.Order().Select(r => interactions[r]).ToArray());

    private static void CheckFraction(double fraction, string name)
    {
        if (!(fraction > 0 && fraction < 1))
        {
            throw new ArgumentException($"The fraction must be strictly between 0 and 1, got {fraction}.", name);
        }
    }
}
