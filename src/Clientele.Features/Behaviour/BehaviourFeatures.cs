using Clientele.Core;
using Clientele.Data.Store;

namespace Clientele.Features.Behaviour;

/// <summary>
/// One person's behaviour as of a date (docs/behaviour.md): counts of the events before it, their sessions and days,
/// and the rates and categories made from them.
/// </summary>
/// <param name="Person">The customer id, else the visitor id of events without a customer.</param>
/// <param name="VisitDays">Calendar days (UTC) with any event.</param>
/// <param name="DaysSinceLastVisit">The as-of date minus the day of the last event.</param>
/// <param name="ViewToPurchase">Purchase events / view events; null when there was no view.</param>
/// <param name="CartAbandonment">Of the sessions with a cart add, the share without a purchase; null when no session had a cart add.</param>
/// <param name="TopCategory1">The most viewed category (most views; a tie goes to the smaller category by its bytes); null when no view had a category.</param>
public sealed record BehaviourFeatures(
    string Person, DateTime FirstEventAt, DateTime LastEventAt, long Events, long Sessions, long Views, long Searches, long WishlistAdds,
    long CartAdds, long CartRemoves, long Purchases, long VisitDays, int DaysSinceLastVisit, double? ViewToPurchase, double? CartAbandonment,
    string? TopCategory1, string? TopCategory2, string? TopCategory3)
{
    /// <summary>The features of a summary row at <paramref name="asOf"/> (after its last event), with its top categories in order: the one place of their arithmetic.</summary>
    public static BehaviourFeatures From(BehaviourSummary summary, DateOnly asOf, IReadOnlyList<string> topCategories)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(topCategories);
        return new BehaviourFeatures(
            summary.Person, summary.FirstEventAt, summary.LastEventAt, summary.Events, summary.Sessions, summary.Views, summary.Searches,
            summary.WishlistAdds, summary.CartAdds, summary.CartRemoves, summary.Purchases, summary.VisitDays,
            asOf.DayNumber - summary.LastVisitDay.DayNumber,
            summary.Views > 0 ? (double)summary.Purchases / summary.Views : null,
            summary.CartSessions > 0 ? (double)summary.AbandonedSessions / summary.CartSessions : null,
            topCategories.Count > 0 ? topCategories[0] : null,
            topCategories.Count > 1 ? topCategories[1] : null,
            topCategories.Count > 2 ? topCategories[2] : null);
    }
}

/// <summary>The behaviour features of every person with an event before <paramref name="AsOf"/>, by person (byte order).</summary>
/// <param name="AsOf">The first day not observed: events strictly before it count.</param>
public sealed record BehaviourFeatureSet(DateOnly AsOf, IReadOnlyList<BehaviourFeatures> People);

/// <summary>Behaviour features computed from the events themselves, at any as-of (the events before it).</summary>
public static class BehaviourFeatureQuery
{
    // The events before the as-of, linked by what was known before it.
    internal static readonly string Source = BehaviourSummaryTables.People("(SELECT * FROM events WHERE occurred_at < CAST($as_of AS TIMESTAMP))");

    internal static readonly string SummariesSql =
        BehaviourSummaryTables.SummarySql($"({BehaviourSummaryTables.DaysSql(Source)}) AS day_rows", $"({BehaviourSummaryTables.SessionsSql(Source)}) AS session_rows", onePerson: false) +
        "\nORDER BY d.person COLLATE \"C\"";

    private static readonly string TopCategoriesSql = BehaviourSummaryTables.TopCategoriesSql($"({BehaviourSummaryTables.CategoriesSql(Source)}) AS category_rows");

    /// <summary>The features of the events before <paramref name="asOf"/> (the day after the last event when null).</summary>
    public static BehaviourFeatureSet Compute(ClienteleStore store, DateOnly? asOf = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        var date = asOf ?? DateOnly.FromDateTime(
            store.Scalar<DateTime?>("SELECT max(occurred_at) FROM events") ?? throw new ClienteleException($"The store {store.Path} has no events: ingest some first (clientele ingest events FILE).")).AddDays(1);
        var parameter = ("as_of", (object?)date.ToDateTime(TimeOnly.MinValue));
        using var summaries = store.Command(SummariesSql, parameter);
        using var categories = store.Command(TopCategoriesSql, parameter);
        return BehaviourSummaryReader.Combine(date, BehaviourSummaryTables.ReadSummaryRows(summaries), categories);
    }
}

