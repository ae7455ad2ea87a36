namespace Clientele.Segmentation.Classification;

/// <summary>Seeded stratified k-fold assignment: every fold gets about 1/k of every segment.</summary>
internal static class StratifiedFolds
{
    /// <summary>
    /// The fold (0 … <paramref name="folds"/> − 1) of each row. Each segment's rows, in row order, are shuffled
    /// (Fisher–Yates on <c>new Random(seed)</c>, segments in ascending order) and dealt to the folds round-robin, each
    /// segment continuing where the previous one stopped, so that every fold holds ⌊n_s/k⌋ or ⌈n_s/k⌉ rows of each
    /// segment s and the fold sizes differ by at most one.
    /// </summary>
    internal static int[] Assign(int[] labels, int[] segments, int folds, int seed)
    {
        var random = new Random(seed);
        var result = new int[labels.Length];
        var bySegment = segments.ToDictionary(segment => segment, _ => new List<int>());
        for (var row = 0; row < labels.Length; row++)
        {
            bySegment[labels[row]].Add(row);
        }
        var next = 0;
        foreach (var segment in segments)
        {
            var rows = bySegment[segment].ToArray();
            for (var i = rows.Length - 1; i > 0; i--)
            {
                var j = random.Next(i + 1);
                (rows[i], rows[j]) = (rows[j], rows[i]);
            }
            foreach (var row in rows)
            {
                result[row] = next;
                next = (next + 1) % folds;
            }
        }
        return result;
    }
}
