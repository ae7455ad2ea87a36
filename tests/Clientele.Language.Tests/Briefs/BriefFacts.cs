using Clientele.Language.Briefs;

namespace Clientele.Language.Tests.Briefs;

/// <summary>Hand-made facts for brief tests; the defaults are Online Retail's overall figures (README's demo output).</summary>
internal static class BriefFacts
{
    public const double OverallRecencyMedian = 50;
    public const double OverallFrequency = 4.27;
    public const double OverallMonetary = 1_911;

    public static SegmentFacts Make(
        string name,
        double recencyMedian,
        double frequency,
        double monetary,
        SegmentKind kind = SegmentKind.RfmSegment,
        int customers = 861,
        string label = "",
        int id = 1,
        IReadOnlyList<ProductFact>? top = null,
        IReadOnlyList<ProductFact>? crossSell = null) => new()
        {
            Method = kind == SegmentKind.RfmSegment ? "rfm" : "kmeans",
            SegmentId = id,
            Name = name,
            Label = label,
            Kind = kind,
            Customers = customers,
            TotalCustomers = 4_338,
            CustomerShare = customers / 4_338.0,
            Revenue = customers * monetary,
            RevenueShare = customers * monetary / (4_338 * OverallMonetary),
            Features =
            [
                new FeatureFact("recency_days", recencyMedian * 1.2, recencyMedian, 92, OverallRecencyMedian, recencyMedian * 1.2 / 92, (recencyMedian * 1.2 - 92) / 100),
                new FeatureFact("frequency", frequency, Math.Round(frequency), OverallFrequency, 2, frequency / OverallFrequency, (frequency - OverallFrequency) / 7.7),
                new FeatureFact("monetary", monetary, monetary * 0.6, OverallMonetary, 668, monetary / OverallMonetary, (monetary - OverallMonetary) / 8_200),
                new FeatureFact("average_order_value", 380, 300, 420, 300, 380 / 420.0, -0.05),
                new FeatureFact("return_rate", 0.02, 0, 0.03, 0, 0.02 / 0.03, -0.1),
            ],
            TopProducts = top ?? [new ProductFact("85123A", "WHITE HANGING HEART T-LIGHT HOLDER", 9_000, 300, 0.35), new ProductFact("22423", "REGENCY CAKESTAND 3 TIER", 8_000, 200, 0.23)],
            CrossSellProducts = crossSell ?? [new ProductFact("85099B", "JUMBO BAG RED RETROSPOT", 100, 10, 0.01, 0.15), new ProductFact("47566", "PARTY BUNTING", 80, 8, 0.01, 0.16)],
        };

    /// <summary>
    /// The eleven RFM segments with the medians, means and sizes of the README's demo table, and the angle the rules give
    /// them (R₀ = 50 days): e.g. At Risk, 122 days (> 2·R₀) with 2.8 orders (≥ 2) → win-back.
    /// </summary>
    public static IEnumerable<(SegmentFacts Facts, MarketingAngle Expected)> RfmSegments() =>
    [
        (Make("Champions", 9, 11.8, 6_288, customers: 861), MarketingAngle.LoyaltyVip),
        (Make("Loyal", 36, 5.1, 2_011, customers: 564, id: 2), MarketingAngle.CrossSell),
        (Make("Potential Loyalist", 17, 2.1, 550, customers: 501, id: 3), MarketingAngle.CrossSell),
        (Make("New", 8, 1.0, 147, customers: 31, id: 4), MarketingAngle.SecondPurchase),
        (Make("Promising", 23, 1.0, 141, customers: 86, id: 5), MarketingAngle.SecondPurchase),
        (Make("Need Attention", 51, 1.8, 581, customers: 410, id: 6), MarketingAngle.Reengage),
        (Make("About to Sleep", 53, 1.0, 151, customers: 127, id: 7), MarketingAngle.Reengage),
        (Make("At Risk", 122, 2.8, 1_041, customers: 544, id: 8), MarketingAngle.WinBack),
        (Make("Can't Lose Them", 142, 6.0, 2_832, customers: 116, id: 9), MarketingAngle.WinBack),
        (Make("Hibernating", 115, 1.2, 297, customers: 409, id: 10), MarketingAngle.Reactivate),
        (Make("Lost", 269, 1.1, 254, customers: 689, id: 11), MarketingAngle.Sunset),
    ];
}
