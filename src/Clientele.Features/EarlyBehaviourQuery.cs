using Clientele.Core;
using Clientele.Data.Store;
using Clientele.Features.Summaries;

namespace Clientele.Features;

/// <summary>
/// A customer's behaviour in their first days, counted from the day of their first purchase (that day is day 1).
/// Values are purchase values (quantity × unit price of purchase lines) unless named otherwise.
/// </summary>
/// <param name="FirstPurchaseDay">The day of the first purchase (a non-return line).</param>
/// <param name="Orders">Distinct purchase orders in the first days.</param>
/// <param name="Spend">Purchase value in the first days (returns not netted).</param>
/// <param name="DistinctProducts">Distinct products bought in the first days.</param>
/// <param name="Lines">Purchase lines in the first days.</param>
/// <param name="ReturnValue">Value of return lines in the first days, as a positive amount.</param>
/// <param name="ActiveDays">Distinct days with a purchase in the first days.</param>
/// <param name="MeanOrderValue">Spend / Orders.</param>
/// <param name="FirstOrderValue">Purchase value of the first order (the earliest; ties by order id).</param>
/// <param name="FutureValue">Purchase value in the horizon that follows the first days; null when the horizon is not over yet (customers to score).</param>
/// <param name="FutureOrders">Distinct purchase orders in that horizon; null with <paramref name="FutureValue"/>.</param>
public sealed record EarlyBehaviour(
    string CustomerId,
    DateOnly FirstPurchaseDay,
    int Orders,
    decimal Spend,
    int DistinctProducts,
    int Lines,
    decimal ReturnValue,
    int ActiveDays,
    decimal MeanOrderValue,
    decimal FirstOrderValue,
    decimal? FutureValue,
    int? FutureOrders)
{
    /// <summary>The names of the columns of <see cref="EarlyBehaviourSet.ToFeatureMatrix"/>, in order.</summary>
    public static IReadOnlyList<string> FeatureNames { get; } =
        ["orders", "spend", "distinct_products", "lines", "return_value", "active_days", "mean_order_value", "first_order_value"];
}

/// <summary>The customers an early-behaviour query selected.</summary>
/// <param name="AsOf">The first day not observed.</param>
/// <param name="FirstDays">The length of the early-behaviour window, in days from the first purchase day.</param>
/// <param name="HorizonDays">The length of the window after it whose value is the label.</param>
/// <param name="Customers">One row per selected customer, ordered by id.</param>
public sealed record EarlyBehaviourSet(DateOnly AsOf, int FirstDays, int HorizonDays, IReadOnlyList<EarlyBehaviour> Customers)
{
    /// <summary>The features as a matrix with the columns <see cref="EarlyBehaviour.FeatureNames"/>, one row per customer (for the value-class model).</summary>
    public FeatureMatrix ToFeatureMatrix()
    {
        var columns = EarlyBehaviour.FeatureNames.Count;
        var values = new double[Customers.Count * columns];
        for (var i = 0; i < Customers.Count; i++)
        {
            var c = Customers[i];
            var row = values.AsSpan(i * columns, columns);
            row[0] = c.Orders;
            row[1] = (double)c.Spend;
            row[2] = c.DistinctProducts;
            row[3] = c.Lines;
            row[4] = (double)c.ReturnValue;
            row[5] = c.ActiveDays;
            row[6] = (double)c.MeanOrderValue;
            row[7] = (double)c.FirstOrderValue;
        }
        return new FeatureMatrix(values, Customers.Count, columns, EarlyBehaviour.FeatureNames);
    }

    /// <summary>Each customer's <see cref="EarlyBehaviour.FutureValue"/>, paired with the rows of <see cref="ToFeatureMatrix"/>.</summary>
    /// <exception cref="InvalidOperationException">The set is for scoring: the customers' horizons are not over.</exception>
    public double[] ToFutureValues() => Customers
        .Select(c => c.FutureValue is { } v ? (double)v : throw new InvalidOperationException($"Customer {c.CustomerId} has no future value yet: this set is for scoring, not training."))
        .ToArray();
}

