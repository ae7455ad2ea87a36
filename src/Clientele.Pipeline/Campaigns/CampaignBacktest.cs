using System.Globalization;
using Clientele.Core;
using Clientele.Data.Store;
using Clientele.Marketing.Campaigns;

namespace Clientele.Pipeline.Campaigns;

/// <summary>The back-test's answer: the baseline, or why there is none (then the plan falls back and says so).</summary>
/// <param name="Baseline">The back-tested baseline; null when it could not be measured.</param>
/// <param name="Reason">Why it could not be measured; null when it was.</param>
public sealed record BacktestOutcome(BacktestedBaseline? Baseline, string? Reason);

/// <summary>
/// The power baseline from the shop's own history: the campaign's audience rule applied to the profile as of
/// (as-of − the campaign's length), and who of those customers bought in the following window of the same length
/// (an order that is not a return, as <see cref="CampaignAnalyzeJob.FromStore"/> counts a conversion).
/// </summary>
public static class CampaignBacktest
{
    public static BacktestOutcome Run(CampaignSpec spec, ClienteleStore store, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(store);
        var days = spec.LengthDays;
        var backAsOf = asOf.AddDays(-days);
        var first = store.Scalar<DateTime?>("SELECT min(ordered_at) FROM order_lines");
        if (first is null)
        {
            return new BacktestOutcome(null, "the store has no orders to back-test on");
        }
        var firstDay = DateOnly.FromDateTime(first.Value);
        if (firstDay >= backAsOf)
        {
            return new BacktestOutcome(null,
                $"the history is too short to back-test a {days}-day campaign: the orders start on {Day(firstDay)}, and the audience would have to be taken as of {Day(backAsOf)}");
        }
        Marketing.Audience.ProfileTable profile;
        IReadOnlyList<int> rows;
        try
        {
            profile = CampaignProfiles.FromStore(spec, store.Location, backAsOf);
            rows = CampaignPlanner.AudienceRows(spec, profile);
        }
        catch (ClienteleException e)
        {
            return new BacktestOutcome(null, $"the audience could not be taken as of {Day(backAsOf)} ({e.Message})");
        }
        if (rows.Count == 0)
        {
            return new BacktestOutcome(null, $"the audience rule selects no customer as of {Day(backAsOf)}");
        }
        var purchases = CampaignTables.Purchases(store, backAsOf, asOf);
        var outcomes = rows.Select(r => purchases.TryGetValue(profile.Ids[r], out var p) ? (p.Orders > 0, (double)p.Revenue) : (false, 0.0)).ToArray();
        return new BacktestOutcome(BaselineBacktest.Measure(backAsOf, days, outcomes), null);
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
