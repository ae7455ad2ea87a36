namespace Clientele.Tests;

/// <summary>
/// Agreement between two labelings of the same points: the tests' and the benchmarks' check that a clustering found
/// the planted groups (no command reports it).
/// </summary>
public static class ClusterAgreement
{
    /// <summary>
    /// The adjusted Rand index (Hubert &amp; Arabie 1985): the Rand index corrected for chance, 1 for identical partitions
    /// (whatever the label values), about 0 for independent ones, possibly negative. Computed as scikit-learn's
    /// <c>adjusted_rand_score</c> from the pair confusion matrix, in exact integer arithmetic, and 1 when no pair is
    /// split differently (including fewer than two points).
    /// </summary>
    /// <exception cref="ArgumentException">The labelings have different lengths.</exception>
    public static double AdjustedRandIndex(IReadOnlyList<int> a, IReadOnlyList<int> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count != b.Count)
        {
            throw new ArgumentException($"The labelings have different lengths: {a.Count} and {b.Count}.", nameof(b));
        }

        var contingency = new Dictionary<(int, int), long>();
        var rowSums = new Dictionary<int, long>();
        var columnSums = new Dictionary<int, long>();
        for (var i = 0; i < a.Count; i++)
        {
            contingency[(a[i], b[i])] = contingency.GetValueOrDefault((a[i], b[i])) + 1;
            rowSums[a[i]] = rowSums.GetValueOrDefault(a[i]) + 1;
            columnSums[b[i]] = columnSums.GetValueOrDefault(b[i]) + 1;
        }

        // Ordered pairs (i ≠ j), as sklearn.metrics.cluster.pair_confusion_matrix.
        Int128 n = a.Count;
        var sumSquares = SumOfSquares(contingency.Values);
        var bothSame = sumSquares - n;                               // same cluster in a and in b
        var sameInBOnly = SumOfSquares(columnSums.Values) - sumSquares;
        var sameInAOnly = SumOfSquares(rowSums.Values) - sumSquares;
        var bothDifferent = (n * n) - sameInBOnly - sameInAOnly - sumSquares;

        if (sameInAOnly == 0 && sameInBOnly == 0)
        {
            return 1.0;
        }
        var numerator = 2 * ((bothSame * bothDifferent) - (sameInAOnly * sameInBOnly));
        var denominator = ((bothSame + sameInAOnly) * (sameInAOnly + bothDifferent))
            + ((bothSame + sameInBOnly) * (sameInBOnly + bothDifferent));
        return (double)numerator / (double)denominator;
    }

    private static Int128 SumOfSquares(IEnumerable<long> counts)
    {
        Int128 total = 0;
        foreach (var count in counts)
        {
            total += (Int128)count * count;
        }
        return total;
    }
}
