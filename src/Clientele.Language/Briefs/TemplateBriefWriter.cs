namespace Clientele.Language.Briefs;

/// <summary>
/// Writes a segment's brief from its facts with fixed templates, in English or Chinese: two to four sentences (size and
/// revenue share; recency, orders and spend against everyone; then, when known, top products and themes, value,
/// sentiment, and the most distinctive other feature), and the action <see cref="MarketingAngleRules"/> picks, naming
/// products from the facts. Deterministic and offline: the default brief, and the language-model path's fallback.
/// </summary>
public static class TemplateBriefWriter
{
    /// <summary>Most sentences in a description.</summary>
    public const int MaximumSentences = 4;

    /// <summary>A further feature is mentioned when its |standardised difference| is at least this.</summary>
    public const double StandoutDifference = 0.5;

    public static SegmentBrief Write(SegmentFacts facts, BriefLanguage language)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var context = new BriefContext(facts);
        var (description, angle) = language == BriefLanguage.Chinese ? ChineseBriefTemplate.Write(context) : EnglishBriefTemplate.Write(context);
        return new SegmentBrief(facts.Method, facts.SegmentId, facts.Name, language, description, context.Angle, angle, BriefSource.Template);
    }

    /// <summary>The angle's short name for headings: "Win-back" / "挽回".</summary>
    public static string AngleName(MarketingAngle angle, BriefLanguage language) => language == BriefLanguage.Chinese
        ? angle switch
        {
            MarketingAngle.LoyaltyVip => "会员与 VIP 关怀",
            MarketingAngle.CrossSell => "交叉销售",
            MarketingAngle.SecondPurchase => "新客培育，促成第二单",
            MarketingAngle.Reengage => "流失前唤醒",
            MarketingAngle.WinBack => "挽回",
            MarketingAngle.Reactivate => "再激活",
            _ => "最后一次尝试",
        }
        : angle switch
        {
            MarketingAngle.LoyaltyVip => "Loyalty and VIP treatment",
            MarketingAngle.CrossSell => "Cross-sell",
            MarketingAngle.SecondPurchase => "Onboarding towards a second order",
            MarketingAngle.Reengage => "Re-engage before they lapse",
            MarketingAngle.WinBack => "Win-back",
            MarketingAngle.Reactivate => "Reactivation",
            _ => "Last attempt",
        };
}

/// <summary>The facts a template reads, looked up once.</summary>
internal sealed class BriefContext
{
    public BriefContext(SegmentFacts facts)
    {
        Facts = facts;
        Recency = facts.RequiredFeature(SegmentFeatures.RecencyDays);
        Frequency = facts.RequiredFeature(SegmentFeatures.Frequency);
        Monetary = facts.RequiredFeature(SegmentFeatures.Monetary);
        Angle = MarketingAngleRules.Choose(facts);
        TopProducts = facts.TopProducts.Select(p => BriefText.ProductName(p.Name)).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
        CrossSell = facts.CrossSellProducts.Select(p => BriefText.ProductName(p.Name)).Where(n => n.Length > 0 && !TopProducts.Take(2).Contains(n))
            .Distinct(StringComparer.Ordinal).ToArray();
        Themes = facts.Themes.Select(t => string.Join(' ', t.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))).Where(t => t.Length > 0).ToArray();
        Standout = new[] { SegmentFeatures.AverageOrderValue, SegmentFeatures.TenureDays, SegmentFeatures.DistinctProducts, SegmentFeatures.ReturnRate }
            .Select(facts.Feature)
            .OfType<FeatureFact>()
            .Where(f => Math.Abs(f.StandardisedDifference) >= TemplateBriefWriter.StandoutDifference)
            .OrderByDescending(f => Math.Abs(f.StandardisedDifference))
            .FirstOrDefault();
    }

    public SegmentFacts Facts { get; }

    public FeatureFact Recency { get; }

    public FeatureFact Frequency { get; }

    public FeatureFact Monetary { get; }

    public MarketingAngle Angle { get; }

    /// <summary>Display names of the top products, largest revenue first.</summary>
    public IReadOnlyList<string> TopProducts { get; }

    /// <summary>Display names of the cross-sell candidates, without the two top products.</summary>
    public IReadOnlyList<string> CrossSell { get; }

    public IReadOnlyList<string> Themes { get; }

    /// <summary>The most distinctive feature besides recency, frequency and monetary, or null when none stands out.</summary>
    public FeatureFact? Standout { get; }

    /// <summary>The largest named RFM segment of a cluster when it holds at least 40% of it.</summary>
    public SegmentMixEntry? DominantRfmSegment =>
        Facts.Kind != SegmentKind.RfmSegment && Facts.RfmMix.Count > 0 && Facts.RfmMix[0].Share >= 0.4 ? Facts.RfmMix[0] : null;

    /// <summary>The first bestseller to offer: a cross-sell candidate, else the top product, else null.</summary>
    public string? Offer => CrossSell.Count > 0 ? CrossSell[0] : TopProducts.Count > 0 ? TopProducts[0] : null;

    /// <summary>Up to two cross-sell candidates, else up to two top products.</summary>
    public IReadOnlyList<string> Bestsellers => CrossSell.Count > 0 ? CrossSell.Take(2).ToArray() : TopProducts.Take(2).ToArray();

    public static bool Finite(double? value) => value is { } v && double.IsFinite(v);

    /// <summary>
    /// At least half the segment ordered once (median orders ≤ 1). P(alive) (BG/NBD) says little for them: with no
    /// repeat order it has no gap to read, and it puts a one-time buyer near 1 however long ago the order was.
    /// </summary>
    public static bool MostlyOneTimeBuyers(BriefContext c) => c.Frequency.Median <= 1;

    /// <summary>As <see cref="MostlyOneTimeBuyers(BriefContext)"/>, from the facts.</summary>
    public static bool MostlyOneTimeBuyers(SegmentFacts facts) => facts.RequiredFeature(SegmentFeatures.Frequency).Median <= 1;

    /// <summary>The largest gap between P(alive) and 1 − churn risk that a brief states without a word of explanation.</summary>
    public const double ValueModelGap = 0.3;

    /// <summary>Whether the mean P(alive) and 1 − mean churn risk differ by more than <see cref="ValueModelGap"/>.</summary>
    public static bool ValueModelsDisagree(ValueFacts v) =>
        Finite(v.MeanProbabilityAlive) && Finite(v.MeanChurnRisk) && Math.Abs(v.MeanProbabilityAlive!.Value - (1 - v.MeanChurnRisk!.Value)) > ValueModelGap;
}