/// <summary>
/// Early behaviour of new customers, for the value-class model, computed in the store: what each customer did in the first
/// <c>firstDays</c> days from their first purchase day, [first, first + firstDays), and the purchase value in the
/// following <c>horizonDays</c> days, [first + firstDays, first + firstDays + horizonDays). Only lines before the as-of
/// date count. <see cref="Compute(ClienteleStore, int, int, DateOnly)"/> selects the customers whose both windows are over by the as-of date (training);
/// <see cref="ComputeForScoring"/> those whose first window is over but not their horizon (to predict).
/// </summary>
public static class EarlyBehaviourQuery
{
    private const string Sql = """
        WITH lines AS (
            SELECT customer_id, order_id, product_id, ordered_at, CAST(ordered_at AS DATE) AS day, amount, is_return
            FROM order_lines
            WHERE ordered_at < $as_of::TIMESTAMP
        ),
        cohort AS (
            SELECT customer_id, min(day) AS first_day
            FROM lines
            WHERE NOT is_return
            GROUP BY customer_id
            HAVING min(day) >= $first_from::DATE AND min(day) <= $first_to::DATE
        ),
        windowed AS (
            SELECT l.*, c.first_day,
                   l.day < c.first_day + $first_days AS early,
                   l.day >= c.first_day + $first_days AND l.day < c.first_day + $first_days + $horizon_days AS future
            FROM lines l JOIN cohort c USING (customer_id)
            WHERE l.day >= c.first_day
        ),
        early_orders AS (
            SELECT customer_id, order_id, min(ordered_at) AS ordered_at, sum(amount) AS value
            FROM windowed
            WHERE early AND NOT is_return
            GROUP BY customer_id, order_id
        ),
        order_stats AS (
            SELECT customer_id, count(*) AS orders, (array_agg(value ORDER BY ordered_at, order_id COLLATE "C"))[1] AS first_order_value
            FROM early_orders
            GROUP BY customer_id
        ),
        line_stats AS (
            SELECT customer_id,
                   sum(amount) FILTER (WHERE early AND NOT is_return)                  AS spend,
                   count(DISTINCT product_id) FILTER (WHERE early AND NOT is_return)   AS distinct_products,
                   count(*) FILTER (WHERE early AND NOT is_return)                     AS lines,
                   coalesce(-sum(amount) FILTER (WHERE early AND is_return), 0)        AS return_value,
                   count(DISTINCT day) FILTER (WHERE early AND NOT is_return)          AS active_days,
                   coalesce(sum(amount) FILTER (WHERE future AND NOT is_return), 0)    AS future_value,
                   count(DISTINCT order_id) FILTER (WHERE future AND NOT is_return)    AS future_orders
            FROM windowed
            GROUP BY customer_id
        )
        SELECT c.customer_id, c.first_day, o.orders, l.spend, l.distinct_products, l.lines, l.return_value, l.active_days,
               CAST(l.spend AS DOUBLE PRECISION) / o.orders AS mean_order_value, o.first_order_value, l.future_value, l.future_orders
        FROM cohort c
        JOIN order_stats o USING (customer_id)
        JOIN line_stats l USING (customer_id)
        ORDER BY c.customer_id COLLATE "C"
        """;

    /// <summary>
    /// The same rows from the summaries: customer-day rows for the values, lines and days, customer-order rows for the
    /// orders, customer-product-day rows for the products; a few rows per customer instead of every line (on a million customers 30 s → 12 s under a load of 7).
    /// The first order comes from a window, not an ordered <c>array_agg</c> as in <see cref="Sql"/>: DuckDB sorted each
    /// customer's orders for that, 26 of the query's 29 CPU seconds. Exact when the summaries are current and every order is of one day with purchase lines
    /// only or return lines only (<see cref="FromSummaries"/>): an order's day is then its first line's, and its first
    /// line is its first purchase line.
    /// </summary>
    private static readonly string SummariesSql = SummariesStatement("");

