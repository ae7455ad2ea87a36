namespace Clientele.Core.Maths;

/// <summary>
/// Seeded, stratified splits of labelled items, in one place for every supervised fitter (segment classifier,
/// value-class model, sentiment models): k folds, or a held-out share, with every label in proportion. The same labels,
/// folds (or fraction) and seed give the same split on every machine.
/// </summary>
public static class StratifiedSplit
{
    /// <summary>
    /// The fold (0 … <paramref name="folds"/> − 1) of every item. Each label's items (in input order, labels in
    /// ascending order) are shuffled with <see cref="Random.Shuffle{T}(T[])"/> on one <see cref="Random"/> seeded by
    /// <paramref name="seed"/>, then dealt to the folds in turn, each label continuing where the previous one stopped: every
    /// fold holds ⌊n_l/k⌋ or ⌈n_l/k⌉ items of each label l, and the fold sizes differ by at most one.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than two folds.</exception>
    public static int[] Folds<TLabel>(IReadOnlyList<TLabel> labels, int folds, int seed)
        where TLabel : notnull
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        var fold = new int[labels.Count];
        var random = new Random(seed);
        var next = 0;
        foreach (var members in ByLabel(labels))
        {
            random.Shuffle(members);
            foreach (var index in members)
            {
                fold[index] = next;
                next = (next + 1) % folds;
            }
        }
        return fold;
    }

    /// <summary>
    /// Marks round(<paramref name="fraction"/> × n_l) items of each label l as held out (true), chosen by shuffling that
    /// label's items as <see cref="Folds"/> does.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The fraction is not strictly between 0 and 1.</exception>
    public static bool[] HeldOut<TLabel>(IReadOnlyList<TLabel> labels, double fraction, int seed)
        where TLabel : notnull
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(fraction, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(fraction, 1.0);
        var heldOut = new bool[labels.Count];
        var random = new Random(seed);
        foreach (var members in ByLabel(labels))
        {
            random.Shuffle(members);
            var count = (int)Math.Round(members.Length * fraction, MidpointRounding.AwayFromZero);
            foreach (var index in members.AsSpan(0, count))
            {
                heldOut[index] = true;
            }
        }
        return heldOut;
    }

    /// <summary>
    /// A seeded sample of <paramref name="size"/> row indices (in ascending order) with each label in its share of the
    /// rows (largest remainders), every label keeping at least <paramref name="minimumPerLabel"/> rows (or all it has):
    /// what a classifier trains and is cross-validated on when the rows are many. All rows when there are no more than
    /// <paramref name="size"/>.
    /// </summary>
    public static int[] Sample<TLabel>(IReadOnlyList<TLabel> labels, int size, int minimumPerLabel, int seed)
        where TLabel : notnull
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(minimumPerLabel);
        if (labels.Count <= size)
        {
            return [.. Enumerable.Range(0, labels.Count)];
        }
        var groups = ByLabel(labels).ToArray();
        var quota = new int[groups.Length];
        var remainders = new double[groups.Length];
        for (var g = 0; g < groups.Length; g++)
        {
            var exact = (double)size * groups[g].Length / labels.Count;
            quota[g] = Math.Min(groups[g].Length, Math.Max(minimumPerLabel, (int)Math.Floor(exact)));
            remainders[g] = exact - Math.Floor(exact);
        }
        // Hand the rows still missing to the largest remainders (ties to the earlier label), one each, while any has room.
        var missing = size - quota.Sum();
        foreach (var g in Enumerable.Range(0, groups.Length).OrderByDescending(g => remainders[g]).ThenBy(g => g))
        {
            if (missing <= 0)
            {
                break;
            }
            if (quota[g] < groups[g].Length)
            {
                quota[g]++;
                missing--;
            }
        }
        var random = new Random(seed);
        var sample = new List<int>(quota.Sum());
        for (var g = 0; g < groups.Length; g++)
        {
            random.Shuffle(groups[g]);
            sample.AddRange(groups[g].AsSpan(0, quota[g]));
        }
        sample.Sort();
        return [.. sample];
    }

    private static IEnumerable<int[]> ByLabel<TLabel>(IReadOnlyList<TLabel> labels)
        where TLabel : notnull
        => Enumerable.Range(0, labels.Count).GroupBy(i => labels[i]).OrderBy(g => g.Key, Comparer<TLabel>.Default).Select(g => g.ToArray());
}
