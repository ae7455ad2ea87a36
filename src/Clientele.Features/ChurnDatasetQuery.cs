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
