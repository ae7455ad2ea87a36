namespace Clientele.Marketing.Campaigns;

/// <summary>What an arm does to the customers assigned to it.</summary>
public enum ArmKind
{
    /// <summary>Nothing: the baseline every treatment is measured against.</summary>
    Control,

    /// <summary>A coupon: a money value or a percentage off.</summary>
    Coupon,

    /// <summary>A message with the customer's top recommended products.</summary>
    Recommendation,

    /// <summary>A plain message.</summary>
    Message,
}

/// <summary>The metric a campaign is judged on.</summary>
public enum PrimaryMetric
{
    /// <summary>Share of customers who bought at least once in the campaign window.</summary>
    Conversion,

    /// <summary>Revenue in the campaign window per customer assigned (buyers and non-buyers alike).</summary>
    RevenuePerCustomer,
}

/// <summary>How the next plan uses the stored results of earlier runs of the same campaign.</summary>
public enum ArmPreferenceRule
{
    /// <summary>Keep the split of the spec.</summary>
    None,

    /// <summary>
    /// Per segment, the arm that won last time gets the segment's treated customers (the control keeps its share):
    /// see <see cref="Feedback.WinnerRule"/>.
    /// </summary>
    Winner,

    /// <summary>Per segment, treatment weights from Thompson sampling on the stored conversions (seeded).</summary>
    Thompson,
}

/// <summary>One arm of a campaign.</summary>
/// <param name="Template">The message, with placeholders such as {coupon} or {product_1_name}.</param>
/// <param name="CouponValue">A coupon's money value, or null.</param>
/// <param name="CouponPercent">A coupon's percentage off (0–100), or null.</param>
public sealed record ArmSpec(string Name, ArmKind Kind, double Weight, string? Template, decimal? CouponValue, double? CouponPercent);

/// <summary>Who a campaign targets: customers whose segment is one of <see cref="Segments"/> (all when empty) and for whom <see cref="Where"/> holds.</summary>
/// <param name="SegmentColumn">The profile column that names a customer's segment.</param>
/// <param name="Where">A predicate over profile columns, e.g. <c>churn_risk &gt; 0.6 and clv &gt; 100</c>; null for everyone.</param>
public sealed record AudienceSpec(IReadOnlyList<string> Segments, string? Where, string SegmentColumn = AudienceSpec.DefaultSegmentColumn)
{
    public const string DefaultSegmentColumn = "rfm_segment";
}

/// <summary>At most <see cref="MaxContacts"/> treatments (of any campaign) per customer in the <see cref="Days"/> days before the start.</summary>
public sealed record FrequencyCap(int MaxContacts, int Days);

/// <summary>A metric that must not get significantly worse in any treatment arm.</summary>
public sealed record Guardrail(PrimaryMetric Metric);

/// <summary>
/// A campaign: its audience, arms and split, the rules that keep customers from being over-contacted, the window it
/// runs in, and what it is judged on. Read from YAML or JSON by the pipeline; checked by <see cref="CampaignSpecValidator"/>.
/// </summary>
public sealed record CampaignSpec
{
    public required string Name { get; init; }

    /// <summary>The hashing seed: the same seed and customer always give the same bucket.</summary>
    /// <value>The default value is the campaign's name.</value>
    public required string Seed { get; init; }

    public required AudienceSpec Audience { get; init; }

    public required IReadOnlyList<ArmSpec> Arms { get; init; }

    /// <summary>The share of the audience kept out of the campaign altogether (contacted by no arm, not analysed).</summary>
    /// <value>The default value is 0.</value>
    public double HoldoutShare { get; init; }

    /// <value>The default value is null (no cap).</value>
    public FrequencyCap? FrequencyCap { get; init; }

    /// <summary>A file of customer ids never to contact (one per line, or a CSV whose first column is the id).</summary>
    /// <value>The default value is null.</value>
    public string? SuppressionFile { get; init; }

    /// <summary>Leave out customers treated by any campaign in this many days before the start.</summary>
    /// <value>The default value is null (no exclusion).</value>
    public int? ExcludeTreatedWithinDays { get; init; }

    /// <summary>The first day of the campaign.</summary>
    public required DateOnly Start { get; init; }

    /// <summary>The last day of the campaign (inclusive).</summary>
    public required DateOnly End { get; init; }

    /// <value>The default value is <see cref="PrimaryMetric.Conversion"/>.</value>
    public PrimaryMetric PrimaryMetric { get; init; } = PrimaryMetric.Conversion;

    /// <value>The default value is none.</value>
    public IReadOnlyList<Guardrail> Guardrails { get; init; } = [];

    /// <summary>The smallest relative lift of the primary metric worth detecting (0.1 = +10 %).</summary>
    /// <value>The default value is 0.1.</value>
    public double MinimumDetectableEffect { get; init; } = 0.1;

    /// <value>The default value is 0.05.</value>
    public double Alpha { get; init; } = 0.05;

    /// <value>The default value is 0.8.</value>
    public double Power { get; init; } = 0.8;

    /// <value>The default value is <see cref="ArmPreferenceRule.None"/>.</value>
    public ArmPreferenceRule PreferWinners { get; init; } = ArmPreferenceRule.None;

    /// <summary>The recommender behind recommendation arms (an algorithm of <c>clientele recommend</c>).</summary>
    /// <value>The default value is item-knn.</value>
    public string Recommender { get; init; } = "item-knn";

    /// <summary>The file the spec was read from, for error messages.</summary>
    public required string SourceFile { get; init; }

    /// <summary>Where each value was written, by path (<c>arms[1].weight</c>, <c>audience.where</c>).</summary>
    public IReadOnlyDictionary<string, SpecLocation> Locations { get; init; } = new Dictionary<string, SpecLocation>();

    /// <summary>The number of days from <see cref="Start"/> to <see cref="End"/>, both included.</summary>
    public int LengthDays => End.DayNumber - Start.DayNumber + 1;

    /// <summary>The control arm (the validator guarantees exactly one).</summary>
    public ArmSpec Control => Arms.Single(a => a.Kind == ArmKind.Control);

    /// <summary>Where <paramref name="path"/> was written, or its nearest written parent (<c>arms[1].weight</c> → <c>arms[1]</c> → <c>arms</c>).</summary>
    public SpecLocation? Locate(string path)
    {
        for (var p = path; p.Length > 0; p = Parent(p))
        {
            if (Locations.TryGetValue(p, out var location))
            {
                return location;
            }
        }
        return null;
    }

    private static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut <= 0 ? "" : path[..cut];
    }
}
