namespace Clientele.Language.Sentiment;

/// <summary>Seeded, stratified splits of labelled items: a held-out share, or k folds, with every label in proportion.</summary>
public static class StratifiedSplit
{
    /// <summary>
    /// Marks round(<paramref name="fraction"/> × n) items of each label as held out (true), chosen by a Fisher–Yates
    /// shuffle of that label's items (in input order, labels in ascending order) with one <see cref="Random"/> seeded
    /// by <paramref name="seed"/>. The same labels, fraction and seed give the same split on every machine.
    /// </summary>
    public static bool[] HeldOut(IReadOnlyList<SentimentLabel> labels, double fraction, int seed)
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
    /// The fold (0 … <paramref name="folds"/> − 1) of every item: each label's items, shuffled as in
    /// <see cref="HeldOut"/>, are dealt to the folds in turn.
    /// </summary>
    public static int[] Folds(IReadOnlyList<SentimentLabel> labels, int folds, int seed)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        var fold = new int[labels.Count];
        var random = new Random(seed);
        foreach (var members in ByLabel(labels))
        {
            random.Shuffle(members);
            for (var i = 0; i < members.Length; i++)
            {
                fold[members[i]] = i % folds;
            }
        }
        return fold;
    }

    private static IEnumerable<int[]> ByLabel(IReadOnlyList<SentimentLabel> labels) =>
        Enumerable.Range(0, labels.Count).GroupBy(i => labels[i]).OrderBy(g => g.Key).Select(g => g.ToArray());
}
