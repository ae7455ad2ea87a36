using Clientele.Language.Briefs;

namespace Clientele.Language.Tests.Briefs;

public sealed class MarketingAngleRulesTests
{
    /// <summary>The documented rules, at and on either side of each threshold (R₀ = 50 days, everyone's mean spend 1,911).</summary>
    [Theory]
    [InlineData(50, 1.0, 1.5, MarketingAngle.LoyaltyVip)]      // r = R₀ counts as active; m = 1.5 is VIP
    [InlineData(50, 1.0, 1.49, MarketingAngle.SecondPurchase)]  // f < 1.5
    [InlineData(50, 1.5, 1.49, MarketingAngle.CrossSell)]       // f = 1.5 is not one-order
    [InlineData(51, 9.0, 5.0, MarketingAngle.Reengage)]         // just past R₀: cooling, whatever the value
    [InlineData(100, 1.0, 0.1, MarketingAngle.Reengage)]        // r = 2·R₀ still cooling
    [InlineData(101, 2.0, 0.1, MarketingAngle.WinBack)]         // lapsed repeat customers
    [InlineData(101, 1.99, 9, MarketingAngle.Reactivate)]
    [InlineData(200, 1.0, 0.1, MarketingAngle.Reactivate)]      // r = 4·R₀
    [InlineData(201, 1.0, 0.1, MarketingAngle.Sunset)]
    public void Choose_AtTheThresholds_FollowsTheDocumentedRules(double recencyMedian, double frequency, double monetaryLift, MarketingAngle expected)
    {
        var facts = BriefFacts.Make("x", recencyMedian, frequency, monetaryLift * BriefFacts.OverallMonetary);
        Assert.Equal(expected, MarketingAngleRules.Choose(facts));
    }

    /// <summary>CDNOW's 1997 cohort 18 months on: everyone's median recency 474 days, but repeat customers order every 77.</summary>
    [Theory]
    [InlineData(null, MarketingAngle.Reengage)]   // against R₀ = 474: 528 days still "cooling off"
    [InlineData(76.6, MarketingAngle.Sunset)]     // against the order interval: 528 > 4 × 76.6
    public void Choose_OrderInterval_IsTheRhythmWhenKnown(double? interval, MarketingAngle expected)
    {
        var facts = BriefFacts.Make("Lost", 528, 1.1, 40);
        facts = facts with
        {
            OrderIntervalDays = interval,
            Features = [.. facts.Features.Select(f => f.Feature == "recency_days" ? f with { OverallMedian = 474 } : f)],
        };
        Assert.Equal(expected, MarketingAngleRules.Choose(facts));
    }

    [Fact]
    public void Choose_OverallMedianRecencyZero_CountsAsOneDay()
    {
        var facts = BriefFacts.Make("x", 3, 1, 100);
        facts = facts with { Features = [.. facts.Features.Select(f => f.Feature == "recency_days" ? f with { OverallMedian = 0 } : f)] };
        Assert.Equal(MarketingAngle.Reactivate, MarketingAngleRules.Choose(facts)); // 3 days in (2·1, 4·1]
    }
}
