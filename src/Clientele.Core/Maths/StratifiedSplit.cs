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

    private static IEnumerable<int[]> ByLabel<TLabel>(IReadOnlyList<TLabel> labels)
        where TLabel : notnull
        => Enumerable.Range(0, labels.Count).GroupBy(i => labels[i]).OrderBy(g => g.Key, Comparer<TLabel>.Default).Select(g => g.ToArray());
}
