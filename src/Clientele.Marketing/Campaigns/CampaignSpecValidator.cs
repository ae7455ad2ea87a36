using System.Globalization;
using Clientele.Core;
using Clientele.Marketing.Audience;

namespace Clientele.Marketing.Campaigns;

/// <summary>
/// Checks a campaign spec before anything is computed or written: the split is possible, the arms do not overlap, the
/// dates and test settings make sense, and the audience predicate parses and reads only known columns of the right
/// type. Every error is a <see cref="ClienteleException"/> naming the spec file, line and column.
/// </summary>
public static class CampaignSpecValidator
{
    /// <summary>The relative tolerance on the sum of the arm weights.</summary>
    public const double WeightSumTolerance = 1e-6;

    /// <summary>The placeholders an arm's template may use.</summary>
    public static readonly IReadOnlyList<string> Placeholders =
    [
        "customer_id", "segment", "arm", "coupon", "coupon_value", "coupon_percent",
        "product_1", "product_1_name", "product_2", "product_2_name", "product_3", "product_3_name",
    ];

    /// <summary>Checks everything that does not depend on the profile: arms, split, dates, test settings, templates.</summary>
    public static void Validate(CampaignSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (string.IsNullOrWhiteSpace(spec.Name))
        {
            throw Error(spec, "name", "the campaign needs a name");
        }
        CheckArms(spec);
        CheckSplit(spec);
        if (spec.End < spec.Start)
        {
            throw Error(spec, "end", $"the end {Day(spec.End)} is before the start {Day(spec.Start)}");
        }
        if (spec.FrequencyCap is { } cap && (cap.MaxContacts < 1 || cap.Days < 1))
        {
            throw Error(spec, "frequency_cap", $"a frequency cap needs max_contacts ≥ 1 and days ≥ 1 (found {cap.MaxContacts} in {cap.Days} days)");
        }
        if (spec.ExcludeTreatedWithinDays is < 1)
        {
            throw Error(spec, "exclude_treated_within_days", "must be at least 1 day");
        }
        if (!(spec.Alpha > 0 && spec.Alpha < 0.5))
        {
            throw Error(spec, "alpha", $"alpha {Number(spec.Alpha)} must be in (0, 0.5)");
        }
        if (!(spec.Power > 0 && spec.Power < 1))
        {
            throw Error(spec, "power", $"power {Number(spec.Power)} must be in (0, 1)");
        }
        if (!(spec.MinimumDetectableEffect > 0) || double.IsInfinity(spec.MinimumDetectableEffect))
        {
            throw Error(spec, "minimum_detectable_effect", $"the minimum detectable effect {Number(spec.MinimumDetectableEffect)} must be a positive relative lift (0.1 = +10 %)");
        }
        if (spec.Audience.Where is { } where)
        {
            Parse(spec, where);
        }
    }

    /// <summary>
    /// Checks the audience against the profile's columns (and, when known, their types and the segment names) and
    /// returns the parsed predicate, or null when the spec has none.
    /// </summary>
    public static Predicate? CheckAudience(CampaignSpec spec, IReadOnlyCollection<string> columns, Func<string, bool?> isNumeric, IReadOnlyCollection<string>? segmentNames = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(columns);
        if (spec.Audience.Segments.Count > 0 && !columns.Contains(spec.Audience.SegmentColumn))
        {
            throw Error(spec, "audience.segment_column", $"the profile has no column {spec.Audience.SegmentColumn} to take segments from; it has {string.Join(", ", columns)}");
        }
        if (segmentNames is not null)
        {
            for (var i = 0; i < spec.Audience.Segments.Count; i++)
            {
                var segment = spec.Audience.Segments[i];
                if (!segmentNames.Contains(segment))
                {
                    throw Error(spec, $"audience.segments[{i}]", $"no customer is in segment \"{segment}\" of {spec.Audience.SegmentColumn}; the segments are {string.Join(", ", segmentNames.Order(StringComparer.Ordinal))}");
                }
            }
        }
        if (spec.Audience.Where is not { } where)
        {
            return null;
        }
        var predicate = Parse(spec, where);
        try
        {
            PredicateBinder.Check(predicate, columns, isNumeric);
        }
        catch (PredicateException e)
        {
            throw Error(spec, "audience.where", $"in the audience predicate: {e.Message}", e.Offset, e);
        }
        return predicate;
    }

