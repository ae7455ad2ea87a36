using Clientele.Core;
using Clientele.Data.Store;

namespace Clientele.Features.Summaries;

/// <summary>
/// Features and purchase histories at an as-of date, read from <c>customer_summaries</c> instead of the order lines:
/// the same rows as <see cref="CustomerFeatureQuery"/> and <see cref="PurchaseHistoryQuery"/> give, for any as-of after
/// the last summarised order (the summaries hold every line, so an earlier as-of needs the order lines).
/// </summary>
public static class CustomerSummaryReader
{
    private static readonly string FeaturesSql = FeaturesStatement("customer_summaries", "");

    /// <summary>The features' statement over the summaries before <c>$cutoff</c> (<see cref="CustomerSummaryTables.ReadSummariesBefore"/>).</summary>
    private static readonly string FeaturesBeforeSql = CustomerSummaryTables.SummariesBeforeCte + FeaturesStatement("summaries_before", "");

    /// <summary>The features' statement for the one customer <c>$customer</c> (the live profile).</summary>
    private static readonly string OneCustomerFeaturesSql = FeaturesStatement("customer_summaries", "AND customer_id = $customer");

    /// <summary>The arithmetic of the features on the summaries' columns: the one place it is written.</summary>
    private static string FeaturesStatement(string summaries, string filter) => $"""
        SELECT customer_id, first_purchase_at, last_purchase_at, purchase_orders,
               purchased - returned,
               CAST(purchased AS DOUBLE PRECISION) / purchase_orders,
               distinct_products,
               CASE WHEN purchased > 0 THEN CAST(returned AS DOUBLE PRECISION) / CAST(purchased AS DOUBLE PRECISION) ELSE 0 END
        FROM {summaries}
        WHERE purchase_orders > 0 {filter}
        ORDER BY customer_id COLLATE "C"
        """;

    /// <summary>The default as-of date: the day after the last summarised order line.</summary>
    public static DateOnly DefaultAsOf(ClienteleStore store) => DateOnly.FromDateTime(LastLine(store)).AddDays(1);

    /// <summary>RFM and behaviour features as <see cref="CustomerFeatureQuery.Compute"/> defines them (its SQL's arithmetic on the summaries' columns).</summary>
    public static CustomerFeatureSet Features(ClienteleStore store, DateOnly? asOf = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        var date = CheckAsOf(store, asOf);
        using var command = store.Command(FeaturesSql);
        return ReadFeatures(store, date, command, () => store.Scalar<int>("SELECT count(*) FROM customer_summaries"));
    }

    /// <summary>
    /// RFM and behaviour features as of a day on or before the last summarised line (a churn cutoff), from the summaries
    /// before it: the rows <see cref="CustomerFeatureQuery.Compute"/> gives. Only when
    /// <see cref="CustomerSummaryTables.CanCut"/>.
    /// </summary>
    public static CustomerFeatureSet FeaturesBefore(ClienteleStore store, DateOnly cutoff) => FeaturesBeforeWhere(store, cutoff, keep: null);

