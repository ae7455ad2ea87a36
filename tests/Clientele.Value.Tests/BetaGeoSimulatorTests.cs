namespace Clientele.Value.Tests;

public sealed class BetaGeoSimulatorTests
{
    private static readonly BetaGeoModel Truth = new(0.243, 4.414, 0.793, 2.426);

    [Fact]
    public void Simulate_SameSeed_GivesSameCustomers()
    {
        var first = BetaGeoSimulator.Simulate(Truth, 20_000, 26, 39, seed: 5);
        var second = BetaGeoSimulator.Simulate(Truth, 20_000, 26, 39, seed: 5);

        Assert.Equal(first, second);
    }

    [Fact]
    public void Simulate_FixedAge_MatchesTheModelsDistributionOfPurchases()
    {
        // With T = 39 for everyone, the share without repeat purchases estimates P(X(39) = 0) = 0.5738 (R BTYD) and the
        // mean frequency estimates E[X(39)]; 40,000 draws put both within 4 standard errors.
        const int n = 40_000;
        var data = BetaGeoSimulator.Simulate(Truth, n, 39, 39, seed: 8);

        var p0 = Truth.ProbabilityOfPurchases(0, 39);
        var share = data.Count(c => c.Frequency == 0) / (double)n;
        Numeric.Within(p0, share, 4 * Math.Sqrt(p0 * (1 - p0) / n), "share with x = 0");

        var mean = Truth.ExpectedPurchases(39);
        var variance = Enumerable.Range(0, 400).Sum(k => (k - mean) * (k - mean) * Truth.ProbabilityOfPurchases(k, 39));
        Numeric.Within(mean, data.Average(c => c.Frequency), 4 * Math.Sqrt(variance / n), "mean frequency");
        Assert.All(data, c => Assert.True(c.Recency <= c.Age && (c.Frequency > 0 || c.Recency == 0)));
    }
}