/// <summary>
/// Behaviour features read from <c>behaviour_summaries</c> and <c>behaviour_categories</c> instead of the events: the same
/// rows as <see cref="BehaviourFeatureQuery"/> for any as-of after the last summarised event.
/// </summary>
public static class BehaviourSummaryReader
{
    /// <summary>The features at <paramref name="asOf"/> (the day after the last summarised event when null), which must come after the last summarised event.</summary>
    public static BehaviourFeatureSet Features(ClienteleStore store, DateOnly? asOf = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        var last = store.Scalar<DateTime?>("SELECT max(last_event_at) FROM behaviour_summaries")
            ?? throw new ClienteleException($"The store {store.Path} has no behaviour summaries yet: ingest events, then build them (clientele refresh).");
        var lastDay = DateOnly.FromDateTime(last);
        var date = asOf ?? lastDay.AddDays(1);
        if (date <= lastDay)
        {
            throw new ClienteleException(
                $"The behaviour summaries in {store.Path} hold events up to {lastDay:yyyy-MM-dd}; an as-of of {date:yyyy-MM-dd} would leave some of them out, so it is computed from the events instead (use an as-of after {lastDay:yyyy-MM-dd}).");
        }
        using var summaries = store.Command($"SELECT {BehaviourSummaryTables.SummaryColumns} FROM behaviour_summaries ORDER BY person COLLATE \"C\"");
        using var categories = store.Command(BehaviourSummaryTables.TopCategoriesSql("behaviour_categories"));
        return Combine(date, BehaviourSummaryTables.ReadSummaryRows(summaries), categories);
    }

    /// <summary>One person's features at <paramref name="asOf"/> from their summary row, or null when the summaries have no row of the person.</summary>
    public static BehaviourFeatures? FeaturesOf(ClienteleStore store, string person, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var summary = store.Command($"SELECT {BehaviourSummaryTables.SummaryColumns} FROM behaviour_summaries WHERE person = $person", ("person", person));
        var rows = BehaviourSummaryTables.ReadSummaryRows(summary);
        if (rows.Count == 0)
        {
            return null;
        }
        using var categories = store.Command(
            BehaviourSummaryTables.TopCategoriesSql("(SELECT person, category, views FROM behaviour_categories WHERE person = $person) AS person_categories"), ("person", person));
        return Combine(asOf, rows, categories).People[0];
    }

    internal static BehaviourFeatureSet Combine(DateOnly asOf, IReadOnlyList<BehaviourSummary> summaries, System.Data.Common.DbCommand topCategories)
    {
        var top = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        using (var reader = topCategories.ExecuteReader())
        {
            while (reader.Read())
            {
                var person = reader.GetString(0);
                if (!top.TryGetValue(person, out var list))
                {
                    top[person] = list = [];
                }
                list.Add(reader.GetString(1));
            }
        }
        return new BehaviourFeatureSet(asOf, [.. summaries.Select(s => BehaviourFeatures.From(s, asOf, top.TryGetValue(s.Person, out var list) ? list : []))]);
    }
}

/// <summary>
/// What a fitter reads for behaviour: the behaviour summaries when they account for every event and the as-of comes
/// after the last one, else the events themselves (an earlier as-of, or summaries an ingest has outdated).
/// </summary>
public static class BehaviourInputs
{
    /// <summary>Rebuilds the behaviour summaries when they no longer account for every event; the counts when it rebuilt, null when they were current.</summary>
    public static BehaviourTableCounts? Prepare(ClienteleStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return BehaviourSummaryTables.IsCurrent(store) ? null : BehaviourSummaryTables.Rebuild(store);
    }

    /// <summary>Behaviour features as of <paramref name="asOf"/> (the day after the last event when null).</summary>
    public static BehaviourFeatureSet Features(ClienteleStore store, DateOnly? asOf = null) =>
        SummariesAnswer(store, asOf) ? BehaviourSummaryReader.Features(store, asOf) : BehaviourFeatureQuery.Compute(store, asOf);

    /// <summary>Whether the summaries answer for <paramref name="asOf"/>: they are current, and no event falls on or after that day.</summary>
    public static bool SummariesAnswer(ClienteleStore store, DateOnly? asOf)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (!BehaviourSummaryTables.IsCurrent(store))
        {
            return false;
        }
        var last = store.Scalar<DateTime?>("SELECT max(last_event_at) FROM behaviour_summaries");
        return last is { } at && (asOf is not { } day || day > DateOnly.FromDateTime(at));
    }
}
