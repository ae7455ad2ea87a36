using Clientele.Language.Briefs;

namespace Clientele.Language.Tests.Briefs;

public sealed class TemplateBriefWriterTests
{
    public static TheoryData<int, BriefLanguage> RfmCases()
    {
        var data = new TheoryData<int, BriefLanguage>();
        for (var i = 0; i < 11; i++)
        {
            data.Add(i, BriefLanguage.English);
            data.Add(i, BriefLanguage.Chinese);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(RfmCases))]
    public void Write_EveryRfmSegment_MentionsSizeTopProductAndTheRuleAngle(int index, BriefLanguage language)
    {
        var (facts, expected) = BriefFacts.RfmSegments().ElementAt(index);
        var brief = TemplateBriefWriter.Write(facts, language);

        BriefAssertions.WellFormed(brief);
        Assert.Equal(expected, brief.Angle);
        Assert.Equal(BriefSource.Template, brief.Source);
        Assert.Contains(facts.Customers.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), brief.Description, StringComparison.Ordinal);
        Assert.Contains(BriefText.Percent(facts.CustomerShare, language), brief.Description, StringComparison.Ordinal);
        Assert.Contains("White Hanging Heart T-Light Holder", brief.Description, StringComparison.Ordinal);
        Assert.StartsWith(TemplateBriefWriter.AngleName(expected, language), brief.AngleText, StringComparison.Ordinal);
        if (language == BriefLanguage.Chinese)
        {
            Assert.Contains($"占全部客户的 {BriefText.Percent(facts.CustomerShare, language)}", brief.Description, StringComparison.Ordinal);
            Assert.Contains($"（{facts.Name}）", brief.Description, StringComparison.Ordinal);
        }
        else
        {
            Assert.StartsWith(facts.Name + ":", brief.Description, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Write_Champions_English_ReadsAsWritten()
    {
        var brief = TemplateBriefWriter.Write(BriefFacts.RfmSegments().First().Facts, BriefLanguage.English);
        // 861 / 4,338 = 19.85% → "19.8%" ("0.0" rounds half to even on the binary value 19.847…); lift 6,288 / 1,911 = 3.29 → "3.3 times".
        Assert.Equal(
            "Champions: 861 customers (19.8% of all customers), bringing in 65.3% of revenue. Their last order was a median of 9 days ago " +
            "(all customers: 50); they placed 11.8 orders on average (all customers: 4.3) and spent 6,288 each, 3.3 times the average. " +
            "They spend most on White Hanging Heart T-Light Holder and Regency Cakestand 3 Tier.",
            brief.Description);
        Assert.Equal(
            "Loyalty and VIP treatment: early access to new lines next to White Hanging Heart T-Light Holder and a members-only perk, and a request for reviews; they need no discount.",
            brief.AngleText);
    }

    [Fact]
    public void Write_Lost_Chinese_ReadsAsWritten()
    {
        var brief = TemplateBriefWriter.Write(BriefFacts.RfmSegments().Last().Facts, BriefLanguage.Chinese);
        // 689 / 4,338 = 15.9%; 254 / 1,911 = 13.3% of the average, written as a whole percent.
        Assert.Equal(
            "“已流失客户”（Lost）共 689 位，占全部客户的 15.9%，贡献了 2.1% 的收入。他们最近一次下单距今的中位数为 269 天（全体客户为 50 天），" +
            "平均下单 1.1 次（全体客户为 4.3 次），人均消费 254，仅为平均水平的 13%。" +
            "他们消费最多的商品是“White Hanging Heart T-Light Holder”，其次是“Regency Cakestand 3 Tier”。",
            brief.Description);
        Assert.Equal("最后一次尝试：发送一封低成本邮件，推荐“Jumbo Bag Red Retrospot”和“Party Bunting”等畅销品；之后不再对他们投入付费营销。", brief.AngleText);
    }

    [Theory]
    [InlineData("high value, recent, frequent", "高价值、近期活跃、购买频繁")]
    [InlineData("low value, lapsed, one-off", "低价值、久未购买、多为一次性购买")]
    [InlineData("high frequency, low recency_days", "低价值、久未购买")] // a feature-table label: described from the facts instead
    public void Write_Cluster_Chinese_TranslatesTheLabelOrDescribesFromFacts(string label, string chinese)
    {
        var facts = BriefFacts.Make("cluster 4", 185, 1.3, 328, SegmentKind.Cluster, 1_545, label, id: 4);
        var zh = TemplateBriefWriter.Write(facts, BriefLanguage.Chinese);
        var en = TemplateBriefWriter.Write(facts, BriefLanguage.English);

        BriefAssertions.WellFormed(zh);
        BriefAssertions.WellFormed(en);
        Assert.StartsWith($"第 4 类客户（{chinese}）共 1,545 位", zh.Description, StringComparison.Ordinal);
        Assert.StartsWith($"Cluster 4 ({label}): 1,545 customers (35.6% of all customers)", en.Description, StringComparison.Ordinal);
        Assert.Equal(MarketingAngle.Reactivate, en.Angle); // 185 days in (2·50, 4·50], 1.3 orders < 2
    }

    [Fact]
    public void Write_OptionalFacts_AllWithinFourSentences()
    {
        var facts = BriefFacts.Make("cluster 1", 9, 13.6, 7_420, SegmentKind.Cluster, 730, "high value, recent, frequent") with
        {
            Themes = ["lantern", "heart  ", "candle", "ignored fourth"],
            Value = new ValueFacts(5_100.4, 1_400, 0.93, 0.12, 365),
            Sentiment = new SentimentFacts(120, 0.8, 0.05),
            RfmMix = [new SegmentMixEntry("Champions", 570, 0.78), new SegmentMixEntry("Loyal", 100, 0.14)],
        };
        var en = TemplateBriefWriter.Write(facts, BriefLanguage.English);
        var zh = TemplateBriefWriter.Write(facts, BriefLanguage.Chinese);

        BriefAssertions.WellFormed(en);
        BriefAssertions.WellFormed(zh);
        Assert.Equal(4, BriefAssertions.Sentences(en));
        Assert.Contains("78% of them fall in the RFM segment Champions", en.Description, StringComparison.Ordinal);
        Assert.Contains("their purchases centre on lantern, heart and candle.", en.Description, StringComparison.Ordinal);
        Assert.Contains("a mean lifetime value of 5,100 over the next 365 days (all customers: 1,400), a 93% mean chance of still being active and a 12% mean churn risk", en.Description, StringComparison.Ordinal);
        Assert.Contains("其中 78% 属于 RFM 的“冠军客户”", zh.Description, StringComparison.Ordinal);
        Assert.Contains("购买主题集中在“lantern”、“heart”和“candle”", zh.Description, StringComparison.Ordinal);
        Assert.Contains("据价值模型，他们未来 365 天的平均终身价值为 5,100（全体客户为 1,400），平均存活概率为 93%，平均流失风险为 12%。", zh.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_MostlyOneTimeBuyers_LeavesOutPAliveAndSaysWhy()
    {
        // Olist's case: median 1 order, P(alive) near 1 from BG/NBD, churn risk near 1 from the churn model. Stating both
        // ("a 100% mean chance of still being active and a 99.9% mean churn risk") contradicts itself.
        var facts = BriefFacts.Make("cluster 1", 300, 1.0, 140, SegmentKind.Cluster, 6_000, "low value, lapsed, one-off") with
        {
            Value = new ValueFacts(12, 15, 0.999, 0.998, 365),
        };

        var en = TemplateBriefWriter.Write(facts, BriefLanguage.English);
        var zh = TemplateBriefWriter.Write(facts, BriefLanguage.Chinese);

        Assert.DoesNotContain("chance of still being active and", en.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("99.9%", en.Description, StringComparison.Ordinal);
        Assert.Contains("a 99.8% mean churn risk; their chance of still being active is left out, because most of them ordered once", en.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("平均存活概率为", zh.Description, StringComparison.Ordinal);
        Assert.Contains("故不列出存活概率", zh.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_ValueModelsDisagreeForRepeatBuyers_SaysWhy()
    {
        var facts = BriefFacts.Make("cluster 2", 200, 3, 900, SegmentKind.Cluster, 500, "mid value, lapsing, occasional", id: 2) with
        {
            Value = new ValueFacts(null, null, 0.9, 0.8, null), // 0.9 against 1 − 0.8 = 0.2: a gap of 0.7
        };

        var en = TemplateBriefWriter.Write(facts, BriefLanguage.English);

        Assert.Contains("a 90% mean chance of still being active and an 80% mean churn risk (the two disagree:", en.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_RatingsWithoutTextModel_SaysTheyComeFromStars()
    {
        var facts = BriefFacts.Make("cluster 3", 40, 1.2, 150, SegmentKind.Cluster, 900, "low value, recent, one-off", id: 3) with
        {
            Ratings = new RatingFacts(1_000, 3.45, 0.32),
        };

        var en = TemplateBriefWriter.Write(facts, BriefLanguage.English);
        var zh = TemplateBriefWriter.Write(facts, BriefLanguage.Chinese);
        var withText = TemplateBriefWriter.Write(facts with { Sentiment = new SentimentFacts(800, 0.6, 0.3) }, BriefLanguage.English);

        Assert.Contains("Their 1,000 reviews average 3.5 stars, and 32% gave 1 or 2 stars (from the star ratings; no text model reads these reviews).", en.Description, StringComparison.Ordinal);
        Assert.Contains("平均 3.5 星，其中 32% 为 1–2 星（依据星级评分", zh.Description, StringComparison.Ordinal);
        Assert.Contains("Of their 800 reviews, 60% are positive", withText.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("stars", withText.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_NoProductsNoLiftNoRevenue_StillReadsWell()
    {
        var facts = BriefFacts.Make("noise", 300, 1, 0, SegmentKind.Noise, 12, id: -1, top: [], crossSell: []) with { RevenueShare = null };
        facts = facts with { Features = [.. facts.Features.Select(f => f.Feature == "monetary" ? f with { Lift = null } : f)] };
        foreach (var language in new[] { BriefLanguage.English, BriefLanguage.Chinese })
        {
            var brief = TemplateBriefWriter.Write(facts, language);
            BriefAssertions.WellFormed(brief);
            Assert.Equal(2, BriefAssertions.Sentences(brief));
            Assert.Equal(MarketingAngle.Sunset, brief.Angle);
        }
        Assert.StartsWith("Customers in no dense group (DBSCAN noise): 12 customers (0.3% of all customers).", TemplateBriefWriter.Write(facts, BriefLanguage.English).Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_StandoutFeature_IsMentioned()
    {
        var facts = BriefFacts.Make("cluster 2", 40, 3, 1_500, SegmentKind.Cluster, 400, "mid value, recent, occasional", id: 2);
        facts = facts with { Features = [.. facts.Features.Select(f => f.Feature == "return_rate" ? f with { Mean = 0.25, StandardisedDifference = 2.1 } : f)] };
        var en = TemplateBriefWriter.Write(facts, BriefLanguage.English);
        var zh = TemplateBriefWriter.Write(facts, BriefLanguage.Chinese);
        Assert.Contains("They return 25% of the value they buy (all customers: 3%).", en.Description, StringComparison.Ordinal);
        Assert.Contains("他们的退货金额占购买金额的 25%（全体客户为 3%）。", zh.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_FactsWithoutRecency_ThrowsNamingTheFeature()
    {
        var facts = BriefFacts.Make("cluster 1", 9, 2, 100) with { Features = [] };
        var e = Assert.Throws<ArgumentException>(() => TemplateBriefWriter.Write(facts, BriefLanguage.English));
        Assert.Contains("recency_days", e.Message, StringComparison.Ordinal);
    }
}
