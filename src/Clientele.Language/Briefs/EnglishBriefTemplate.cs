namespace Clientele.Language.Briefs;

/// <summary>The English templates of <see cref="TemplateBriefWriter"/>.</summary>
internal static class EnglishBriefTemplate
{
    private const BriefLanguage En = BriefLanguage.English;

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
        return (string.Join(' ', sentences), Angle(c));
    }

    private static string Size(BriefContext c)
    {
        var f = c.Facts;
        var who = f.Kind switch
        {
            SegmentKind.RfmSegment => f.Name,
            SegmentKind.Noise => "Customers in no dense group (DBSCAN noise)",
            _ => Capitalise(f.Name) + (f.Label.Length > 0 ? $" ({f.Label})" : ""),
        };
        var customers = f.Customers == 1 ? "1 customer" : $"{BriefText.Count(f.Customers, En)} customers";
        var revenue = c.Facts.RevenueShare is { } share && double.IsFinite(share) ? $", bringing in {BriefText.Percent(share, En)} of revenue" : "";
        var mix = c.DominantRfmSegment is { } m ? $"; {BriefText.Percent(m.Share, En)} of them fall in the RFM segment {m.Segment}" : "";
        return $"{who}: {customers} ({BriefText.Percent(f.CustomerShare, En)} of all customers){revenue}{mix}.";
    }

    private static string Behaviour(BriefContext c)
    {
        var recency = $"Their last order was a median of {BriefText.Plural(Math.Round(c.Recency.Median), "day")} ago (all customers: {BriefText.Number(Math.Round(c.Recency.OverallMedian))})";
        var orders = $"they placed {BriefText.Plural(c.Frequency.Mean, "order")} on average (all customers: {BriefText.Number(c.Frequency.OverallMean)})";
        var spend = $"spent {BriefText.Money(c.Monetary.Mean, En)} each{Lift(c.Monetary.Lift)}";
        return $"{recency}; {orders} and {spend}.";
    }

    private static string Lift(double? lift) => lift switch
    {
        null => "",
        >= 1.15 => $", {BriefText.Number(lift.Value)} times the average",
        <= 0.87 => $", {BriefText.RoundPercent(Math.Max(lift.Value, 0), En)} of the average",
        _ => ", about the average",
    };

    private static string? Products(BriefContext c)
    {
        var themes = c.Themes.Count > 0 ? BriefText.List(c.Themes.Take(3).ToArray(), En) : null;
        if (c.TopProducts.Count > 0)
        {
            var products = $"They spend most on {BriefText.List(c.TopProducts.Take(2).ToArray(), En)}";
            return themes is null ? products + "." : $"{products}; their purchases centre on {themes}.";
        }
        return themes is null ? null : $"Their purchases centre on {themes}.";
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
            var horizon = v.HorizonDays is { } h ? $" over the next {BriefText.Plural(h, "day")}" : "";
            var overall = BriefContext.Finite(v.OverallMeanClv) ? $" (all customers: {BriefText.Money(v.OverallMeanClv!.Value, En)})" : "";
            parts.Add($"a mean lifetime value of {BriefText.Money(v.MeanClv!.Value, En)}{horizon}{overall}");
        }
        var aliveLeftOut = BriefContext.Finite(v.MeanProbabilityAlive) && BriefContext.MostlyOneTimeBuyers(c);
        if (BriefContext.Finite(v.MeanProbabilityAlive) && !aliveLeftOut)
        {
            parts.Add($"{A(BriefText.Percent(v.MeanProbabilityAlive!.Value, En))} mean chance of still being active");
        }
        if (BriefContext.Finite(v.MeanChurnRisk))
        {
            parts.Add($"{A(BriefText.Percent(v.MeanChurnRisk!.Value, En))} mean churn risk");
        }
        var why = aliveLeftOut
            ? "; their chance of still being active is left out, because most of them ordered once and that model cannot tell a one-time buyer who left from one who has not yet come back"
            : BriefContext.ValueModelsDisagree(v)
                ? " (the two disagree: the chance of being active reads each customer's own gaps between orders, the churn risk compares them with customers who stopped)"
                : "";
        return parts.Count == 0
            ? aliveLeftOut ? "Their chance of still being active is left out: most of them ordered once, and that model cannot tell a one-time buyer who left from one who has not yet come back." : null
            : $"The value models give them {BriefText.List(parts, En)}{why}.";
    }

    private static string? Sentiment(BriefContext c) => c.Facts switch
    {
        { Sentiment: { Reviews: > 0 } s } =>
            $"Of their {BriefText.Plural(s.Reviews, "review")}, {BriefText.Percent(s.PositiveShare, En)} are positive and {BriefText.Percent(s.NegativeShare, En)} negative.",
        { Ratings: { Ratings: > 0 } r } =>
            $"Their {(r.Ratings == 1 ? "1 review" : $"{BriefText.Count(r.Ratings, En)} reviews")} average {BriefText.Amount(r.MeanRating)} stars, and {BriefText.Percent(r.LowShare, En)} gave 1 or 2 stars (from the star ratings; no text model reads these reviews).",
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
                $"Their orders are {(more ? "large" : "small")}: {BriefText.Money(f.Mean, En)} on average (all customers: {BriefText.Money(f.OverallMean, En)}).",
            SegmentFeatures.TenureDays =>
                $"They have been customers for {BriefText.Plural(Math.Round(f.Mean), "day")} on average (all customers: {BriefText.Number(Math.Round(f.OverallMean))}).",
            SegmentFeatures.DistinctProducts =>
                $"They buy a {(more ? "wide" : "narrow")} range: {BriefText.Amount(f.Mean)} different products on average (all customers: {BriefText.Amount(f.OverallMean)}).",
            _ => $"They return {BriefText.Percent(Math.Max(f.Mean, 0), En)} of the value they buy (all customers: {BriefText.Percent(Math.Max(f.OverallMean, 0), En)}).",
        };
    }

    private static string Angle(BriefContext c)
    {
        var name = TemplateBriefWriter.AngleName(c.Angle, En);
        var top = c.TopProducts.Count > 0 ? c.TopProducts[0] : null;
        var action = c.Angle switch
        {
            MarketingAngle.LoyaltyVip => top is null
                ? "early access to new lines and a members-only perk, and a request for reviews; they need no discount."
                : $"early access to new lines next to {top} and a members-only perk, and a request for reviews; they need no discount.",
            MarketingAngle.CrossSell => c.CrossSell.Count > 0
                ? $"recommend {BriefText.List(c.CrossSell.Take(2).ToArray(), En)}, bestsellers they buy less often than other customers, alongside {top ?? "their usual products"}."
                : top is null ? "recommend products related to their past orders." : $"recommend products that go with {top}, which they buy most.",
            MarketingAngle.SecondPurchase => c.Offer is { } offer
                ? $"a welcome series with a time-limited offer on {offer} to bring them back for a second order."
                : "a welcome series with a time-limited offer on a second order.",
            MarketingAngle.Reengage => top is null
                ? "a reminder with a time-limited offer on what they bought before."
                : $"a reminder with a time-limited offer on {top}, which they already buy.",
            MarketingAngle.WinBack => top is null
                ? "a personal message with an offer on what they used to buy, and a question about why they stopped."
                : $"a personal message with an offer on {top}, their favourite, and a question about why they stopped buying.",
            MarketingAngle.Reactivate => c.Bestsellers.Count > 0
                ? $"one discount on bestsellers such as {BriefText.List(c.Bestsellers, En)}; move those who do not respond to low-cost newsletters."
                : "one discount on bestsellers; move those who do not respond to low-cost newsletters.",
            _ => c.Bestsellers.Count > 0
                ? $"one low-cost email with bestsellers such as {BriefText.List(c.Bestsellers, En)}, then no more paid marketing to them."
                : "one low-cost email with bestsellers, then no more paid marketing to them.",
        };
        return $"{name}: {action}";
    }

    /// <summary>"a 93%", "an 80%", "an 11%", "an 18%": the article as the number is said.</summary>
    private static string A(string number) =>
        (number.StartsWith('8') || number.StartsWith("11", StringComparison.Ordinal) || number.StartsWith("18", StringComparison.Ordinal)) && !number.StartsWith("180", StringComparison.Ordinal) ? $"an {number}" : $"a {number}";

    private static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
