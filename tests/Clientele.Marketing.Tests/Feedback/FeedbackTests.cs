using Clientele.Marketing.Feedback;

namespace Clientele.Marketing.Tests.Feedback;

public sealed class FeedbackTests
{
    [Fact]
    public void Winners_SignificantPositiveArm_WinsItsSegmentOnly()
    {
        SegmentArmResult[] results =
        [
            new("At Risk", "control", 500, 50, null, null),
            new("At Risk", "coupon", 500, 90, 0.08, 0.001),
            new("At Risk", "message", 500, 70, 0.04, 0.2),      // not significant after correction
            new("Lost", "control", 400, 20, null, null),
            new("Lost", "coupon", 400, 10, -0.025, 0.01),       // significant but negative: no winner
            new("Champions", "coupon", 300, 60, 0.05, 0.01),
            new("Champions", "message", 300, 70, 0.07, 0.02),   // two winners: the larger effect
        ];
        var winners = WinnerRule.Winners(results, alpha: 0.05);
        Assert.Equal(new Dictionary<string, string> { ["At Risk"] = "coupon", ["Champions"] = "message" }, winners);

        var weights = WinnerRule.SegmentWeights(winners, ["control", "coupon", "message"], [0.4, 0.3, 0.3], control: 0);
        Assert.Equal([0.4, 0.6, 0.0], weights["At Risk"]);
        Assert.Equal([0.4, 0.0, 0.6], weights["Champions"]);
    }

    [Fact]
    public void ThompsonSampling_ClearlyBetterArm_GetsAlmostAllTreatedCustomers()
    {
        SegmentArmResult[] results =
        [
            new("At Risk", "control", 1000, 100, null, null),
            new("At Risk", "coupon", 1000, 200, null, null),
            new("At Risk", "message", 1000, 100, null, null),
            new("Lost", "control", 1000, 100, null, null),
            new("Lost", "coupon", 1000, 100, null, null),
            new("Lost", "message", 1000, 100, null, null),
        ];
        var weights = new ThompsonSampling(seed: 3).SegmentWeights(results, ["control", "coupon", "message"], [0.5, 0.25, 0.25], control: 0);
        Assert.Equal(0.5, weights["At Risk"][0]);
        Assert.True(weights["At Risk"][1] > 0.499, $"coupon {weights["At Risk"][1]}"); // 200 vs 100 of 1,000: P(best) ≈ 1
        Assert.Equal(1.0, weights["At Risk"].Sum(), 12);
        // Equal evidence: about an even split of the treated half (each P(best) ≈ 0.5, Monte Carlo error ≈ 0.005).
        Assert.InRange(weights["Lost"][1], 0.25 - 0.02, 0.25 + 0.02);
    }

    [Fact]
    public void ProbabilityBest_TwoBetaPosteriors_MatchesTheExactValue()
    {
        // P(X > Y) for X ~ Beta(3, 2), Y ~ Beta(2, 3) is 0.757142857 (= 53/70): scipy.integrate.quad of
        // beta(3, 2).pdf(x) * beta(2, 3).cdf(x) over [0, 1]. 200,000 draws: Monte Carlo SE ≈ 0.001.
        var best = new ThompsonSampling(seed: 1, draws: 200_000).ProbabilityBest([(3, 2), (2, 3)], drawSeed: 11);
        Assert.InRange(best[0], 53.0 / 70 - 0.004, 53.0 / 70 + 0.004);
    }
}
