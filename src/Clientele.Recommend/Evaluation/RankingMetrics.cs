namespace Clientele.Recommend.Evaluation;

/// <summary>
/// Ranking metrics at k with the definitions of Microsoft Recommenders' <c>python_evaluation</c> (binary relevance):
/// for a user with relevant set R and a ranked list L cut to its first k items, with hits at ranks r₁ &lt; r₂ &lt; …
/// <list type="table">
/// <item><term>precision@k</term><description>|hits| / k (k, not |L|: a short list cannot reach 1; <c>precision_at_k</c>).</description></item>
/// <item><term>recall@k</term><description>|hits| / |R| (<c>recall_at_k</c>).</description></item>
/// <item><term>NDCG@k</term><description>Σ_hits 1/log(1 + r) ÷ Σ_{r=1}^{min(|R|, k)} 1/log(1 + r) (<c>ndcg_at_k</c> with <c>score_type="binary"</c>; the base of the log cancels).</description></item>
/// <item><term>MAP@k</term><description>Σ_n (n / r_n) ÷ min(|R|, k), the mean over users (<c>map_at_k</c> as of 2023, after Spark's <c>meanAveragePrecisionAt</c>; the older <c>map_at_k</c>, now <c>map</c>, divides by |R|).</description></item>
/// <item><term>hit rate@k</term><description>1 when there is at least one hit, else 0.</description></item>
/// </list>
/// Each is averaged over the users evaluated; a user with an empty list scores 0.
/// </summary>
public static class RankingMetrics
{
    /// <summary>Precision@k of one list: hits among the first k items, divided by k.</summary>
    public static double PrecisionAtK(IReadOnlyList<string> ranked, IReadOnlySet<string> relevant, int k)
    {
        Check(ranked, relevant, k);
        return Hits(ranked, relevant, k) / (double)k;
    }

    /// <summary>Recall@k of one list: hits among the first k items, divided by the number of relevant items (0 when there are none).</summary>
    public static double RecallAtK(IReadOnlyList<string> ranked, IReadOnlySet<string> relevant, int k)
    {
        Check(ranked, relevant, k);
        return relevant.Count == 0 ? 0 : Hits(ranked, relevant, k) / (double)relevant.Count;
    }

    /// <summary>NDCG@k of one list with binary relevance; the ideal list has min(|relevant|, k) hits at the top.</summary>
    public static double NdcgAtK(IReadOnlyList<string> ranked, IReadOnlySet<string> relevant, int k)
    {
        Check(ranked, relevant, k);
        if (relevant.Count == 0)
        {
            return 0;
        }
        var dcg = 0.0;
        var length = Math.Min(k, ranked.Count);
        for (var r = 1; r <= length; r++)
        {
            if (relevant.Contains(ranked[r - 1]))
            {
                dcg += 1.0 / Math.Log2(1 + r);
            }
        }
        var ideal = 0.0;
        for (var r = 1; r <= Math.Min(relevant.Count, k); r++)
        {
            ideal += 1.0 / Math.Log2(1 + r);
        }
        return dcg / ideal;
    }

    /// <summary>Average precision@k of one list: Σ over hits of (hits so far / rank), divided by min(|relevant|, k).</summary>
    public static double AveragePrecisionAtK(IReadOnlyList<string> ranked, IReadOnlySet<string> relevant, int k)
    {
        Check(ranked, relevant, k);
        if (relevant.Count == 0)
        {
            return 0;
        }
        var sum = 0.0;
        var hits = 0;
        var length = Math.Min(k, ranked.Count);
        for (var r = 1; r <= length; r++)
        {
            if (relevant.Contains(ranked[r - 1]))
            {
                hits++;
                sum += hits / (double)r;
            }
        }
        return sum / Math.Min(relevant.Count, k);
    }

    /// <summary>1 when one of the first k items is relevant, else 0.</summary>
    public static double HitAtK(IReadOnlyList<string> ranked, IReadOnlySet<string> relevant, int k)
    {
        Check(ranked, relevant, k);
        return Hits(ranked, relevant, k) > 0 ? 1 : 0;
    }

    /// <summary>
    /// The five list metrics averaged over the users of <paramref name="relevant"/> that have a list in
    /// <paramref name="recommendations"/> (Microsoft Recommenders' "common users"; an empty list counts, as zeros).
    /// </summary>
    public static RankingSummary Summarize(
        IReadOnlyDictionary<string, IReadOnlyList<string>> recommendations, IReadOnlyDictionary<string, IReadOnlySet<string>> relevant, int k)
    {
        ArgumentNullException.ThrowIfNull(recommendations);
        ArgumentNullException.ThrowIfNull(relevant);
        CheckK(k);
        double precision = 0, recall = 0, ndcg = 0, map = 0, hit = 0;
        var users = 0;
        foreach (var (user, items) in relevant.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!recommendations.TryGetValue(user, out var ranked))
            {
                continue;
            }
            users++;
            precision += PrecisionAtK(ranked, items, k);
            recall += RecallAtK(ranked, items, k);
            ndcg += NdcgAtK(ranked, items, k);
            map += AveragePrecisionAtK(ranked, items, k);
            hit += HitAtK(ranked, items, k);
        }
        return users == 0
            ? new RankingSummary(0, 0, 0, 0, 0, 0)
            : new RankingSummary(users, precision / users, recall / users, ndcg / users, map / users, hit / users);
    }

    /// <summary>
    /// Catalogue coverage (Shani &amp; Gunawardana 2010; Microsoft Recommenders' <c>catalog_coverage</c>): the number of
    /// distinct items in all lists divided by <paramref name="catalogueSize"/> (there: the distinct items of the training data).
    /// </summary>
    public static double CatalogueCoverage(IEnumerable<IReadOnlyList<string>> lists, int catalogueSize)
    {
        ArgumentNullException.ThrowIfNull(lists);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(catalogueSize);
        return lists.SelectMany(l => l).Distinct(StringComparer.Ordinal).Count() / (double)catalogueSize;
    }

    /// <summary>
    /// Novelty (Castells, Vargas &amp; Wang 2011; Microsoft Recommenders' <c>novelty</c>): the mean over all recommended
    /// items of the self-information −log₂(count(i) / total), count(i) the item's training interactions; items without
    /// training interactions add nothing to the sum but count in the mean, as there. 0 when nothing is recommended.
    /// </summary>
    public static double Novelty(IEnumerable<IReadOnlyList<string>> lists, IReadOnlyDictionary<string, int> itemCounts, long total)
    {
        ArgumentNullException.ThrowIfNull(lists);
        ArgumentNullException.ThrowIfNull(itemCounts);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(total);
        var sum = 0.0;
        long count = 0;
        foreach (var item in lists.SelectMany(l => l))
        {
            count++;
            if (itemCounts.TryGetValue(item, out var c) && c > 0)
            {
                sum += -Math.Log2(c / (double)total);
            }
        }
        return count == 0 ? 0 : sum / count;
    }

    private static int Hits(IReadOnlyList<string> ranked, IReadOnlySet<string> relevant, int k)
    {
        var hits = 0;
        var length = Math.Min(k, ranked.Count);
        for (var r = 0; r < length; r++)
        {
            if (relevant.Contains(ranked[r]))
            {
                hits++;
            }
        }
        return hits;
    }

    private static void Check(IReadOnlyList<string> ranked, IReadOnlySet<string> relevant, int k)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        ArgumentNullException.ThrowIfNull(relevant);
        CheckK(k);
    }

    private static void CheckK(int k)
    {
        if (k <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, $"k, the length of the lists evaluated, must be at least 1; got {k}.");
        }
    }
}
