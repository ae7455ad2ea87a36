using Clientele.Core;
using Clientele.Data.Store;
using Clientele.Features.Summaries;

namespace Clientele.Features;

/// <summary>Customers at a cutoff date with their features and whether they then churned.</summary>
/// <param name="Cutoff">The first day not observed by the features; the label window starts on it.</param>
/// <param name="HorizonDays">Length of the label window [Cutoff, Cutoff + HorizonDays).</param>
/// <param name="Customers">One row per customer with a purchase before the cutoff: <see cref="CustomerFeatureQuery"/> as of the cutoff, ordered by customer id.</param>
/// <param name="Churned">Paired with <paramref name="Customers"/> by position: true when the customer made no purchase (a non-return line) in the label window.</param>
/// <param name="CustomersWithoutPurchases">Customers with only return lines before the cutoff (left out, as in <see cref="CustomerFeatureSet"/>).</param>
public sealed record ChurnDataset(
    DateOnly Cutoff,
    int HorizonDays,
    IReadOnlyList<CustomerFeatures> Customers,
    IReadOnlyList<bool> Churned,
    int CustomersWithoutPurchases)
{
    /// <summary>Gets the first day after the label window.</summary>
    public DateOnly LabelEnd => Cutoff.AddDays(HorizonDays);

    /// <summary>Gets the number of customers who churned.</summary>
    public int ChurnedCount => Churned.Count(c => c);

    /// <summary>Gets the share of customers who churned (the base rate).</summary>
    public double ChurnRate => Customers.Count == 0 ? 0.0 : (double)ChurnedCount / Customers.Count;
}

/// <summary>
/// The supervised churn dataset at a cutoff: each customer's features as of the cutoff (orders strictly before it) and
/// the label "churned" = no purchase in the following <c>horizonDays</c> days, [cutoff, cutoff + horizonDays). Returns
/// in the window do not count as purchases. The features come from <see cref="CustomerFeatureQuery"/> (one definition),
/// the labels from one SQL query over the same customers in the same order; both from the summaries cut at the cutoff
/// when they answer for it (<see cref="CustomerSummaryTables.CanCut"/>), with the same rows.
/// </summary>
public static class ChurnDatasetQuery
{
    private const string LabelSql = """
        WITH before AS (
            SELECT DISTINCT customer_id
            FROM order_lines
            WHERE NOT is_return AND ordered_at < $cutoff::TIMESTAMP
        ),
        returned AS (
            SELECT DISTINCT customer_id
            FROM order_lines
            WHERE NOT is_return AND ordered_at >= $cutoff::TIMESTAMP AND ordered_at < $label_end::TIMESTAMP
        )
        SELECT b.customer_id, r.customer_id IS NULL AS churned
        FROM before b LEFT JOIN returned r USING (customer_id)
        ORDER BY b.customer_id COLLATE "C"
        """;

    /// <summary>The same labels from the summaries' days (exact: the cutoff and the window's end are days).</summary>
    private const string LabelFromDaysSql = """
        SELECT customer_id, NOT bool_or(day >= $cutoff::DATE) AS churned
        FROM customer_days
        WHERE purchase_lines > 0 AND day < $label_end::DATE
        GROUP BY customer_id
        HAVING bool_or(day < $cutoff::DATE)
        ORDER BY customer_id COLLATE "C"
        """;

