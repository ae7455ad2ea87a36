using Clientele.Value.Classification;
using Clientele.Value.ValueClass;

namespace Clientele.Value.Tests;

public sealed class DataSupportTests
{
    private static CustomerSummary[] Customers(int once, int repeat) =>
        Enumerable.Range(0, once).Select(i => new CustomerSummary($"o{i}", 0, 0, 30, 0))
            .Concat(Enumerable.Range(0, repeat).Select(i => new CustomerSummary($"r{i}", 2, 20, 30, 50)))
            .ToArray();

    private static BinaryEvaluation Evaluation(int count, int positives) =>
        new(count, positives, (double)positives / count, 0.8, 0.5, default, 0.1, 0.3, []);

    [Fact]
    public void OneTimeBuyers_MostBoughtOnce_FlagsWithCountsAndWhyPAliveIsOne()
    {
        var check = DataSupport.OneTimeBuyers(Customers(97, 3), betaGeo: true);

        Assert.NotNull(check);
        Assert.Equal("one-time-buyers", check.Code);
        Assert.Contains("97 of 100 customers (97 %)", check.Message, StringComparison.Ordinal);
        Assert.Contains("P(alive) = 1 by construction", check.Message, StringComparison.Ordinal);
        Assert.Contains("3 repeat buyers", check.Message, StringComparison.Ordinal);

        // The claim itself: BG/NBD's P(alive | x = 0) is 1 whatever the age and parameters (FHL 2005, eq. 8 with x = 0).
        var model = new BetaGeoModel(0.24, 4.41, 0.79, 2.43);
        Assert.All(new[] { 1.0, 10, 78 }, age => Assert.Equal(1.0, model.ProbabilityAlive(0, 0, age), 12));
    }

    [Fact]
    public void OneTimeBuyers_ParetoNbd_SaysPAliveFallsWithAge()
    {
        var check = DataSupport.OneTimeBuyers(Customers(95, 5), betaGeo: false);

        Assert.NotNull(check);
        Assert.Contains("falls with their age", check.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("by construction", check.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OneTimeBuyers_AtTheThresholdOrBelow_NoCheck()
    {
        Assert.Null(DataSupport.OneTimeBuyers(Customers(90, 10), betaGeo: true)); // exactly 90 % is not "above 90 %"
        Assert.Null(DataSupport.OneTimeBuyers(Customers(60, 40), betaGeo: true));
        Assert.Null(DataSupport.OneTimeBuyers([], betaGeo: true));
        Assert.NotNull(DataSupport.OneTimeBuyers(Customers(60, 40), betaGeo: true, new DataSupportOptions { OneTimeBuyerShare = 0.5 }));
    }

    [Theory]
    [InlineData(4_116, 4_104, true)] // Olist: 99.7 % churned
    [InlineData(1_000, 30, true)] // 3 %
    [InlineData(1_000, 950, false)] // exactly 95 % is not extreme
    [InlineData(2_357, 1_500, false)]
    public void ChurnBaseRate_OutsideFiveToNinetyFivePercent_Flagged(int count, int churners, bool flagged)
    {
        var check = DataSupport.ChurnBaseRate(Evaluation(count, churners), 90);

        Assert.Equal(flagged, check is not null);
        if (check is not null)
        {
            Assert.Equal("churn-base-rate", check.Code);
            Assert.Contains("90 days", check.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void HeldOutAuc_HanleyMcNeilExample_StandardErrorAsPublished()
    {
        // Hanley & McNeil (1982), Radiology 143:29–36, the CT example: 51 abnormal and 58 normal, A = 0.893, SE = 0.032.
        var support = DataSupport.HeldOutAuc(0.893, positives: 51, negatives: 58);

        var se = (support.Upper - support.Lower) / (2 * 1.959964);
        Assert.Equal(0.0325, se, 4); // by hand from their formula: sqrt(3.1272 / 2958)
        Assert.True(support.Usable);
    }

    [Theory]
    [InlineData(0.55, 5_000, 5_000, "below 0.600")] // tight interval, but too weak
    [InlineData(0.65, 10, 12, "includes 0.5")] // good enough on average, but 22 rows cannot tell it from a coin
    public void HeldOutAuc_WeakOrUncertain_NotUsable(double auc, int positives, int negatives, string reason)
    {
        var support = DataSupport.HeldOutAuc(auc, positives, negatives);

        Assert.False(support.Usable);
        Assert.Contains(reason, support.NotUsedBecause, StringComparison.Ordinal);
    }

    [Fact]
    public void HeldOutAuc_OneClass_NotUsable()
    {
        Assert.False(DataSupport.HeldOutAuc(0.5, 0, 100).Usable);
    }

    [Fact]
    public void CrossValidated_FiveFolds_StudentTInterval()
    {
        // mean 0.663, sd 0.117 over 5 folds: half-width 2.776 × 0.117 / √5 = 0.1453 (t(0.975, 4) = 2.776 from any table).
        var folds = new[] { 0.55, 0.60, 0.66, 0.72, 0.785 };
        var mean = folds.Average();
        var sd = Math.Sqrt(folds.Sum(a => (a - mean) * (a - mean)) / 4);
        var support = DataSupport.CrossValidated(new CrossValidatedAuc(ValueClassAlgorithm.LightGbm, folds, mean, sd));

        Assert.Equal(mean - (2.776 * sd / Math.Sqrt(5)), support.Lower, 9);
        Assert.Equal(mean + (2.776 * sd / Math.Sqrt(5)), support.Upper, 9);
        Assert.True(support.Usable);
    }

    [Fact]
    public void CrossValidated_OlistLikeAuc047_NotUsable()
    {
        // Issue 13: a value-class model with cross-validated AUC 0.47 was written and used.
        var folds = new[] { 0.40, 0.45, 0.47, 0.50, 0.53 };
        var support = DataSupport.CrossValidated(new CrossValidatedAuc(ValueClassAlgorithm.LogisticRegression, folds, 0.47, 0.05));

        Assert.False(support.Usable);
        Assert.Contains("below 0.600", support.NotUsedBecause, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 12.706)]
    [InlineData(4, 2.776)]
    [InlineData(30, 2.042)]
    [InlineData(40, 2.021)] // tables: 2.021, 2.000, 1.980
    [InlineData(60, 2.000)]
    [InlineData(120, 1.980)]
    public void StudentT975_AgainstTables(int df, double expected)
    {
        Assert.Equal(expected, DataSupport.StudentT975(df), 3);
    }

    [Fact]
    public void AliveVersusChurn_NamesBothQuestionsAndTheHorizon()
    {
        var sentence = DataSupport.AliveVersusChurn(90, betaGeo: true);

        Assert.Contains("has not left for good", sentence, StringComparison.Ordinal);
        Assert.Contains("will not buy in the next 90 days", sentence, StringComparison.Ordinal);
        Assert.Contains("bought only once as alive", sentence, StringComparison.Ordinal);
    }
}
