using Clientele.Recommend.Evaluation;

namespace Clientele.Recommend.Tests.Evaluation;

/// <summary>
/// The metrics against Microsoft Recommenders' own unit tests (tests/unit/recommenders/evaluation/conftest.py and
/// test_python_evaluation.py: the <c>rating_true</c> / <c>rating_pred</c> fixtures and their expected values, tolerance
/// 1e-4) and against cases computed by hand.
/// </summary>
public sealed class RankingMetricsTests
{
    private const double Tolerance = 1e-4;

    /// <summary>
    /// <c>rating_true</c> as relevant sets: user 1 has items 3, 1, 2; user 2 items 1, 4, 5, 6, 7; user 3 items 2, 5, 6,
    /// 8, 9, 10, 11, 12, 13, 14.
    /// </summary>
    private static Dictionary<string, IReadOnlySet<string>> Truth() => new()
    {
        ["1"] = Set("3", "1", "2"),
        ["2"] = Set("1", "4", "5", "6", "7"),
        ["3"] = Set("2", "5", "6", "8", "9", "10", "11", "12", "13", "14"),
    };

    /// <summary>
    /// <c>rating_pred</c> ranked by prediction: user 1 (12→12, 3→14, 10→13) ranks 3, 10, 12; user 2 (10→14, 3→13, 5→12,
    /// 11→11, 13→10) ranks 10, 3, 5, 11, 13; user 3 ranks 4, 10, 7, 13, 1, 3, 5, 2, 11, 14 (predictions 14 down to 5).
    /// </summary>
    private static Dictionary<string, IReadOnlyList<string>> Predictions() => new()
    {
        ["1"] = ["3", "10", "12"],
        ["2"] = ["10", "3", "5", "11", "13"],
        ["3"] = ["4", "10", "7", "13", "1", "3", "5", "2", "11", "14"],
    };

    [Fact]
    public void Summarize_MicrosoftRecommendersFixture_TheirPublishedValues()
    {
        var summary = RankingMetrics.Summarize(Predictions(), Truth(), 10);

        Assert.Equal(3, summary.Users);
        Assert.Equal(0.26666, summary.Precision, Tolerance); // test_python_precision_at_k
        Assert.Equal(0.37777, summary.Recall, Tolerance);    // test_python_recall_at_k
        Assert.Equal(0.38172, summary.Ndcg, Tolerance);      // test_python_ndcg_at_k
        Assert.Equal(0.23613, summary.Map, Tolerance);       // test_python_map_at_k
    }

    [Fact]
    public void Summarize_TruthAsPrediction_TheirPerfectValues()
    {
        // Ranking each user's relevant items first: precision is (3 + 5 + 10) / 10 / 3 = 0.6 because k = 10 counts
        // the slots a short list leaves empty; recall, NDCG and MAP are 1.
        var perfect = Truth().ToDictionary(p => p.Key, p => (IReadOnlyList<string>)[.. p.Value]);

        var summary = RankingMetrics.Summarize(perfect, Truth(), 10);

        Assert.Equal(0.6, summary.Precision, 1e-12);
        Assert.Equal(1, summary.Recall, 1e-12);
        Assert.Equal(1, summary.Ndcg, 1e-12);
        Assert.Equal(1, summary.Map, 1e-12);
        Assert.Equal(1, summary.HitRate, 1e-12);
    }

    [Fact]
    public void Summarize_NoHits_AllZero()
    {
        var nohit = Truth().ToDictionary(p => p.Key, _ => (IReadOnlyList<string>)["100"]);

        var summary = RankingMetrics.Summarize(nohit, Truth(), 10);

        Assert.Equal(new RankingSummary(3, 0, 0, 0, 0, 0), summary);
    }

    [Fact]
    public void ListMetrics_HandComputedCase_AtK4()
    {
        // Ranked a, x, b, y against relevant {a, b, c}, k = 4: hits at ranks 1 and 3.
        IReadOnlyList<string> ranked = ["a", "x", "b", "y"];
        var relevant = Set("a", "b", "c");

        // precision = 2 / 4; recall = 2 / 3.
        Assert.Equal(0.5, RankingMetrics.PrecisionAtK(ranked, relevant, 4), 1e-12);
        Assert.Equal(2.0 / 3, RankingMetrics.RecallAtK(ranked, relevant, 4), 1e-12);
        // DCG = 1/log2(2) + 1/log2(4) = 1.5; ideal over min(3, 4) = 3 hits = 1 + 1/log2(3) + 1/2 = 2.130930;
        // NDCG = 1.5 / 2.130930 = 0.703918.
        Assert.Equal(1.5 / (1 + (1 / Math.Log2(3)) + 0.5), RankingMetrics.NdcgAtK(ranked, relevant, 4), 1e-12);
        Assert.Equal(0.703918, RankingMetrics.NdcgAtK(ranked, relevant, 4), 1e-6);
        // AP = (1/1 + 2/3) / min(3, 4) = 0.555556.
        Assert.Equal((1 + (2.0 / 3)) / 3, RankingMetrics.AveragePrecisionAtK(ranked, relevant, 4), 1e-12);
        Assert.Equal(1, RankingMetrics.HitAtK(ranked, relevant, 4));
    }