    /// <summary>Computes the dataset.</summary>
    /// <param name="store">The store.</param>
    /// <param name="cutoff">The first day not observed by the features.</param>
    /// <param name="horizonDays">The label window's length in days (1 or more).</param>
    /// <exception cref="ClienteleException">
    /// The store has no orders, the label window runs past the store's last order (the message says which cutoffs and
    /// horizons would work), or no customer has a purchase before the cutoff.
    /// </exception>
    public static ChurnDataset Compute(ClienteleStore store, DateOnly cutoff, int horizonDays)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (horizonDays < 1)
        {
            throw new ClienteleException($"The churn horizon must be at least 1 day, got {horizonDays}.");
        }
        CheckLabelWindow(store, cutoff, horizonDays);
        // The summaries when they can be cut at the cutoff (CustomerInputs), else the order lines: the same rows.
        var fromSummaries = CustomerInputs.SourceFor(store, cutoff) == CustomerInputs.Source.SummariesBefore;
        var features = fromSummaries ? CustomerSummaryReader.FeaturesBefore(store, cutoff) : CustomerFeatureQuery.Compute(store, cutoff);
        return WithLabels(store, features, horizonDays, fromSummaries);
    }

    /// <summary>
    /// The dataset at <paramref name="cutoff"/> and the customers' purchase histories with the calibration ending there
    /// (<see cref="CustomerInputs.PurchaseHistories"/>, in <paramref name="unit"/>): what a churn comparison with a
    /// transaction model reads at its test cutoff. When the summaries can be cut at the cutoff, both come from one read of
    /// the summaries before it (<see cref="CustomerSummaryTables.ReadSummariesBefore"/>) instead of two (a third of the
    /// reading of <c>value</c>'s churn step on a million customers); else each from its own query. The same rows either way.
    /// </summary>
    /// <exception cref="ClienteleException">As <see cref="Compute"/>.</exception>
    public static (ChurnDataset Dataset, IReadOnlyList<PurchaseHistory> Histories) ComputeWithHistories(ClienteleStore store, DateOnly cutoff, int horizonDays, TimeUnit unit)
    {
        ArgumentNullException.ThrowIfNull(store);
        var periods = new SummaryPeriods(cutoff, Unit: unit);
        if (horizonDays < 1 || CustomerInputs.SourceFor(store, cutoff) != CustomerInputs.Source.SummariesBefore)
        {
            return (Compute(store, cutoff, horizonDays), CustomerInputs.PurchaseHistories(store, periods));
        }
        CheckLabelWindow(store, cutoff, horizonDays);
        var summaries = CustomerSummaryTables.ReadSummariesBefore(store, cutoff);
        var customers = new List<CustomerFeatures>(summaries.Count);
        var histories = new List<PurchaseHistory>(summaries.Count);
        foreach (var summary in summaries)
        {
            if (summary.PurchaseOrders > 0)
            {
                customers.Add(Features(summary, cutoff));
            }
            if (summary.ToPurchaseHistory(periods) is { } history)
            {
                histories.Add(history);
            }
        }
        if (customers.Count == 0 || histories.Count == 0)
        {
            // The messages of FeaturesBefore and PurchaseHistoriesBefore.
            throw new ClienteleException($"No customer has a purchase before {cutoff:yyyy-MM-dd} in {store.Path}; choose a later {(customers.Count == 0 ? "--as-of" : "calibration end")}.");
        }
        // Every customer with a day before the cutoff has a summary row; those without a purchase order are left out.
        var features = new CustomerFeatureSet(cutoff, customers, summaries.Count - customers.Count);
        return (WithLabels(store, features, horizonDays, fromSummaries: true), histories);
    }

    /// <summary>
    /// A customer's features at <paramref name="date"/> from their summary before it: the arithmetic of
    /// <see cref="CustomerSummaryReader.FeaturesBefore"/>'s statement on the same columns, in the same order (a decimal's
    /// double is its unscaled integer's over a power of ten in both DuckDB and .NET), so the same values to the bit
    /// (ChurnDatasetQueryTests hold them equal on Online Retail).
    /// </summary>
    private static CustomerFeatures Features(CustomerSummary summary, DateOnly date)
    {
        var first = summary.FirstPurchaseAt!.Value;
        var last = summary.LastPurchaseAt!.Value;
        return new CustomerFeatures(
            CustomerId: summary.CustomerId,
            FirstPurchase: first,
            LastPurchase: last,
            RecencyDays: date.DayNumber - DateOnly.FromDateTime(last).DayNumber,
            Frequency: checked((int)summary.PurchaseOrders),
            Monetary: summary.Purchased - summary.Returned,
            TenureDays: date.DayNumber - DateOnly.FromDateTime(first).DayNumber,
            AverageOrderValue: (decimal)((double)summary.Purchased / summary.PurchaseOrders),
            DistinctProducts: checked((int)summary.DistinctProducts),
            ReturnRate: summary.Purchased > 0 ? (double)summary.Returned / (double)summary.Purchased : 0);
    }

    private static ChurnDataset WithLabels(ClienteleStore store, CustomerFeatureSet features, int horizonDays, bool fromSummaries)
    {
        var cutoff = features.AsOf;
        var labelEnd = cutoff.AddDays(horizonDays);
        var churned = new bool[features.Customers.Count];
        var i = 0;
        using (var command = store.Command(
            fromSummaries ? LabelFromDaysSql : LabelSql,
            ("cutoff", cutoff.ToDateTime(TimeOnly.MinValue)),
            ("label_end", labelEnd.ToDateTime(TimeOnly.MinValue))))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                // Both queries select the customers with a purchase before the cutoff, ordered by id: a mismatch is a bug.
                if (i >= churned.Length || reader.GetString(0) != features.Customers[i].CustomerId)
                {
                    throw new InvalidOperationException($"The churn labels and the features disagree on customer {i} ({reader.GetString(0)}).");
                }
                churned[i++] = reader.GetBoolean(1);
            }
        }
        if (i != churned.Length)
        {
            throw new InvalidOperationException($"The churn labels cover {i} customers, the features {churned.Length}.");
        }
        return new ChurnDataset(cutoff, horizonDays, features.Customers, churned, features.CustomersWithoutPurchases);
    }

    private static void CheckLabelWindow(ClienteleStore store, DateOnly cutoff, int horizonDays)
    {
        DateTime? first = null, last = null;
        using (var command = store.Command("SELECT min(ordered_at), max(ordered_at) FROM order_lines"))
        using (var reader = command.ExecuteReader())
        {
            if (reader.Read() && !reader.IsDBNull(0))
            {
                first = reader.GetDateTime(0);
                last = reader.GetDateTime(1);
            }
        }
        if (first is null || last is null)
        {
            throw new ClienteleException($"The store {store.Path} has no orders yet. Ingest some with: clientele ingest orders FILE --store {store.Path}");
        }
        var firstDay = DateOnly.FromDateTime(first.Value);
        var lastDay = DateOnly.FromDateTime(last.Value);
        var windowLastDay = cutoff.AddDays(horizonDays - 1);
        if (lastDay < windowLastDay)
        {
            var latestCutoff = lastDay.AddDays(1 - horizonDays);
            var longest = lastDay.DayNumber - cutoff.DayNumber + 1;
            var shorter = longest >= 1 ? $", or a horizon of at most {longest} days with this cutoff" : string.Empty;
            throw new ClienteleException(
                $"A {horizonDays}-day churn label from {cutoff:yyyy-MM-dd} needs orders up to {windowLastDay:yyyy-MM-dd}, but the store's orders end on {lastDay:yyyy-MM-dd}: "
                + $"the label window would be incomplete. Choose a cutoff after {firstDay:yyyy-MM-dd} and on or before {latestCutoff:yyyy-MM-dd}{shorter}.");
        }
    }
}
