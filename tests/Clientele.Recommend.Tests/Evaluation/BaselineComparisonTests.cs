using Clientele.Recommend.Evaluation;

namespace Clientele.Recommend.Tests.Evaluation;

public sealed class BaselineComparisonTests
{
    [Theory]
    [InlineData(3, 0, 0.25)] // 2 · (1/2)³
    [InlineData(10, 2, 0.03857421875)] // 2 · (1 + 12 + 66) / 4096, as R's binom.test(10, 12)
    [InlineData(5, 5, 1.0)]
    [InlineData(0, 0, 1.0)]
    public void SignTest_HandComputed_ExactP(int better, int worse, double expected)
    {
        Assert.Equal(expected, BaselineComparison.SignTest(better, worse), 12);
    }

    [Fact]
    public void SignTest_ManyCustomers_FiniteAndSymmetric()
    {
        // 2,000 customers: 2^-2000 underflows a double; the log-space sum does not. Normal approximation: z = (1040 − 1000)/√500 ≈ 1.79, p ≈ 0.074.
        var p = BaselineComparison.SignTest(1040, 960);
        Assert.InRange(p, 0.07, 0.085);
        Assert.Equal(p, BaselineComparison.SignTest(960, 1040), 12);
    }

    [Fact]
    public void Compare_ThreeWinsOfFive_BootstrapAboveZeroButNotDistinguishable()
    {
        // The case the sign test is there for: the bootstrap alone (P(no winner in a resample) = 0.4⁵ = 1 %) would call it.
        var result = BaselineComparison.Compare("als", "popular", [1, 1, 1, 0, 0], [0, 0, 0, 0, 0]);

        Assert.Equal(0.6, result.Difference, 12);
        Assert.True(result.Low > 0, $"low {result.Low}");
        Assert.Equal(0.25, result.SignTestP, 12);
        Assert.False(result.Distinguishable);
    }

    [Fact]
    public void Compare_AllZero_NotDistinguishable()
    {
        var zeros = new double[5];

        var result = BaselineComparison.Compare("als", "popular", zeros, zeros);

        Assert.Equal((0.0, 0.0, 0.0, 0, 0, 1.0), (result.Difference, result.Low, result.High, result.Better, result.Worse, result.SignTestP));
        Assert.False(result.Distinguishable);
    }

    [Fact]
    public void Compare_ClearWinOnTwoHundred_DistinguishableAndIntervalAroundMean()
    {
        // 60 customers +0.5, 10 customers −0.2, 130 equal: mean (30 − 2) / 200 = 0.14; sign test 60 vs 10, p ≈ 1e-9.
        var values = Enumerable.Range(0, 200).Select(i => i < 60 ? 0.5 : i < 70 ? 0.0 : 0.3).ToArray();
        var baseline = Enumerable.Range(0, 200).Select(i => i < 60 ? 0.0 : i < 70 ? 0.2 : 0.3).ToArray();

        var result = BaselineComparison.Compare("item-knn", "popular", values, baseline);

        Assert.Equal(0.14, result.Difference, 12);
        Assert.Equal((60, 10), (result.Better, result.Worse));
        Assert.InRange(result.Low, 0.08, 0.14);
        Assert.InRange(result.High, 0.14, 0.20);
        Assert.True(result.Distinguishable);
    }

    [Fact]
    public void Compare_UnpairedLengths_Throws()
    {
        Assert.Throws<ArgumentException>(() => BaselineComparison.Compare("a", "b", [1, 2], [1]));
    }
}

public sealed class CompareWithBaselineTests
{
    [Fact]
    public void CompareWithBaseline_RowsForEveryFitterComparisonsForAllButBaseline()
    {
        // Tea and cups go together; socks alone. Held out: ann's cups (item-kNN: tea → cups; popularity: socks first).
        var train = InteractionMatrix.FromInteractions(
        [
            new("ann", "tea"), new("bob", "tea"), new("bob", "cups"), new("cat", "tea"), new("cat", "cups"),
            new("dan", "socks"), new("eve", "socks"), new("fay", "socks"), new("gus", "socks"),
        ]);
        IReadOnlyList<Interaction> test = [new("ann", "cups")];

        var (rows, comparisons) = RecommenderEvaluation.CompareWithBaseline(
            [("item-knn", new ItemKnnFitter()), ("popular", new PopularityFitter())], train, test, k: 1, baseline: "popular");

        Assert.Equal(["item-knn", "popular"], rows.Select(r => r.Name));
        Assert.Equal((1.0, 0.0), (rows[0].Ndcg, rows[1].Ndcg));
        var c = Assert.Single(comparisons);
        // One customer, one win: the difference is 1, but a sign test on one customer gives p = 1, so not distinguishable.
        Assert.Equal(("item-knn", 1, 1.0, 1, 0, 1.0, false), (c.Name, c.Customers, c.Difference, c.Better, c.Worse, c.SignTestP, c.Distinguishable));
    }

    [Fact]
    public void CompareWithBaseline_NoFitterNamedBaseline_Throws()
    {
        var train = InteractionMatrix.FromInteractions([new("a", "x"), new("a", "y")]);

        Assert.Throws<ArgumentException>(() => RecommenderEvaluation.CompareWithBaseline([("item-knn", new ItemKnnFitter())], train, [], 1, "popular"));
    }
}
