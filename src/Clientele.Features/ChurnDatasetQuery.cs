using Clientele.Core;
using Clientele.Data.Store;
using Clientele.Features.Summaries;

namespace Clientele.Features;

/// <summary>Customers at a cutoff date with their features and whether they then churned.</summary>
/// <param name="Cutoff">The first day not observed by the features; the label window starts on it.</param>
/// <param name="HorizonDays">Length of the label window [Cutoff, Cutoff + HorizonDays).</param>
/// <param name="Customers">
/// One row per customer with a purchase before the cutoff (<see cref="CustomerFeatureQuery"/> as of the cutoff, ordered by
/// customer id), or the rows of a sample of them (<see cref="Population"/>).
/// </param>
/// <param name="Churned">Paired with <paramref name="Customers"/> by position: true when the customer made no purchase (a non-return line) in the label window.</param>
/// <param name="CustomersWithoutPurchases">Customers with only return lines before the cutoff (left out, as in <see cref="CustomerFeatureSet"/>).</param>
public sealed record ChurnDataset(
    DateOnly Cutoff,
    int HorizonDays,
    IReadOnlyList<CustomerFeatures> Customers,
    IReadOnlyList<bool> Churned,
    int CustomersWithoutPurchases)
{
    /// <summary>Gets the customers with a purchase before the cutoff: as many as <see cref="Customers"/>, or more when those are a sample.</summary>
    public int Population { get; init; } = Customers.Count;

    /// <summary>Gets how many of the <see cref="Population"/> churned.</summary>
    public int PopulationChurned { get; init; } = Churned.Count(c => c);

    /// <summary>Gets whether <see cref="Customers"/> are a sample of the <see cref="Population"/>.</summary>
    public bool IsSample => Customers.Count < Population;

    /// <summary>Gets the first day after the label window.</summary>
    public DateOnly LabelEnd => Cutoff.AddDays(HorizonDays);

    /// <summary>Gets the number of <see cref="Customers"/> who churned.</summary>
    public int ChurnedCount => Churned.Count(c => c);

    /// <summary>Gets the share of the <see cref="Population"/> that churned (the base rate), a sample's or not.</summary>
    public double ChurnRate => Population == 0 ? 0.0 : (double)PopulationChurned / Population;
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
    /// <summary>The temporary table of a sample's customer ids, whose summaries alone are read (<see cref="CustomerIdTable"/>).</summary>
    private const string SampleTable = "churn_sample_customers";

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
    /// <param name="sample">
    /// Given every customer's label (in customer id order), the positions of the rows to keep, ascending: only their
    /// features are read into memory, and the dataset is their sample of the <see cref="ChurnDataset.Population"/>. Null
    /// keeps every row.
    /// </param>
    /// <exception cref="ClienteleException">
    /// The store has no orders, the label window runs past the store's last order (the message says which cutoffs and
    /// horizons would work), or no customer has a purchase before the cutoff.
    /// </exception>
    public static ChurnDataset Compute(ClienteleStore store, DateOnly cutoff, int horizonDays, Func<IReadOnlyList<bool>, int[]>? sample = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (horizonDays < 1)
        {
            throw new ClienteleException($"The churn horizon must be at least 1 day, got {horizonDays}.");
        }
        CheckLabelWindow(store, cutoff, horizonDays);
        // The summaries when they can be cut at the cutoff (CustomerInputs), else the order lines: the same rows.
        var fromSummaries = CustomerInputs.SourceFor(store, cutoff) == CustomerInputs.Source.SummariesBefore;
        var labels = Labels.Read(store, cutoff, horizonDays, fromSummaries, sample);
        if (fromSummaries && labels.KeptIds is { } kept)
        {
            // A sample's features from its own customers' summaries, not everyone's grouped and then mostly dropped.
            using var only = CustomerIdTable.Write(store, SampleTable, kept);
            var sampled = CustomerSummaryReader.FeaturesBeforeOf(store, cutoff, only.Name, labels.Population);
            foreach (var customer in sampled.Customers)
            {
                labels.NextKept(customer.CustomerId);
            }
            return labels.Dataset(sampled, horizonDays);
        }
        var features = fromSummaries ? CustomerSummaryReader.FeaturesBeforeWhere(store, cutoff, labels.Keep) : CustomerFeatureQuery.ComputeWhere(store, cutoff, labels.Keep);
        return labels.Dataset(features, horizonDays);
    }

    /// <summary>
    /// The dataset at <paramref name="cutoff"/> and the customers' purchase histories with the calibration ending there
    /// (<see cref="CustomerInputs.PurchaseHistories"/>, in <paramref name="unit"/>): what a churn comparison with a
    /// transaction model reads at its test cutoff. When the summaries can be cut at the cutoff, both come from one read of
    /// the summaries before it (<see cref="CustomerSummaryTables.ReadSummariesBefore"/>, a row at a time) instead of two (a
    /// third of the reading of <c>value</c>'s churn step on a million customers); else each from its own query. The same
    /// rows either way. The features of the <paramref name="sample"/>'s rows alone (as <see cref="Compute"/>), and the
    /// histories of the same customers: every customer's when there is no sample, the sample's when there is (the
    /// transaction model of the comparison is then fitted on the sample, an estimate that a sample serves).
    /// </summary>
    /// <exception cref="ClienteleException">As <see cref="Compute"/>.</exception>
    public static (ChurnDataset Dataset, IReadOnlyList<PurchaseHistory> Histories) ComputeWithHistories(
        ClienteleStore store, DateOnly cutoff, int horizonDays, TimeUnit unit, Func<IReadOnlyList<bool>, int[]>? sample = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        var periods = new SummaryPeriods(cutoff, Unit: unit);
        if (horizonDays < 1 || CustomerInputs.SourceFor(store, cutoff) != CustomerInputs.Source.SummariesBefore)
        {
            var dataset = Compute(store, cutoff, horizonDays, sample);
            var everyone = CustomerInputs.PurchaseHistories(store, periods);
            if (!dataset.IsSample)
            {
                return (dataset, everyone);
            }
            var sampled = dataset.Customers.Select(c => c.CustomerId).ToHashSet(StringComparer.Ordinal);
            return (dataset, [.. everyone.Where(h => sampled.Contains(h.CustomerId))]);
        }
        CheckLabelWindow(store, cutoff, horizonDays);
        var labels = Labels.Read(store, cutoff, horizonDays, fromSummaries: true, sample);
        var customers = new List<CustomerFeatures>();
        var histories = new List<PurchaseHistory>();
        int summaries = 0, purchasers = 0;
        if (labels.KeptIds is { } keptIds)
        {
            // The sample's summaries alone (as Compute): each is a kept customer with a purchase before the cutoff; the
            // customers without one are counted over everyone.
            using var only = CustomerIdTable.Write(store, SampleTable, keptIds);
            foreach (var summary in CustomerSummaryTables.SummariesBefore(store, cutoff, only.Name))
            {
                labels.NextKept(summary.CustomerId);
                customers.Add(Features(summary, cutoff));
                if (summary.ToPurchaseHistory(periods) is { } history)
                {
                    histories.Add(history);
                }
            }
            purchasers = labels.Population;
            summaries = CustomerSummaryReader.CustomersBefore(store, cutoff);
        }
        else
        {
            foreach (var summary in CustomerSummaryTables.SummariesBefore(store, cutoff))
            {
                summaries++;
                var kept = false;
                if (summary.PurchaseOrders > 0)
                {
                    purchasers++;
                    if (kept = labels.Keep(summary.CustomerId))
                    {
                        customers.Add(Features(summary, cutoff));
                    }
                }
                if ((kept || !labels.Sampled) && summary.ToPurchaseHistory(periods) is { } history)
                {
                    histories.Add(history);
                }
            }
        }
        if (purchasers == 0 || histories.Count == 0)
        {
            // The messages of FeaturesBefore and PurchaseHistoriesBefore.
            throw new ClienteleException($"No customer has a purchase before {cutoff:yyyy-MM-dd} in {store.Path}; choose a later {(purchasers == 0 ? "--as-of" : "calibration end")}.");
        }
        // Every customer with a day before the cutoff has a summary row; those without a purchase order are left out.
        var features = new CustomerFeatureSet(cutoff, customers, summaries - purchasers);
        return (labels.Dataset(features, horizonDays), histories);
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

    /// <summary>
    /// Every customer's label at a cutoff (a customer with a purchase before it, in id order), the rows a sample keeps of
    /// them, and the check that the features' rows, read after, are the labels' customers in the same order.
    /// </summary>
    private sealed class Labels
    {
        private readonly bool[] _churned;
        // A hash of each row's customer id, enough to tell a misaligned row without holding every id.
        private readonly int[] _ids;
        private readonly int[]? _kept;
        private int _row;
        private int _next;

        private Labels(bool[] churned, int[] ids, int[]? kept, string[]? keptIds)
        {
            _churned = churned;
            _ids = ids;
            _kept = kept;
            KeptIds = keptIds;
        }

        public static Labels Read(ClienteleStore store, DateOnly cutoff, int horizonDays, bool fromSummaries, Func<IReadOnlyList<bool>, int[]>? sample)
        {
            var churned = new List<bool>();
            var ids = new List<string>();
            using (var command = store.Command(
                fromSummaries ? LabelFromDaysSql : LabelSql,
                ("cutoff", cutoff.ToDateTime(TimeOnly.MinValue)),
                ("label_end", cutoff.AddDays(horizonDays).ToDateTime(TimeOnly.MinValue))))
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    ids.Add(reader.GetString(0));
                    churned.Add(reader.GetBoolean(1));
                }
            }
            var labels = churned.ToArray();
            var kept = sample?.Invoke(labels);
            for (var i = 0; kept is not null && i < kept.Length; i++)
            {
                if (kept[i] < 0 || kept[i] >= labels.Length || (i > 0 && kept[i] <= kept[i - 1]))
                {
                    throw new ArgumentException($"A sample of {labels.Length} rows must give ascending positions within them; position {i} is {kept[i]}.", nameof(sample));
                }
            }
            // The sample's ids, when it leaves some customers out: their features can then be read alone.
            var keptIds = kept is not null && kept.Length < labels.Length && kept.Length > 0 ? kept.Select(i => ids[i]).ToArray() : null;
            return new Labels(labels, [.. ids.Select(Hash)], kept, keptIds);
        }

        /// <summary>Whether a sample was drawn (else every row is kept).</summary>
        public bool Sampled => _kept is not null;

        /// <summary>The kept customers' ids in order, when a sample leaves some out; else null.</summary>
        public string[]? KeptIds { get; }

        /// <summary>The customers with a purchase before the cutoff.</summary>
        public int Population => _churned.Length;

        /// <summary>
        /// A feature row read for the sample alone (of <paramref name="customerId"/>): it must be the next kept
        /// customer's. Used instead of <see cref="Keep"/>, which sees every customer's row.
        /// </summary>
        public void NextKept(string customerId)
        {
            if (KeptIds is null || _next >= KeptIds.Length || KeptIds[_next] != customerId)
            {
                throw new InvalidOperationException($"The churn sample and its features disagree on kept customer {_next} ({customerId}).");
            }
            _next++;
        }

        /// <summary>Whether the next feature row (of <paramref name="customerId"/>) is one to keep.</summary>
        public bool Keep(string customerId)
        {
            // Both queries select the customers with a purchase before the cutoff, ordered by id: a mismatch is a bug.
            if (_row >= _ids.Length || _ids[_row] != Hash(customerId))
            {
                throw new InvalidOperationException($"The churn labels and the features disagree on customer {_row} ({customerId}).");
            }
            var keep = _kept is null || (_next < _kept.Length && _kept[_next] == _row);
            if (keep && _kept is not null)
            {
                _next++;
            }
            _row++;
            return keep;
        }

        /// <summary>The kept features with their labels, once every feature row has been through <see cref="Keep"/>.</summary>
        public ChurnDataset Dataset(CustomerFeatureSet features, int horizonDays)
        {
            // Every customer's row through Keep, or (read for the sample alone) every kept customer's through NextKept.
            var sampleAlone = _row == 0 && KeptIds is not null;
            if (sampleAlone ? _next != KeptIds!.Length : _row != _ids.Length)
            {
                throw new InvalidOperationException(sampleAlone
                    ? $"The churn sample holds {KeptIds!.Length} customers, its features {_next}."
                    : $"The churn labels cover {_ids.Length} customers, the features {_row}.");
            }
            var churned = _kept is null ? _churned : [.. _kept.Select(i => _churned[i])];
            return new ChurnDataset(features.AsOf, horizonDays, features.Customers, churned, features.CustomersWithoutPurchases)
            {
                Population = _churned.Length,
                PopulationChurned = _churned.Count(c => c),
            };
        }

        private static int Hash(string customerId) => StringComparer.Ordinal.GetHashCode(customerId);
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