    /// <summary>As <see cref="FeaturesBefore"/>, keeping only the rows <paramref name="keep"/> accepts (asked of every row, in order).</summary>
    internal static CustomerFeatureSet FeaturesBeforeWhere(ClienteleStore store, DateOnly cutoff, Func<string, bool>? keep)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var command = store.Command(FeaturesBeforeSql, Cutoff(cutoff));
        return ReadFeatures(store, cutoff, command, () => CustomersBefore(store, cutoff), keep);
    }

    /// <summary>
    /// As <see cref="FeaturesBefore"/>, the rows of the customers in <paramref name="onlyTable"/> alone (each with a
    /// purchase before the cutoff), grouped from their summaries only; the customers without a purchase are still
    /// counted over everyone (<paramref name="purchasers"/>, the customers with one).
    /// </summary>
    internal static CustomerFeatureSet FeaturesBeforeOf(ClienteleStore store, DateOnly cutoff, string onlyTable, int purchasers)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var command = store.Command(CustomerSummaryTables.SummariesBeforeCteOf(onlyTable) + FeaturesStatement("summaries_before", ""), Cutoff(cutoff));
        var features = ReadFeatures(store, cutoff, command, () => 0);
        return features with { CustomersWithoutPurchases = CustomersBefore(store, cutoff) - purchasers };
    }

    /// <summary>The customers with an order line (a purchase or a return) before the cutoff.</summary>
    internal static int CustomersBefore(ClienteleStore store, DateOnly cutoff) =>
        store.Scalar<int>("SELECT count(DISTINCT customer_id) FROM customer_days WHERE day < $cutoff::DATE", Cutoff(cutoff));

    private static (string, object?) Cutoff(DateOnly cutoff) => ("cutoff", cutoff.ToDateTime(TimeOnly.MinValue));

    /// <summary>
    /// One customer's features at <paramref name="asOf"/> (after the customer's last line), as <see cref="Features"/>
    /// gives them; null when the customer has no purchase. The live profile's read.
    /// </summary>
    public static CustomerFeatures? FeaturesOf(ClienteleStore store, string customerId, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var command = store.Command(OneCustomerFeaturesSql, ("customer", customerId));
        using var reader = command.ExecuteReader();
        return reader.Read() ? FeatureRow(reader, asOf) : null;
    }

    private static CustomerFeatures FeatureRow(System.Data.Common.DbDataReader reader, DateOnly date)
    {
        var first = reader.GetDateTime(1);
        var last = reader.GetDateTime(2);
        return new CustomerFeatures(
            CustomerId: reader.GetString(0),
            FirstPurchase: first,
            LastPurchase: last,
            RecencyDays: DaysBetween(DateOnly.FromDateTime(last), date),
            Frequency: checked((int)reader.GetInt64(3)),
            Monetary: reader.GetDecimal(4),
            TenureDays: DaysBetween(DateOnly.FromDateTime(first), date),
            AverageOrderValue: (decimal)reader.GetDouble(5),
            DistinctProducts: checked((int)reader.GetInt64(6)),
            ReturnRate: reader.GetDouble(7));
    }

    private static CustomerFeatureSet ReadFeatures(ClienteleStore store, DateOnly date, System.Data.Common.DbCommand command, Func<int> seenCustomers, Func<string, bool>? keep = null)
    {
        var customers = new List<CustomerFeatures>();
        var read = 0;
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                read++;
                if (keep?.Invoke(reader.GetString(0)) ?? true)
                {
                    customers.Add(FeatureRow(reader, date));
                }
            }
        }
        if (read == 0)
        {
            throw new ClienteleException($"No customer has a purchase before {date:yyyy-MM-dd} in {store.Path}; choose a later --as-of.");
        }
        return new CustomerFeatureSet(date, customers, seenCustomers() - read);
    }

    /// <summary>
    /// (x, t_x, T, mean repeat value) as <see cref="PurchaseHistoryQuery.Compute"/> defines them, with the calibration
    /// ending at <see cref="SummaryPeriods.CalibrationEnd"/> (<see cref="CustomerSummary.ToPurchaseHistory"/> of each
    /// summary). The summaries keep no holdout split: a holdout needs the query.
    /// </summary>
    public static IReadOnlyList<PurchaseHistory> PurchaseHistories(ClienteleStore store, SummaryPeriods periods)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(periods);
        if (periods.HoldoutEnd is not null)
        {
            throw new ClienteleException("The customer summaries hold every order line, so they cannot split off a holdout period; a holdout is computed from the order lines.");
        }
        CheckAsOf(store, periods.CalibrationEnd);
        return Histories(store, CustomerSummaryTables.ReadSummaries(store), periods);
    }

    private static List<PurchaseHistory> Histories(ClienteleStore store, IReadOnlyList<CustomerSummary> summaries, SummaryPeriods periods)
    {
        var result = new List<PurchaseHistory>(summaries.Count);
        foreach (var summary in summaries)
        {
            if (summary.ToPurchaseHistory(periods) is { } history)
            {
                result.Add(history);
            }
        }
        if (result.Count == 0)
        {
            throw new ClienteleException($"No customer has a purchase before {periods.CalibrationEnd:yyyy-MM-dd} in {store.Path}; choose a later calibration end.");
        }
        return result;
    }

    /// <summary>
    /// (x, t_x, T, mean repeat value) with the calibration ending on or before the last summarised line (a churn
    /// cutoff), from the summaries before it: the rows <see cref="PurchaseHistoryQuery.Compute"/> gives without a
    /// holdout. Only when <see cref="CustomerSummaryTables.CanCut"/>.
    /// </summary>
    public static IReadOnlyList<PurchaseHistory> PurchaseHistoriesBefore(ClienteleStore store, SummaryPeriods periods)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(periods);
        if (periods.HoldoutEnd is not null)
        {
            throw new ClienteleException("The customer summaries before a cutoff keep no holdout split; a holdout is computed from the order lines.");
        }
        return Histories(store, CustomerSummaryTables.ReadSummariesBefore(store, periods.CalibrationEnd), periods);
    }

    /// <summary>
    /// Every (customer, product, day) with a purchase, as <see cref="PurchaseInteractionQuery.Compute"/> gives them, from
    /// <c>customer_product_days</c>; <paramref name="asOf"/>, when given, must be after the last summarised line.
    /// </summary>
    public static IReadOnlyList<PurchaseInteraction> Interactions(ClienteleStore store, DateOnly? asOf = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (asOf is not null)
        {
            CheckAsOf(store, asOf);
        }
        using var command = store.Command("""
            SELECT customer_id, product_id, purchase_lines, day
            FROM customer_product_days
            WHERE purchase_lines > 0
            ORDER BY customer_id COLLATE "C", product_id COLLATE "C", day
            """);
        using var reader = command.ExecuteReader();
        var result = new List<PurchaseInteraction>();
        while (reader.Read())
        {
            result.Add(new PurchaseInteraction(reader.GetString(0), reader.GetString(1), checked((int)reader.GetInt64(2)), DateOnly.FromDateTime(reader.GetDateTime(3))));
        }
        return result;
    }

    /// <summary>
    /// <see cref="Interactions"/> as numbers (<see cref="CodedInteractions"/>): the ids come once each, numbered by the
    /// store in byte order, and only numbers per pair are read. Null when the store's byte order of the ids is not
    /// .NET's ordinal order (ids with characters beyond U+FFFF beside ones from U+E000): read the rows then.
    /// </summary>
    public static CodedInteractions? InteractionCodes(ClienteleStore store, DateOnly? asOf = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (asOf is not null)
        {
            CheckAsOf(store, asOf);
        }
        var customers = DistinctPurchased(store, "customer_id");
        var products = DistinctPurchased(store, "product_id");
        if (!InOrdinalOrder(customers) || !InOrdinalOrder(products))
        {
            return null;
        }
        using var command = store.Command($"""
            WITH c AS ({Numbered("customer_id")}), p AS ({Numbered("product_id")})
            SELECT CAST(c.n AS INTEGER), CAST(p.n AS INTEGER), count(*)
            FROM customer_product_days AS d
            JOIN c ON c.customer_id = d.customer_id
            JOIN p ON p.product_id = d.product_id
            WHERE d.purchase_lines > 0
            GROUP BY c.n, p.n
            """);
        using var reader = command.ExecuteReader();
        var pairs = new List<(int User, int Item, float Weight)>();
        long rows = 0;
        while (reader.Read())
        {
            var days = reader.GetInt64(2);
            pairs.Add((reader.GetInt32(0), reader.GetInt32(1), days));
            rows += days;
        }
        return new CodedInteractions(customers, products, [.. pairs], rows);
    }

    /// <summary>The ids of <paramref name="column"/> with a purchase interaction, in the order <see cref="Numbered"/> numbers them.</summary>
    private static string[] DistinctPurchased(ClienteleStore store, string column)
    {
        using var command = store.Command($"SELECT {column} FROM ({Numbered(column)}) AS numbered ORDER BY n");
        using var reader = command.ExecuteReader();
        var ids = new List<string>();
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
        }
        return [.. ids];
    }

    /// <summary>The ids of <paramref name="column"/> with a purchase interaction, numbered from 0 in the store's byte order.</summary>
    private static string Numbered(string column) =>
        $"SELECT {column}, row_number() OVER (ORDER BY {column} COLLATE \"C\") - 1 AS n FROM (SELECT DISTINCT {column} FROM customer_product_days WHERE purchase_lines > 0) AS ids";

    private static bool InOrdinalOrder(string[] ids)
    {
        for (var n = 1; n < ids.Length; n++)
        {
            if (string.CompareOrdinal(ids[n - 1], ids[n]) >= 0)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// Net quantity and spend per customer and product with a positive net spend, as <see cref="CustomerTextQuery.Spend"/>
    /// gives them, from <c>customer_products</c>; <paramref name="asOf"/>, when given, must be after the last summarised line.
    /// </summary>
    public static IReadOnlyList<CustomerProductSpend> Spend(ClienteleStore store, DateOnly? asOf = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (asOf is not null)
        {
            CheckAsOf(store, asOf);
        }
        using var command = store.Command("""
            SELECT customer_id, product_id, quantity - returned_quantity, CAST(purchased - returned AS DOUBLE PRECISION)
            FROM customer_products
            WHERE purchased - returned > 0
            ORDER BY customer_id COLLATE "C", product_id COLLATE "C"
            """);
        return CustomerTextQuery.ReadSpend(command);
    }

    /// <summary>The purchase lines and how many of them carry a product id, as <see cref="PurchaseInteractionQuery.CountLines"/> gives them.</summary>
    public static (long Lines, long WithProduct) CountPurchaseLines(ClienteleStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var command = store.Command("""
            SELECT CAST(coalesce((SELECT sum(purchase_lines) FROM customer_summaries), 0) AS BIGINT),
                   CAST(coalesce((SELECT sum(purchase_lines) FROM customer_product_days), 0) AS BIGINT)
            """);
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private static DateOnly CheckAsOf(ClienteleStore store, DateOnly? asOf)
    {
        var lastDay = DateOnly.FromDateTime(LastLine(store));
        var date = asOf ?? lastDay.AddDays(1);
        if (date <= lastDay)
        {
            throw new ClienteleException(
                $"The customer summaries in {store.Path} hold orders up to {lastDay:yyyy-MM-dd}; an as-of of {date:yyyy-MM-dd} would leave some of them out, so it is computed from the order lines instead (use an as-of after {lastDay:yyyy-MM-dd}).");
        }
        return date;
    }

    private static DateTime LastLine(ClienteleStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.Scalar<DateTime?>("SELECT max(last_line_at) FROM customer_summaries")
            ?? throw new ClienteleException($"The store {store.Path} has no customer summaries yet: ingest orders, then build them (clientele refresh).");
    }

    private static int DaysBetween(DateOnly from, DateOnly to) => to.DayNumber - from.DayNumber;
}