    /// <summary>The statement over the summaries, its cohort's days restricted by <paramref name="cohortFilter"/> (SQL after <c>purchase_lines &gt; 0</c>).</summary>
    private static string SummariesStatement(string cohortFilter) => $"""
        WITH days AS (
            SELECT customer_id, day, purchase_lines, purchased, returned
            FROM customer_days
            WHERE day < $as_of::DATE
        ),
        cohort AS (
            SELECT customer_id, min(day) AS first_day
            FROM days
            WHERE purchase_lines > 0{cohortFilter}
            GROUP BY customer_id
            HAVING min(day) >= $first_from::DATE AND min(day) <= $first_to::DATE
        ),
        windowed_days AS (
            SELECT d.*, d.day < c.first_day + $first_days AS early,
                   d.day >= c.first_day + $first_days AND d.day < c.first_day + $first_days + $horizon_days AS future
            FROM days d JOIN cohort c USING (customer_id)
            WHERE d.day >= c.first_day
        ),
        day_stats AS (
            SELECT customer_id,
                   sum(purchased) FILTER (WHERE early)                                  AS spend,
                   CAST(sum(purchase_lines) FILTER (WHERE early) AS BIGINT)             AS lines,
                   coalesce(sum(returned) FILTER (WHERE early), 0)                      AS return_value,
                   count(*) FILTER (WHERE early AND purchase_lines > 0)                 AS active_days,
                   coalesce(sum(purchased) FILTER (WHERE future), 0)                    AS future_value
            FROM windowed_days
            GROUP BY customer_id
        ),
        windowed_orders AS (
            SELECT o.customer_id, o.order_id, o.first_line_at, o.purchased,
                   CAST(o.first_line_at AS DATE) < c.first_day + $first_days AS early,
                   CAST(o.first_line_at AS DATE) >= c.first_day + $first_days AND CAST(o.first_line_at AS DATE) < c.first_day + $first_days + $horizon_days AS future
            FROM customer_orders o JOIN cohort c USING (customer_id)
            WHERE o.purchase_lines > 0 AND CAST(o.first_line_at AS DATE) >= c.first_day AND CAST(o.first_line_at AS DATE) < $as_of::DATE
        ),
        order_stats AS (
            SELECT customer_id,
                   count(*) FILTER (WHERE early) AS orders,
                   count(*) FILTER (WHERE future) AS future_orders
            FROM windowed_orders
            GROUP BY customer_id
        ),
        first_orders AS (
            SELECT customer_id, purchased AS first_order_value
            FROM (SELECT customer_id, purchased, row_number() OVER (PARTITION BY customer_id ORDER BY first_line_at, order_id COLLATE "C") AS rank
                  FROM windowed_orders WHERE early) ranked
            WHERE rank = 1
        ),
        product_stats AS (
            SELECT p.customer_id, count(DISTINCT p.product_id) AS distinct_products
            FROM customer_product_days p JOIN cohort c USING (customer_id)
            WHERE p.purchase_lines > 0 AND p.day >= c.first_day AND p.day < c.first_day + $first_days AND p.day < $as_of::DATE
            GROUP BY p.customer_id
        )
        SELECT c.customer_id, c.first_day, o.orders, d.spend, coalesce(p.distinct_products, 0), d.lines, d.return_value, d.active_days,
               CAST(d.spend AS DOUBLE PRECISION) / o.orders AS mean_order_value, f.first_order_value, d.future_value, o.future_orders
        FROM cohort c
        JOIN order_stats o USING (customer_id)
        JOIN day_stats d USING (customer_id)
        JOIN first_orders f USING (customer_id)
        LEFT JOIN product_stats p USING (customer_id)
        ORDER BY c.customer_id COLLATE "C"
        """;

    /// <summary>
    /// The customers and future values of <see cref="SummariesSql"/> alone: its cohort and its days' future value, without
    /// the orders, first orders and products that the early behaviour needs (every cohort customer has an order on their
    /// first day when <see cref="FromSummaries"/>, so the statement's inner joins keep them all; the test holds the two equal).
    /// </summary>
    private static readonly string FutureValuesSql = SummariesSql[..SummariesSql.IndexOf("windowed_orders AS (", StringComparison.Ordinal)].TrimEnd().TrimEnd(',') + """

        SELECT customer_id, future_value
        FROM day_stats
        ORDER BY customer_id COLLATE "C"
        """;

    /// <summary>The name of the temporary table of the customers <see cref="Compute(ClienteleStore, int, int, DateOnly, IReadOnlyList{string})"/> is restricted to.</summary>
    private const string OnlyTable = "early_behaviour_customers";

    /// <summary><see cref="SummariesSql"/> with its cohort restricted to the customers of <see cref="OnlyTable"/>.</summary>
    private static readonly string OnlySql = SummariesStatement($" AND customer_id IN (SELECT customer_id FROM {OnlyTable})");

    /// <summary>
    /// Whether <see cref="SummariesSql"/> gives this store's rows: a DuckDB store whose summaries account for every
    /// order line (<see cref="CustomerSummaryTables.IsCurrent"/>), every order of one day
    /// (<see cref="CustomerSummaryTables.CanCut"/>), and no order mixing purchase and return lines. Not PostgreSQL:
    /// it materialises the statement's shared CTEs and then joins them without statistics, and on Olist's 96,000
    /// customers the statement ran for more than 8 minutes where the order lines' takes seconds.
    /// </summary>
    public static bool FromSummaries(ClienteleStore store) =>
        store.Kind == StoreKind.DuckDb && CustomerSummaryTables.IsCurrent(store) && CustomerSummaryTables.CanCut(store)
        && store.Scalar<long>("SELECT count(*) FROM customer_orders WHERE purchase_lines > 0 AND return_lines > 0") == 0;

