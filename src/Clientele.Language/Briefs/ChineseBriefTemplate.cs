namespace Clientele.Language.Briefs;

/// <summary>
/// The Chinese (simplified) templates of <see cref="TemplateBriefWriter"/>: written as Chinese sentences, not translated
/// word by word; full-width punctuation, a space between Chinese and numbers or Latin words, product names in “”.
/// </summary>
internal static class ChineseBriefTemplate
{
    private const BriefLanguage Zh = BriefLanguage.Chinese;

    /// <summary>The eleven RFM segments' usual Chinese names.</summary>
    public static readonly IReadOnlyDictionary<string, string> RfmNames = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Champions"] = "冠军客户",
        ["Loyal"] = "忠诚客户",
        ["Potential Loyalist"] = "潜在忠诚客户",
        ["New"] = "新客户",
        ["Promising"] = "有潜力的新客户",
        ["Need Attention"] = "需要关注的客户",
        ["About to Sleep"] = "即将沉睡的客户",
        ["At Risk"] = "有流失风险的客户",
        ["Can't Lose Them"] = "不能失去的客户",
        ["Hibernating"] = "休眠客户",
        ["Lost"] = "已流失客户",
    };

    /// <summary>The words of the k-means labels ("high value, recent, frequent").</summary>
    private static readonly Dictionary<string, string> LabelWords = new(StringComparer.Ordinal)
    {
        ["high value"] = "高价值",
        ["mid value"] = "中等价值",
        ["low value"] = "低价值",
        ["recent"] = "近期活跃",
        ["lapsing"] = "渐趋沉寂",
        ["lapsed"] = "久未购买",
        ["frequent"] = "购买频繁",
        ["occasional"] = "偶尔购买",
        ["one-off"] = "多为一次性购买",
        ["close to the average"] = "接近平均水平",
    };

    public static (string Description, string Angle) Write(BriefContext c)
    {
        var sentences = new List<string> { Size(c), Behaviour(c) };
        foreach (var optional in new[] { Products(c), Value(c), Sentiment(c), Standout(c) })
        {
            if (optional is not null && sentences.Count < TemplateBriefWriter.MaximumSentences)
            {
                sentences.Add(optional);
            }
        }
        return (string.Concat(sentences), Angle(c));
    }

    /// <summary>"“冠军客户”（Champions）", or the English name in quotes when the segment has no Chinese name.</summary>
    public static string RfmName(string name) => RfmNames.TryGetValue(name, out var zh) ? $"“{zh}”（{name}）" : $"“{name}”";

    private static string Size(BriefContext c)
    {
        var f = c.Facts;
        var who = f.Kind switch
        {
            SegmentKind.RfmSegment => RfmName(f.Name),
            SegmentKind.Noise => "未归入任何密集群的客户（DBSCAN 噪声点）",
            _ => $"第 {f.SegmentId} 类客户（{ClusterLabel(c)}）",
        };
        var revenue = f.RevenueShare is { } share && double.IsFinite(share) ? $"，贡献了 {BriefText.Percent(share, Zh)} 的收入" : "";
        var mix = c.DominantRfmSegment is { } m
            ? $"，其中 {BriefText.Percent(m.Share, Zh)} 属于 RFM 的“{(RfmNames.TryGetValue(m.Segment, out var zh) ? zh : m.Segment)}”"
            : "";
        return $"{who}共 {BriefText.Count(f.Customers, Zh)} 位，占全部客户的 {BriefText.Percent(f.CustomerShare, Zh)}{revenue}{mix}。";
    }

    /// <summary>The cluster's label in Chinese: word for word when it is a k-means label, else from the facts themselves.</summary>
    private static string ClusterLabel(BriefContext c)
    {
        var parts = c.Facts.Label.Split(", ", StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length > 0 && parts.All(LabelWords.ContainsKey))
        {
            return string.Join("、", parts.Select(p => LabelWords[p]));
        }
        var lift = c.Monetary.Lift ?? 1;
        var value = lift >= MarketingAngleRules.VipMonetaryLift ? "高价值" : lift <= 1 / MarketingAngleRules.VipMonetaryLift ? "低价值" : "中等价值";
        var r0 = MarketingAngleRules.Rhythm(c.Facts);
        var recency = c.Recency.Median <= r0 ? "近期活跃" : c.Recency.Median <= MarketingAngleRules.CoolingRecencyRatio * r0 ? "渐趋沉寂" : "久未购买";
        return $"{value}、{recency}";
    }

    private static string Behaviour(BriefContext c)
    {
        var recency = $"他们最近一次下单距今的中位数为 {BriefText.Number(Math.Round(c.Recency.Median))} 天（全体客户为 {BriefText.Number(Math.Round(c.Recency.OverallMedian))} 天）";
        var orders = $"平均下单 {BriefText.Number(c.Frequency.Mean)} 次（全体客户为 {BriefText.Number(c.Frequency.OverallMean)} 次）";
        var spend = $"人均消费 {BriefText.Money(c.Monetary.Mean, Zh)}{Lift(c.Monetary.Lift)}";
        return $"{recency}，{orders}，{spend}。";
    }

    private static string Lift(double? lift) => lift switch
    {
        null => "",
        >= 1.15 => $"，是平均水平的 {BriefText.Number(lift.Value)} 倍",
        <= 0.87 => $"，仅为平均水平的 {BriefText.RoundPercent(Math.Max(lift.Value, 0), Zh)}",
        _ => "，与平均水平相当",
    };

    private static string? Products(BriefContext c)
    {
        var themes = c.Themes.Count > 0 ? BriefText.List(c.Themes.Take(3).ToArray(), Zh) : null;
        if (c.TopProducts.Count > 0)
        {
            var top = c.TopProducts.Count > 1
                ? $"他们消费最多的商品是“{c.TopProducts[0]}”，其次是“{c.TopProducts[1]}”"
                : $"他们消费最多的商品是“{c.TopProducts[0]}”";
            return themes is null ? top + "。" : $"{top}；购买主题集中在{themes}。";
        }
        return themes is null ? null : $"他们的购买主题集中在{themes}。";
    }

    private static string? Value(BriefContext c)
    {
        if (c.Facts.Value is not { } v)
        {
            return null;
        }
        var parts = new List<string>();
        if (BriefContext.Finite(v.MeanClv))
        {
            var horizon = v.HorizonDays is { } h ? $"未来 {BriefText.Count(h, Zh)} 天的" : "";
            var overall = BriefContext.Finite(v.OverallMeanClv) ? $"（全体客户为 {BriefText.Money(v.OverallMeanClv!.Value, Zh)}）" : "";
            parts.Add($"{horizon}平均终身价值为 {BriefText.Money(v.MeanClv!.Value, Zh)}{overall}");
        }
        var aliveLeftOut = BriefContext.Finite(v.MeanProbabilityAlive) && BriefContext.MostlyOneTimeBuyers(c);
        if (BriefContext.Finite(v.MeanProbabilityAlive) && !aliveLeftOut)
        {
            parts.Add($"平均存活概率为 {BriefText.Percent(v.MeanProbabilityAlive!.Value, Zh)}");
        }
        if (BriefContext.Finite(v.MeanChurnRisk))
        {
            parts.Add($"平均流失风险为 {BriefText.Percent(v.MeanChurnRisk!.Value, Zh)}");
        }
        var why = aliveLeftOut
            ? "；其中多数人只下过一单，存活概率模型无法区分已离开的一次性买家和尚未回购的买家，故不列出存活概率"
            : BriefContext.ValueModelsDisagree(v)
                ? "（两者不一致：存活概率看客户自身的下单间隔，流失风险则与已停止购买的客户相比）"
                : "";
        return parts.Count == 0
            ? aliveLeftOut ? "其中多数人只下过一单，存活概率模型无法区分已离开的一次性买家和尚未回购的买家，故不列出存活概率。" : null
            : $"据价值模型，他们{string.Join("，", parts)}{why}。";
    }

    private static string? Sentiment(BriefContext c) => c.Facts switch
    {
        { Sentiment: { Reviews: > 0 } s } =>
            $"他们的 {BriefText.Count(s.Reviews, Zh)} 条评论中，正面占 {BriefText.Percent(s.PositiveShare, Zh)}，负面占 {BriefText.Percent(s.NegativeShare, Zh)}。",
        { Ratings: { Ratings: > 0 } r } =>
            $"他们的 {BriefText.Count(r.Ratings, Zh)} 条评价平均 {BriefText.Amount(r.MeanRating)} 星，其中 {BriefText.Percent(r.LowShare, Zh)} 为 1–2 星（依据星级评分；没有可读这些评论文字的模型）。",
        _ => null,
    };

    private static string? Standout(BriefContext c)
    {
        if (c.Standout is not { } f)
        {
            return null;
        }
        var more = f.StandardisedDifference > 0;
        return f.Feature switch
        {
            SegmentFeatures.AverageOrderValue =>
                $"他们的客单价{(more ? "偏高" : "偏低")}，平均为 {BriefText.Money(f.Mean, Zh)}（全体客户为 {BriefText.Money(f.OverallMean, Zh)}）。",
            SegmentFeatures.TenureDays =>
                $"他们平均已成为客户 {BriefText.Number(Math.Round(f.Mean))} 天（全体客户为 {BriefText.Number(Math.Round(f.OverallMean))} 天）。",
            SegmentFeatures.DistinctProducts =>
                $"他们购买的品类{(more ? "较广" : "较窄")}，平均买过 {BriefText.Amount(f.Mean)} 种商品（全体客户为 {BriefText.Amount(f.OverallMean)} 种）。",
            _ => $"他们的退货金额占购买金额的 {BriefText.Percent(Math.Max(f.Mean, 0), Zh)}（全体客户为 {BriefText.Percent(Math.Max(f.OverallMean, 0), Zh)}）。",
        };
    }

    private static string Angle(BriefContext c)
    {
        var name = TemplateBriefWriter.AngleName(c.Angle, Zh);
        var top = c.TopProducts.Count > 0 ? $"“{c.TopProducts[0]}”" : null;
        var action = c.Angle switch
        {
            MarketingAngle.LoyaltyVip => top is null
                ? "为他们提供新品抢先购和会员专属礼遇，并邀请他们写评价；无需打折。"
                : $"围绕{top}等商品，为他们提供新品抢先购和会员专属礼遇，并邀请他们写评价；无需打折。",
            MarketingAngle.CrossSell => c.CrossSell.Count > 0
                ? $"向他们推荐{BriefText.List(c.CrossSell.Take(2).ToArray(), Zh)}等畅销品（他们比其他客户买得少），与他们常买的{top ?? "商品"}搭配。"
                : top is null ? "根据他们过去的订单推荐相关商品。" : $"推荐与他们买得最多的{top}搭配的商品。",
            MarketingAngle.SecondPurchase => c.Offer is { } offer
                ? $"发送欢迎系列邮件，附上“{offer}”的限时优惠，吸引他们下第二单。"
                : "发送欢迎系列邮件，附上第二单的限时优惠。",
            MarketingAngle.Reengage => top is null
                ? "发送提醒，附上他们以前买过的商品的限时优惠。"
                : $"发送提醒，附上他们常买的{top}的限时优惠。",
            MarketingAngle.WinBack => top is null
                ? "发送个性化消息，附上他们以前常买商品的优惠，并询问他们为何不再购买。"
                : $"发送个性化消息，附上他们最常买的{top}的优惠，并询问他们为何不再购买。",
            MarketingAngle.Reactivate => c.Bestsellers.Count > 0
                ? $"对{BriefText.List(c.Bestsellers, Zh)}等畅销品提供一次折扣；未回应的客户改为只发低成本的常规邮件。"
                : "对畅销品提供一次折扣；未回应的客户改为只发低成本的常规邮件。",
            _ => c.Bestsellers.Count > 0
                ? $"发送一封低成本邮件，推荐{BriefText.List(c.Bestsellers, Zh)}等畅销品；之后不再对他们投入付费营销。"
                : "发送一封低成本邮件，推荐畅销品；之后不再对他们投入付费营销。",
        };
        return $"{name}：{action}";
    }
}