    [Fact]
    public void ListMetrics_HandComputedCase_CutAtK2()
    {
        // The same list cut at k = 2: one hit at rank 1.
        IReadOnlyList<string> ranked = ["a", "x", "b", "y"];
        var relevant = Set("a", "b", "c");

        Assert.Equal(0.5, RankingMetrics.PrecisionAtK(ranked, relevant, 2), 1e-12);
        Assert.Equal(1.0 / 3, RankingMetrics.RecallAtK(ranked, relevant, 2), 1e-12);
        // ideal over min(3, 2) = 2 hits: 1 + 1/log2(3) = 1.630930; NDCG = 1 / 1.630930 = 0.613147.
        Assert.Equal(0.613147, RankingMetrics.NdcgAtK(ranked, relevant, 2), 1e-6);
        // AP = (1/1) / min(3, 2) = 0.5 (the older map_at_k, dividing by |R| = 3, would give 0.333).
        Assert.Equal(0.5, RankingMetrics.AveragePrecisionAtK(ranked, relevant, 2), 1e-12);
    }

    [Fact]
    public void ListMetrics_EmptyListOrNothingRelevant_Zero()
    {
        Assert.Equal(0, RankingMetrics.PrecisionAtK([], Set("a"), 5));
        Assert.Equal(0, RankingMetrics.NdcgAtK([], Set("a"), 5));
        Assert.Equal(0, RankingMetrics.RecallAtK(["a"], Set(), 5));
        Assert.Equal(0, RankingMetrics.NdcgAtK(["a"], Set(), 5));
        Assert.Equal(0, RankingMetrics.AveragePrecisionAtK(["a"], Set(), 5));
    }

    [Fact]
    public void ListMetrics_KZero_ThrowsWithClearMessage()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => RankingMetrics.PrecisionAtK(["a"], Set("a"), 0));

        Assert.Contains("must be at least 1", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => RankingMetrics.Summarize(Predictions(), Truth(), 0));
    }

    /// <summary>Microsoft Recommenders' <c>diversity_data</c> fixture: training pairs and recommendations.</summary>
    private static (Dictionary<string, int> Counts, int Total, IReadOnlyList<string>[] Lists) DiversityData()
    {
        // train_df: user 1 → items 1, 2, 4; user 2 → 3, 4; user 3 → 3, 4, 5. Item counts 1:1, 2:1, 3:2, 4:3, 5:1 of 8.
        var counts = new Dictionary<string, int> { ["1"] = 1, ["2"] = 1, ["3"] = 2, ["4"] = 3, ["5"] = 1 };
        // reco_df: user 1 → 3, 5; user 2 → 2, 5; user 3 → 1, 2.
        IReadOnlyList<string>[] lists = [["3", "5"], ["2", "5"], ["1", "2"]];
        return (counts, 8, lists);
    }

    [Fact]
    public void CatalogueCoverage_MicrosoftRecommendersFixture_Point8()
    {
        var (counts, _, lists) = DiversityData();

        // 4 distinct recommended items (1, 2, 3, 5) of 5 training items: test_catalog_coverage expects 0.8.
        Assert.Equal(0.8, RankingMetrics.CatalogueCoverage(lists, counts.Count), Tolerance);
    }

    [Fact]
    public void Novelty_MicrosoftRecommendersFixture_2Point83333()
    {
        var (counts, total, lists) = DiversityData();

        // Self-information −log2(count/8): item 3 → 2, items 1, 2, 5 → 3. Recommended 3, 5, 2, 5, 1, 2:
        // (2 + 3 + 3 + 3 + 3 + 3) / 6 = 2.833333, test_novelty's value.
        Assert.Equal(2.83333, RankingMetrics.Novelty(lists, counts, total), Tolerance);
    }

    private static HashSet<string> Set(params string[] items) => new(items, StringComparer.Ordinal);
}
