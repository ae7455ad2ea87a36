using Clientele.Core;
using Clientele.Data.Store;
using Clientele.Features.Summaries;

namespace Clientele.Features;

/// <summary>
/// What the fitters read. The customer summaries (one row per customer, one per customer and product and day) when they
/// account for every order line and the as-of day comes after the last one: the usual case, and a few columns per
/// customer instead of every line. Otherwise the order lines themselves: an earlier as-of (a back-test, a churn or
/// value-class cutoff), a holdout period, a store whose summaries an ingest has outdated and nobody may rebuild. Both
/// give the same rows in the same order (CustomerSummaryReaderTests, CustomerInputsTests).
/// </summary>
public static class CustomerInputs
{
    /// <summary>
    /// Rebuilds the summaries when they no longer account for every order line (after an ingest or a file's removal),
    /// so that the fit that follows reads them; the counts when it rebuilt, null when they were current.
    /// </summary>
    public static SummaryTableCounts? Prepare(ClienteleStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return CustomerSummaryTables.IsCurrent(store) ? null : CustomerSummaryTables.Rebuild(store);
    }

    /// <summary>RFM and behaviour features as of <paramref name="asOf"/> (the day after the last order when null).</summary>
    public static CustomerFeatureSet Features(ClienteleStore store, DateOnly? asOf = null) =>
        SummariesAnswer(store, asOf) ? CustomerSummaryReader.Features(store, asOf) : CustomerFeatureQuery.Compute(store, asOf);

    /// <summary>The BTYD inputs (x, t_x, T, mean repeat value) for a calibration ending at <see cref="SummaryPeriods.CalibrationEnd"/>.</summary>
    public static IReadOnlyList<PurchaseHistory> PurchaseHistories(ClienteleStore store, SummaryPeriods periods)
    {
        ArgumentNullException.ThrowIfNull(periods);
        return periods.HoldoutEnd is null && SummariesAnswer(store, periods.CalibrationEnd)
            ? CustomerSummaryReader.PurchaseHistories(store, periods)
            : PurchaseHistoryQuery.Compute(store, periods);
    }

    /// <summary>Every (customer, product, day) with a purchase before <paramref name="asOf"/> (all, when null): the recommenders' interactions.</summary>
    public static IReadOnlyList<PurchaseInteraction> Interactions(ClienteleStore store, DateOnly? asOf = null) =>
        SummariesAnswer(store, asOf) ? CustomerSummaryReader.Interactions(store, asOf) : PurchaseInteractionQuery.Compute(store, asOf);

    /// <summary>Net quantity and spend per customer and product before <paramref name="asOf"/> (all, when null), pairs with a positive net spend only.</summary>
    public static IReadOnlyList<CustomerProductSpend> Spend(ClienteleStore store, DateOnly? asOf = null) =>
        SummariesAnswer(store, asOf) ? CustomerSummaryReader.Spend(store, asOf) : CustomerTextQuery.Spend(store, asOf);

    /// <summary>The purchase lines before <paramref name="asOf"/> (all, when null) and how many of them carry a product id.</summary>
    public static (long Lines, long WithProduct) CountPurchaseLines(ClienteleStore store, DateOnly? asOf = null) =>
        SummariesAnswer(store, asOf) ? CustomerSummaryReader.CountPurchaseLines(store) : PurchaseInteractionQuery.CountLines(store, asOf);

    /// <summary>Whether the summaries answer for <paramref name="asOf"/>: they are current, and no order line falls on or after that day.</summary>
    public static bool SummariesAnswer(ClienteleStore store, DateOnly? asOf)
    {
        ArgumentNullException.ThrowIfNull(store);
        return SummariesAnswer(store, asOf, CustomerSummaryTables.IsCurrent(store));
    }

    /// <summary>As <see cref="SummariesAnswer(ClienteleStore, DateOnly?)"/>, with whether the summaries are current already known (<see cref="CustomerSummaryTables.IsCurrent"/>).</summary>
    public static bool SummariesAnswer(ClienteleStore store, DateOnly? asOf, bool current)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (!current)
        {
            return false;
        }
        var last = store.Scalar<DateTime?>("SELECT max(last_line_at) FROM customer_summaries");
        return last is { } at && (asOf is not { } day || day > DateOnly.FromDateTime(at));
    }
}
