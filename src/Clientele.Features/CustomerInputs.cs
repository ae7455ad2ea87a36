using Clientele.Core;
using Clientele.Data.Store;
using Clientele.Features.Summaries;

namespace Clientele.Features;

/// <summary>
/// What the fitters read. The customer summaries (one row per customer, one per customer and product and day) when they
/// account for every order line and the as-of day comes after the last one: the usual case, and a few columns per
/// customer instead of every line. For an earlier as-of (a back-test, a churn cutoff), the summaries' days, orders and
/// products before it, when every order lies within one day (<see cref="CustomerSummaryTables.CanCut"/>).
/// Otherwise the order lines themselves: a holdout period, a store whose summaries an ingest has outdated and nobody
/// may rebuild. All give the same rows in the same order (CustomerSummaryReaderTests, CustomerInputsTests,
/// CustomerSummaryCutoffTests).
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

    /// <summary>What the store holds now (<see cref="Data.Store.StoreData"/>), its customers counted from the summaries when they are current.</summary>
    public static StoreData StoreData(ClienteleStore store) => Data.Store.StoreData.Read(store, CustomerSummaryTables.IsCurrent(store));

    /// <summary>RFM and behaviour features as of <paramref name="asOf"/> (the day after the last order when null).</summary>
    public static CustomerFeatureSet Features(ClienteleStore store, DateOnly? asOf = null) => SourceFor(store, asOf) switch
    {
        Source.Summaries => CustomerSummaryReader.Features(store, asOf),
        Source.SummariesBefore => CustomerSummaryReader.FeaturesBefore(store, asOf!.Value),
        _ => CustomerFeatureQuery.Compute(store, asOf),
    };

    /// <summary>The BTYD inputs (x, t_x, T, mean repeat value) for a calibration ending at <see cref="SummaryPeriods.CalibrationEnd"/>.</summary>
    public static IReadOnlyList<PurchaseHistory> PurchaseHistories(ClienteleStore store, SummaryPeriods periods)
    {
        ArgumentNullException.ThrowIfNull(periods);
        return (periods.HoldoutEnd is null ? SourceFor(store, periods.CalibrationEnd) : Source.OrderLines) switch
        {
            Source.Summaries => CustomerSummaryReader.PurchaseHistories(store, periods),
            Source.SummariesBefore => CustomerSummaryReader.PurchaseHistoriesBefore(store, periods),
            _ => PurchaseHistoryQuery.Compute(store, periods),
        };
    }

    /// <summary>Where the features and histories as of a day come from.</summary>
    public enum Source
    {
        /// <summary>The current summaries, whole: the day comes after the last line.</summary>
        Summaries,

        /// <summary>The summaries cut at the day (<see cref="CustomerSummaryTables.CanCut"/>): an earlier day, such as a churn cutoff.</summary>
        SummariesBefore,

        /// <summary>The order lines: the summaries are outdated, or cannot be cut at a day.</summary>
        OrderLines,
    }

    /// <summary>The source of the rows as of <paramref name="asOf"/>: the same rows from each (CustomerSummaryCutoffTests).</summary>
    public static Source SourceFor(ClienteleStore store, DateOnly? asOf)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (!CustomerSummaryTables.IsCurrent(store))
        {
            return Source.OrderLines;
        }
        if (AfterLastLine(store, asOf))
        {
            return Source.Summaries;
        }
        return asOf is not null && CustomerSummaryTables.CanCut(store) ? Source.SummariesBefore : Source.OrderLines;
    }

    /// <summary>Every (customer, product, day) with a purchase before <paramref name="asOf"/> (all, when null): the recommenders' interactions.</summary>
    public static IReadOnlyList<PurchaseInteraction> Interactions(ClienteleStore store, DateOnly? asOf = null) =>
        SummariesAnswer(store, asOf) ? CustomerSummaryReader.Interactions(store, asOf) : PurchaseInteractionQuery.Compute(store, asOf);

    /// <summary>
    /// <see cref="Interactions"/> as numbers, read from the summaries when they answer for <paramref name="asOf"/>; null
    /// otherwise (or when the ids' order needs the rows: <see cref="CustomerSummaryReader.InteractionCodes"/>).
    /// </summary>
    public static CodedInteractions? InteractionCodes(ClienteleStore store, DateOnly? asOf = null) =>
        SummariesAnswer(store, asOf) ? CustomerSummaryReader.InteractionCodes(store, asOf) : null;

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
        return current && AfterLastLine(store, asOf);
    }

    private static bool AfterLastLine(ClienteleStore store, DateOnly? asOf)
    {
        var last = store.Scalar<DateTime?>("SELECT max(last_line_at) FROM customer_summaries");
        return last is { } at && (asOf is not { } day || day > DateOnly.FromDateTime(at));
    }
}