    /// <summary>
    /// The training set: customers whose first purchase day is at least <paramref name="firstDays"/> +
    /// <paramref name="horizonDays"/> days before <paramref name="asOf"/>, with their early behaviour and future value.
    /// </summary>
    /// <param name="store">The store.</param>
    /// <param name="firstDays">The early-behaviour window, in days (1 or more; 30 for "the first month").</param>
    /// <param name="horizonDays">The label window after it, in days (1 or more).</param>
    /// <param name="asOf">The first day not observed; at most the day after the store's last order.</param>
    /// <exception cref="ClienteleException">The store has no orders, the as-of date is after its data, or no customer is old enough; the message says what would work.</exception>
    public static EarlyBehaviourSet Compute(ClienteleStore store, int firstDays, int horizonDays, DateOnly asOf)
    {
        var (firstDay, _) = Check(store, firstDays, horizonDays, asOf);
        var latestFirst = asOf.AddDays(-(firstDays + horizonDays));
        var customers = Read(store, firstDays, horizonDays, asOf, DateOnly.MinValue, latestFirst, withFuture: true);
        if (customers.Count == 0)
        {
            throw NoCustomer(firstDay, latestFirst, firstDays, horizonDays, asOf);
        }
        return new EarlyBehaviourSet(asOf, firstDays, horizonDays, customers);
    }

    private static ClienteleException NoCustomer(DateOnly firstDay, DateOnly latestFirst, int firstDays, int horizonDays, DateOnly asOf) => new(
        $"No customer's first purchase is on or before {latestFirst:yyyy-MM-dd} ({firstDays} + {horizonDays} days before {asOf:yyyy-MM-dd}); the store's first order is on {firstDay:yyyy-MM-dd}. "
        + "Choose a later as-of date or shorter windows.");

