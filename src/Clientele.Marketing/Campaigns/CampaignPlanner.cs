using Clientele.Marketing.Assignment;
using Clientele.Marketing.Audience;

namespace Clientele.Marketing.Campaigns;

/// <summary>What happened to the customers of the profile on the way to the arms. Every count is a subset of the one before:
/// <c>Profiled = NotInSegments + PredicateFalse + Audience</c>, <c>Audience = Suppressed + RecentlyTreated + FrequencyCapped + Eligible</c>,
/// <c>Eligible = Holdout + Σ PerArm</c>.</summary>
public sealed record AudienceCounts(
    int Profiled,
    int NotInSegments,
    int PredicateFalse,
    int Audience,
    int Suppressed,
    int RecentlyTreated,
    int FrequencyCapped,
    int Eligible,
    int Holdout,
    IReadOnlyList<int> PerArm);

/// <summary>One customer's place in the plan: the arm index into the spec's arms, or <see cref="ArmAssigner.Holdout"/>.</summary>
public sealed record PlannedCustomer(string CustomerId, int Row, string Segment, int Arm, double Bucket);

/// <summary>A plan: who gets which arm, and the counts that reconcile the profile with the arms.</summary>
public sealed record CampaignPlan(CampaignSpec Spec, AudienceCounts Counts, IReadOnlyList<PlannedCustomer> Customers, IReadOnlyDictionary<string, double[]> SegmentWeights);

/// <summary>What the planner knows of earlier contacts: the days on which each customer was treated (by a treatment arm of any campaign).</summary>
public sealed record ContactHistory(IReadOnlyDictionary<string, IReadOnlyList<DateOnly>> Treatments)
{
    public static ContactHistory None { get; } = new(new Dictionary<string, IReadOnlyList<DateOnly>>());
}

/// <summary>
/// Resolves a campaign's audience in a profile and assigns it: segments and predicate, then the suppression list, the
/// recent-treatment exclusion and the frequency cap, then the deterministic hash assignment (per-segment weights when
/// the feedback gives them). Pure: it reads nothing and writes nothing.
/// </summary>
public static class CampaignPlanner
{
    public static CampaignPlan Plan(
        CampaignSpec spec,
        ProfileTable profile,
        IReadOnlySet<string> suppressed,
        ContactHistory history,
        IReadOnlyDictionary<string, double[]>? segmentWeights = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(suppressed);
        ArgumentNullException.ThrowIfNull(history);
        segmentWeights ??= new Dictionary<string, double[]>();
        var segmentColumn = profile.HasColumn(spec.Audience.SegmentColumn) ? spec.Audience.SegmentColumn : null;
        var segmentNames = segmentColumn is null ? null : Enumerable.Range(0, profile.Count).Select(i => profile.Text(i, segmentColumn)).Where(s => s.Length > 0).ToHashSet(StringComparer.Ordinal);
        var predicate = CampaignSpecValidator.CheckAudience(spec, profile.ColumnNames, c => profile.IsNumeric(c), segmentNames);
        var test = predicate is null ? null : PredicateBinder.Bind(predicate, profile);
        var segments = spec.Audience.Segments.ToHashSet(StringComparer.Ordinal);

        var assigner = ArmAssigner.For(spec);
        var assigners = segmentWeights.ToDictionary(p => p.Key, p => new ArmAssigner(spec.Seed, NonZero(p.Value), spec.HoldoutShare), StringComparer.Ordinal);
        int notInSegments = 0, predicateFalse = 0, audience = 0, suppressedCount = 0, recent = 0, capped = 0, holdout = 0;
        var perArm = new int[spec.Arms.Count];
        var planned = new List<PlannedCustomer>();
        for (var row = 0; row < profile.Count; row++)
        {
            var segment = segmentColumn is null ? "" : profile.Text(row, segmentColumn);
            if (segments.Count > 0 && !segments.Contains(segment))
            {
                notInSegments++;
                continue;
            }
            if (test is not null && !test(row))
            {
                predicateFalse++;
                continue;
            }
            audience++;
            var id = profile.Ids[row];
            if (suppressed.Contains(id))
            {
                suppressedCount++;
                continue;
            }
            if (history.Treatments.TryGetValue(id, out var days))
            {
                if (spec.ExcludeTreatedWithinDays is { } within && days.Any(d => d < spec.Start && d.DayNumber >= spec.Start.DayNumber - within))
                {
                    recent++;
                    continue;
                }
                if (spec.FrequencyCap is { } cap && days.Count(d => d < spec.Start && d.DayNumber >= spec.Start.DayNumber - cap.Days) >= cap.MaxContacts)
                {
                    capped++;
                    continue;
                }
            }
            var chosen = assigners.TryGetValue(segment, out var special) ? special : assigner;
            var bucket = chosen.Bucket(id);
            var arm = chosen.ArmOf(bucket);
            if (arm == ArmAssigner.Holdout)
            {
                holdout++;
            }
            else
            {
                arm = special is null ? arm : MapBack(segmentWeights[segment], arm);
                perArm[arm]++;
            }
            planned.Add(new PlannedCustomer(id, row, segment, arm, bucket));
        }
        if (audience == 0)
        {
            var what = spec.Audience.Where is null ? "audience.segments" : "audience.where";
            throw CampaignSpecValidator.Error(spec, what, $"the audience is empty: of {profile.Count} customers, {notInSegments} are in none of the segments and the predicate is false for {predicateFalse}; nothing was written");
        }
        var eligible = audience - suppressedCount - recent - capped;
        var counts = new AudienceCounts(profile.Count, notInSegments, predicateFalse, audience, suppressedCount, recent, capped, eligible, holdout, perArm);
        return new CampaignPlan(spec, counts, planned, segmentWeights);
    }

    /// <summary>
    /// The rows of <paramref name="profile"/> the spec's audience rule selects (its segments and predicate), before any
    /// suppression, contact rule or assignment: what the power back-test applies to an earlier profile. A segment the
    /// spec names that no customer of this profile is in selects no one (no error: an earlier profile may lack it).
    /// </summary>
    public static IReadOnlyList<int> AudienceRows(CampaignSpec spec, ProfileTable profile)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(profile);
        var segmentColumn = profile.HasColumn(spec.Audience.SegmentColumn) ? spec.Audience.SegmentColumn : null;
        var predicate = CampaignSpecValidator.CheckAudience(spec, profile.ColumnNames, c => profile.IsNumeric(c));
        var test = predicate is null ? null : PredicateBinder.Bind(predicate, profile);
        var segments = spec.Audience.Segments.ToHashSet(StringComparer.Ordinal);
        var rows = new List<int>();
        for (var row = 0; row < profile.Count; row++)
        {
            var segment = segmentColumn is null ? "" : profile.Text(row, segmentColumn);
            if ((segments.Count == 0 || segments.Contains(segment)) && (test is null || test(row)))
            {
                rows.Add(row);
            }
        }
        return rows;
    }

    /// <summary>The weights with zero-weight arms removed (an assigner needs positive weights)…</summary>
    private static double[] NonZero(double[] weights) => weights.Where(w => w > 0).ToArray();

    /// <summary>…and an index among the positive weights mapped back to the arm index.</summary>
    private static int MapBack(double[] weights, int index)
    {
        var seen = -1;
        for (var i = 0; i < weights.Length; i++)
        {
            if (weights[i] > 0 && ++seen == index)
            {
                return i;
            }
        }
        throw new ArgumentOutOfRangeException(nameof(index));
    }
}