    /// <summary>An error located at the value of <paramref name="path"/> (and <paramref name="offset"/> characters into it).</summary>
    public static ClienteleException Error(CampaignSpec spec, string path, string message, int offset = 0, Exception? inner = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Locate(path) is { } location)
        {
            var at = location.At(offset);
            return new ClienteleException($"{path}: {message}", spec.SourceFile, at.Line, at.Column.ToString(CultureInfo.InvariantCulture), inner);
        }
        return new ClienteleException($"{path}: {message}", spec.SourceFile, innerException: inner);
    }

    private static Predicate Parse(CampaignSpec spec, string where)
    {
        try
        {
            return PredicateParser.Parse(where);
        }
        catch (PredicateException e)
        {
            throw Error(spec, "audience.where", $"in the audience predicate: {e.Message}", e.Offset, e);
        }
    }

    private static void CheckArms(CampaignSpec spec)
    {
        if (spec.Arms.Count < 2)
        {
            throw Error(spec, "arms", $"a campaign needs a control arm and at least one treatment; found {spec.Arms.Count} arm(s)");
        }
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        int? control = null;
        for (var i = 0; i < spec.Arms.Count; i++)
        {
            var arm = spec.Arms[i];
            if (string.IsNullOrWhiteSpace(arm.Name))
            {
                throw Error(spec, $"arms[{i}].name", "every arm needs a name");
            }
            if (arm.Name.Equals("holdout", StringComparison.OrdinalIgnoreCase))
            {
                throw Error(spec, $"arms[{i}].name", "\"holdout\" names the customers kept out by holdout_share; give the arm another name");
            }
            if (seen.TryGetValue(arm.Name, out var first))
            {
                throw Error(spec, $"arms[{i}].name", $"arm \"{arm.Name}\" overlaps arms[{first}] of the same name: arm names must be distinct");
            }
            seen[arm.Name] = i;
            if (arm.Kind == ArmKind.Control)
            {
                if (control is { } c)
                {
                    throw Error(spec, $"arms[{i}].kind", $"two control arms (arms[{c}] \"{spec.Arms[c].Name}\" and arms[{i}] \"{arm.Name}\"): a campaign has exactly one baseline");
                }
                control = i;
            }
            if (arm.Kind == ArmKind.Coupon && arm.CouponValue is null && arm.CouponPercent is null)
            {
                throw Error(spec, $"arms[{i}]", $"coupon arm \"{arm.Name}\" needs coupon_value or coupon_percent");
            }
            if (arm.Kind == ArmKind.Coupon && arm.CouponValue is not null && arm.CouponPercent is not null)
            {
                throw Error(spec, $"arms[{i}].coupon_percent", $"coupon arm \"{arm.Name}\" has both coupon_value and coupon_percent; give one");
            }
            if (arm.CouponValue is <= 0)
            {
                throw Error(spec, $"arms[{i}].coupon_value", $"coupon_value {arm.CouponValue} must be positive");
            }
            if (arm.CouponPercent is { } percent && !(percent > 0 && percent <= 100))
            {
                throw Error(spec, $"arms[{i}].coupon_percent", $"coupon_percent {Number(percent)} must be in (0, 100]");
            }
            if (arm.Kind != ArmKind.Coupon && (arm.CouponValue is not null || arm.CouponPercent is not null))
            {
                throw Error(spec, $"arms[{i}].kind", $"arm \"{arm.Name}\" is a {arm.Kind.ToString().ToLowerInvariant()} arm but has a coupon; make it kind: coupon or drop the coupon");
            }
            if (arm.Template is { } template)
            {
                CheckTemplate(spec, i, template);
            }
        }
        if (control is null)
        {
            throw Error(spec, "arms", "no control arm (kind: control): every treatment is measured against one");
        }
    }

    private static void CheckTemplate(CampaignSpec spec, int arm, string template)
    {
        var at = 0;
        while ((at = template.IndexOf('{', at)) >= 0)
        {
            var close = template.IndexOf('}', at);
            if (close < 0)
            {
                throw Error(spec, $"arms[{arm}].template", "a { is never closed", at);
            }
            var name = template[(at + 1)..close];
            if (!Placeholders.Contains(name))
            {
                throw Error(spec, $"arms[{arm}].template", $"unknown placeholder {{{name}}}; the placeholders are {string.Join(", ", Placeholders.Select(p => "{" + p + "}"))}", at);
            }
            if (name.StartsWith("product_", StringComparison.Ordinal) && spec.Arms[arm].Kind != ArmKind.Recommendation)
            {
                throw Error(spec, $"arms[{arm}].template", $"{{{name}}} is filled only in recommendation arms", at);
            }
            if (name.StartsWith("coupon", StringComparison.Ordinal) && spec.Arms[arm].Kind != ArmKind.Coupon)
            {
                throw Error(spec, $"arms[{arm}].template", $"{{{name}}} is filled only in coupon arms", at);
            }
            at = close + 1;
        }
    }

    private static void CheckSplit(CampaignSpec spec)
    {
        for (var i = 0; i < spec.Arms.Count; i++)
        {
            var weight = spec.Arms[i].Weight;
            if (!(weight > 0) || double.IsInfinity(weight))
            {
                throw Error(spec, $"arms[{i}].weight", $"impossible split: arm \"{spec.Arms[i].Name}\" has weight {Number(weight)}; every weight must be positive");
            }
        }
        var sum = spec.Arms.Sum(a => a.Weight);
        if (Math.Abs(sum - 1) > WeightSumTolerance)
        {
            throw Error(spec, "arms", $"impossible split: the arm weights sum to {Number(sum)}, not 1 ({string.Join(" + ", spec.Arms.Select(a => Number(a.Weight)))}); they are shares of the audience outside the holdout");
        }
        if (!(spec.HoldoutShare >= 0 && spec.HoldoutShare < 1))
        {
            throw Error(spec, "holdout_share", $"impossible split: holdout_share {Number(spec.HoldoutShare)} must be in [0, 1)");
        }
    }

    private static string Number(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