    /// <summary>
    /// The training customers of <see cref="Compute(ClienteleStore, int, int, DateOnly)"/> and their future values alone,
    /// in the same order, when the summaries answer (<see cref="FromSummaries"/>): what the value class's labels and its
    /// sample need, at a part of the cost. Null otherwise (then read the whole set).
    /// </summary>
    /// <exception cref="ClienteleException">As <see cref="Compute(ClienteleStore, int, int, DateOnly)"/>.</exception>
    public static (IReadOnlyList<string> Customers, double[] FutureValues)? FutureValues(ClienteleStore store, int firstDays, int horizonDays, DateOnly asOf)
    {
        var (firstDay, _) = Check(store, firstDays, horizonDays, asOf);
        if (!FromSummaries(store))
        {
            return null;
        }
        var latestFirst = asOf.AddDays(-(firstDays + horizonDays));
        var customers = new List<string>();
        var values = new List<double>();
        using (var command = store.Command(FutureValuesSql, Parameters(asOf, DateOnly.MinValue, latestFirst, firstDays, horizonDays)))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                customers.Add(reader.GetString(0));
                // As EarlyBehaviourSet.ToFutureValues: the decimal's double.
                values.Add((double)reader.GetDecimal(1));
            }
        }
        if (customers.Count == 0)
        {
            throw NoCustomer(firstDay, latestFirst, firstDays, horizonDays, asOf);
        }
        return (customers, [.. values]);
    }

    /// <summary>
    /// <see cref="Compute(ClienteleStore, int, int, DateOnly)"/>'s rows of <paramref name="customers"/> alone (ids from
    /// <see cref="FutureValues"/>, in its order), when the summaries answer: the value class's sample without the early
    /// behaviour of everyone else. The same rows as the whole set's (the test holds them equal).
    /// </summary>
    /// <exception cref="ClienteleException">As <see cref="Compute(ClienteleStore, int, int, DateOnly)"/>, or the summaries do not answer (<see cref="FromSummaries"/>).</exception>
    public static EarlyBehaviourSet Compute(ClienteleStore store, int firstDays, int horizonDays, DateOnly asOf, IReadOnlyList<string> customers)
    {
        ArgumentNullException.ThrowIfNull(customers);
        Check(store, firstDays, horizonDays, asOf);
        if (!FromSummaries(store))
        {
            throw new ClienteleException("The early behaviour of chosen customers is read from the customer summaries, which do not answer for this store; read the whole set.");
        }
        using var only = CustomerIdTable.Write(store, OnlyTable, customers);
        var latestFirst = asOf.AddDays(-(firstDays + horizonDays));
        var rows = ReadRows(store, OnlySql, Parameters(asOf, DateOnly.MinValue, latestFirst, firstDays, horizonDays), withFuture: true);
        if (rows.Count != customers.Count || rows.Where((r, i) => r.CustomerId != customers[i]).Any())
        {
            throw new InvalidOperationException($"The early behaviour of {customers.Count} chosen customers came back as {rows.Count} rows, or in another order.");
        }
        return new EarlyBehaviourSet(asOf, firstDays, horizonDays, rows);
    }

    /// <summary>
    /// The customers to score: those whose first <paramref name="firstDays"/> days are over by <paramref name="asOf"/>
    /// but whose horizon is not (first purchase day after asOf − firstDays − horizonDays and on or before asOf −
    /// firstDays). Customers still in their first days are left out: their behaviour is not complete. No future value.
    /// </summary>
    /// <inheritdoc cref="Compute(ClienteleStore, int, int, DateOnly)" path="/param"/>
    /// <exception cref="ClienteleException">The store has no orders or the as-of date is after its data.</exception>
    public static EarlyBehaviourSet ComputeForScoring(ClienteleStore store, int firstDays, int horizonDays, DateOnly asOf)
    {
        Check(store, firstDays, horizonDays, asOf);
        var customers = Read(
            store, firstDays, horizonDays, asOf, asOf.AddDays(-(firstDays + horizonDays) + 1), asOf.AddDays(-firstDays), withFuture: false);
        return new EarlyBehaviourSet(asOf, firstDays, horizonDays, customers);
    }

    private static (DateOnly First, DateOnly Last) Check(ClienteleStore store, int firstDays, int horizonDays, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (firstDays < 1 || horizonDays < 1)
        {
            throw new ClienteleException($"The early-behaviour window and the horizon must each be at least 1 day, got {firstDays} and {horizonDays}.");
        }
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
        var lastDay = DateOnly.FromDateTime(last.Value);
        if (asOf > lastDay.AddDays(1))
        {
            throw new ClienteleException(
                $"The as-of date {asOf:yyyy-MM-dd} is after the store's orders end ({lastDay:yyyy-MM-dd}): future values would be cut short. Use {lastDay.AddDays(1):yyyy-MM-dd} or earlier.");
        }
        return (DateOnly.FromDateTime(first.Value), lastDay);
    }

    private static List<EarlyBehaviour> Read(
        ClienteleStore store, int firstDays, int horizonDays, DateOnly asOf, DateOnly firstFrom, DateOnly firstTo, bool withFuture) =>
        ReadRows(store, FromSummaries(store) ? SummariesSql : Sql, Parameters(asOf, firstFrom, firstTo, firstDays, horizonDays), withFuture);

    private static (string, object?)[] Parameters(DateOnly asOf, DateOnly firstFrom, DateOnly firstTo, int firstDays, int horizonDays) =>
    [
        ("as_of", asOf.ToDateTime(TimeOnly.MinValue)),
        ("first_from", firstFrom.ToDateTime(TimeOnly.MinValue)),
        ("first_to", firstTo.ToDateTime(TimeOnly.MinValue)),
        ("first_days", firstDays),
        ("horizon_days", horizonDays),
    ];

    private static List<EarlyBehaviour> ReadRows(ClienteleStore store, string sql, (string, object?)[] parameters, bool withFuture)
    {
        var result = new List<EarlyBehaviour>();
        using var command = store.Command(sql, parameters);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            result.Add(new EarlyBehaviour(
                CustomerId: reader.GetString(0),
                FirstPurchaseDay: DateOnly.FromDateTime(reader.GetDateTime(1)),
                Orders: checked((int)reader.GetInt64(2)),
                Spend: reader.GetDecimal(3),
                DistinctProducts: checked((int)reader.GetInt64(4)),
                Lines: checked((int)reader.GetInt64(5)),
                ReturnValue: reader.GetDecimal(6),
                ActiveDays: checked((int)reader.GetInt64(7)),
                MeanOrderValue: (decimal)reader.GetDouble(8),
                FirstOrderValue: reader.GetDecimal(9),
                FutureValue: withFuture ? reader.GetDecimal(10) : null,
                FutureOrders: withFuture ? checked((int)reader.GetInt64(11)) : null));
        }
        return result;
    }
}
