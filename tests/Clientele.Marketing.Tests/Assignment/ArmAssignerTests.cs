using System.Globalization;
using Clientele.Marketing.Assignment;
using Xunit.Abstractions;

namespace Clientele.Marketing.Tests.Assignment;

public sealed class ArmAssignerTests(ITestOutputHelper output)
{
    private const int Ids = 1_000_000;

    private static string Id(int i) => (10_000 + i).ToString(CultureInfo.InvariantCulture);

    [Fact]
    public void Assign_SameSeedAndId_SameArmEveryTime()
    {
        var first = new ArmAssigner("winback-2011", [0.5, 0.25, 0.25], 0.1);
        var second = new ArmAssigner("winback-2011", [0.5, 0.25, 0.25], 0.1);
        for (var i = 0; i < 10_000; i++)
        {
            Assert.Equal(first.Assign(Id(i)), second.Assign(Id(i)));
        }
    }

    [Fact]
    public void Assign_MillionIds_CountsMatchTheWeights()
    {
        // Holdout 10 %, then 50/25/25 of the rest: expected shares 0.1, 0.45, 0.225, 0.225 (exact on the 1/10,000 grid
        // of version-2 buckets). Chi-square goodness of fit with 3 degrees of freedom; the 1 % critical value 11.345 is
        // scipy.stats.chi2.ppf(0.99, 3).
        var assigner = new ArmAssigner("balance-check", [0.5, 0.25, 0.25], 0.1);
        var counts = new long[4];
        for (var i = 0; i < Ids; i++)
        {
            counts[assigner.Assign(Id(i)) + 1]++;
        }
        double[] shares = [0.1, 0.45, 0.225, 0.225];
        var chiSquare = ChiSquare(counts, shares.Select(s => s * Ids).ToArray());
        output.WriteLine($"counts {string.Join(", ", counts)}; chi-square {chiSquare:F3} (df 3, 1 % critical value 11.345)");
        Assert.True(chiSquare < 11.345, $"chi-square {chiSquare} with counts {string.Join(", ", counts)}");
    }

    [Fact]
    public void Assign_TwoCampaigns_ArmsAreIndependent()
    {
        // The 2×2 table of arms under two seeds: a chi-square test of independence (1 degree of freedom; the 1 %
        // critical value 6.635 is scipy.stats.chi2.ppf(0.99, 1)).
        var a = new ArmAssigner("spring-coupon", [0.5, 0.5]);
        var b = new ArmAssigner("winback-2011", [0.5, 0.5]);
        var table = new long[2, 2];
        for (var i = 0; i < Ids; i++)
        {
            table[a.Assign(Id(i)), b.Assign(Id(i))]++;
        }
        var rows = new[] { table[0, 0] + table[0, 1], table[1, 0] + table[1, 1] };
        var columns = new[] { table[0, 0] + table[1, 0], table[0, 1] + table[1, 1] };
        var chiSquare = 0.0;
        for (var r = 0; r < 2; r++)
        {
            for (var c = 0; c < 2; c++)
            {
                var expected = (double)rows[r] * columns[c] / Ids;
                chiSquare += (table[r, c] - expected) * (table[r, c] - expected) / expected;
            }
        }
        output.WriteLine($"2×2 table [{table[0, 0]}, {table[0, 1]}; {table[1, 0]}, {table[1, 1]}]; chi-square {chiSquare:F3} (df 1, 1 % critical value 6.635)");
        Assert.True(chiSquare < 6.635, $"chi-square {chiSquare}");
    }

    [Fact]
    public void ArmOf_BucketRanges_FollowTheWeightsAfterTheHoldout()
    {
        var assigner = new ArmAssigner("x", [0.5, 0.5], 0.2);
        Assert.Equal(ArmAssigner.Holdout, assigner.ArmOf(0.1999));
        Assert.Equal(0, assigner.ArmOf(0.2));
        Assert.Equal(0, assigner.ArmOf(0.5999));
        Assert.Equal(1, assigner.ArmOf(0.6));
        Assert.Equal(1, assigner.ArmOf(0.9999));
    }

    [Theory]
    [InlineData(new[] { 0.5, 0.0 }, 0.0)]
    [InlineData(new[] { 0.5, -0.5 }, 0.0)]
    public void Constructor_NonPositiveWeight_Throws(double[] weights, double holdout) =>
        Assert.Throws<ArgumentException>(() => new ArmAssigner("x", weights, holdout));

    private static double ChiSquare(long[] observed, double[] expected) =>
        observed.Select((o, i) => (o - expected[i]) * (o - expected[i]) / expected[i]).Sum();
}
