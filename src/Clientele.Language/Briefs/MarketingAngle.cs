namespace Clientele.Language.Briefs;

/// <summary>The kinds of marketing action a brief suggests; <see cref="MarketingAngleRules"/> picks one from the facts.</summary>
public enum MarketingAngle
{
    /// <summary>Recent, high-spending customers: reward and keep them (early access, members' perks, ask for reviews).</summary>
    LoyaltyVip,

    /// <summary>Recent repeat customers of ordinary value: offer named products they do not buy yet.</summary>
    CrossSell,

    /// <summary>Recent one-order customers: a welcome series towards a second order.</summary>
    SecondPurchase,

    /// <summary>Customers cooling off: a reminder with a time-limited offer before they lapse.</summary>
    Reengage,

    /// <summary>Lapsed repeat customers: a personal win-back offer.</summary>
    WinBack,

    /// <summary>Lapsed occasional customers: one reactivation offer on bestsellers, then low-cost contact only.</summary>
    Reactivate,

    /// <summary>Long-gone occasional customers: one last low-cost attempt, then stop spending on them.</summary>
    Sunset,
}

/// <summary>
/// Picks a segment's marketing angle from its facts by fixed rules, the same for every segmentation method, so that a
/// brief's advice can be checked against its numbers. With r the segment's median days since the last order,
/// R₀ the shop's rhythm (<see cref="Rhythm"/>: the median days between orders of repeat customers, else the median days
/// since the last order of all customers; at least 1 day), f the segment's mean number of orders and m its monetary lift
/// (mean spend / everyone's mean spend), the first rule that holds wins:
/// <list type="number">
/// <item>r ≤ R₀ and m ≥ 1.5: <see cref="MarketingAngle.LoyaltyVip"/> (active and worth half as much again as the average customer).</item>
/// <item>r ≤ R₀ and f &lt; 1.5: <see cref="MarketingAngle.SecondPurchase"/> (active, but most have ordered once).</item>
/// <item>r ≤ R₀: <see cref="MarketingAngle.CrossSell"/> (active repeat customers of ordinary value).</item>
/// <item>r ≤ 2·R₀: <see cref="MarketingAngle.Reengage"/> (cooling off, not gone yet).</item>
/// <item>f ≥ 2: <see cref="MarketingAngle.WinBack"/> (lapsed, but they were repeat customers: worth a personal offer).</item>
/// <item>r ≤ 4·R₀: <see cref="MarketingAngle.Reactivate"/> (lapsed occasional customers).</item>
/// <item>otherwise: <see cref="MarketingAngle.Sunset"/> (gone for more than four times the usual gap).</item>
/// </list>
/// Medians for recency because it is skewed (a few customers gone for a year pull a mean far from the typical one);
/// thresholds relative to R₀ so that the rules fit a shop's own rhythm (a weekly grocer and a yearly furniture shop).
/// R₀ is the gap between orders rather than everyone's recency because in a shop whose customers have mostly gone
/// (CDNOW's 1997 cohort, seen 18 months later: median recency 474 days, median gap 77) everyone's recency is itself
/// lapsed, and segments gone for a year and a half would still read as "cooling off".
/// </summary>
public static class MarketingAngleRules
{
    /// <summary>m ≥ this makes active customers VIPs.</summary>
    public const double VipMonetaryLift = 1.5;

    /// <summary>f below this means most customers of the segment have ordered once.</summary>
    public const double OneOrderFrequency = 1.5;

    /// <summary>f at or above this means repeat customers (worth a personal win-back).</summary>
    public const double RepeatFrequency = 2;

    /// <summary>r ≤ this × R₀ is cooling off; beyond it, lapsed.</summary>
    public const double CoolingRecencyRatio = 2;

    /// <summary>r beyond this × R₀ is gone for good.</summary>
    public const double GoneRecencyRatio = 4;

    public static MarketingAngle Choose(SegmentFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var recency = facts.RequiredFeature(SegmentFeatures.RecencyDays);
        var frequency = facts.RequiredFeature(SegmentFeatures.Frequency).Mean;
        var monetaryLift = facts.RequiredFeature(SegmentFeatures.Monetary).Lift ?? 1;
        var r = recency.Median;
        var r0 = Rhythm(facts);
        if (r <= r0)
        {
            return monetaryLift >= VipMonetaryLift ? MarketingAngle.LoyaltyVip
                : frequency < OneOrderFrequency ? MarketingAngle.SecondPurchase
                : MarketingAngle.CrossSell;
        }
        if (r <= CoolingRecencyRatio * r0)
        {
            return MarketingAngle.Reengage;
        }
        if (frequency >= RepeatFrequency)
        {
            return MarketingAngle.WinBack;
        }
        return r <= GoneRecencyRatio * r0 ? MarketingAngle.Reactivate : MarketingAngle.Sunset;
    }

    /// <summary>R₀: <see cref="SegmentFacts.OrderIntervalDays"/> when known, else everyone's median recency; at least 1 day.</summary>
    public static double Rhythm(SegmentFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var rhythm = facts.OrderIntervalDays is { } gap && double.IsFinite(gap) ? gap : facts.RequiredFeature(SegmentFeatures.RecencyDays).OverallMedian;
        return Math.Max(1, rhythm);
    }

    /// <summary>"win_back": the angle as briefs.json and the prompt spell it.</summary>
    public static string Code(this MarketingAngle angle) => angle switch
    {
        MarketingAngle.LoyaltyVip => "loyalty_vip",
        MarketingAngle.CrossSell => "cross_sell",
        MarketingAngle.SecondPurchase => "second_purchase",
        MarketingAngle.Reengage => "reengage",
        MarketingAngle.WinBack => "win_back",
        MarketingAngle.Reactivate => "reactivate",
        _ => "sunset",
    };
}
