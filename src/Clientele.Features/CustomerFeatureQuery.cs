using Clientele.Core;
using Clientele.Data.Store;

namespace Clientele.Features;

/// <summary>The customers a feature query saw, and why some of them have no features.</summary>
/// <param name="AsOf">The first day not observed: orders strictly before it count.</param>
/// <param name="Customers">One row per customer with at least one purchase before <paramref name="AsOf"/>.</param>
/// <param name="CustomersWithoutPurchases">Customers with lines before the as-of date but only returns among them (no purchase to measure recency from).</param>
public sealed record CustomerFeatureSet(DateOnly AsOf, IReadOnlyList<CustomerFeatures> Customers, int CustomersWithoutPurchases);

/// <summary>
/// Per-customer RFM and behaviour features as of a date, computed in the store (DuckDB or PostgreSQL) from its order lines.
/// Definitions (also in the README):
/// <list type="bullet">
/// <item>recency_days: calendar days from the date of the last purchase to the as-of date;</item>
/// <item>frequency: distinct purchase orders (returns excluded);</item>
/// <item>monetary: sum of quantity × unit price over purchase lines, minus the value of returned lines;</item>
/// <item>tenure_days: calendar days from the first purchase to the as-of date;</item>
/// <item>average_order_value: purchase value (before returns) / frequency;</item>
/// <item>distinct_products: distinct products among purchase lines;</item>
/// <item>return_rate: value of returned lines / purchase value.</item>
/// </list>
/// </summary>
public static class CustomerFeatureQuery
{
    private const string Sql = """
        WITH lines AS (
            SELECT * FROM order_lines WHERE ordered_at < $as_of::TIMESTAMP
        ),
        per_customer AS (
            SELECT customer_id,
                   min(ordered_at) FILTER (WHERE NOT is_return)            AS first_purchase,
                   max(ordered_at) FILTER (WHERE NOT is_return)            AS last_purchase,
                   count(DISTINCT order_id) FILTER (WHERE NOT is_return)   AS frequency,
                   coalesce(sum(amount) FILTER (WHERE NOT is_return), 0)   AS purchased,
                   coalesce(-sum(amount) FILTER (WHERE is_return), 0)      AS returned,
                   count(DISTINCT product_id) FILTER (WHERE NOT is_return) AS distinct_products
            FROM lines
            GROUP BY customer_id
        )
        SELECT customer_id, first_purchase, last_purchase,
               CAST($as_of::DATE - CAST(last_purchase AS DATE) AS BIGINT)  AS recency_days,
               frequency,
               purchased - returned                                         AS monetary,
               CAST($as_of::DATE - CAST(first_purchase AS DATE) AS BIGINT) AS tenure_days,
               CAST(purchased AS DOUBLE PRECISION) / frequency               AS average_order_value,
               distinct_products,
               CASE WHEN purchased > 0 THEN CAST(returned AS DOUBLE PRECISION) / CAST(purchased AS DOUBLE PRECISION) ELSE 0 END AS return_rate
        FROM per_customer
        WHERE frequency > 0
        ORDER BY customer_id COLLATE "C"
        """;

    /// <summary>The default as-of date: the day after the last order in the store.</summary>
    public static DateOnly DefaultAsOf(ClienteleStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var last = store.Scalar<DateTime?>("SELECT max(ordered_at) FROM order_lines")
            ?? throw new ClienteleException($"The store {store.Path} has no orders yet. Ingest some with: clientele ingest orders FILE --store {store.Path}");
        return DateOnly.FromDateTime(last).AddDays(1);
    }

    public static CustomerFeatureSet Compute(ClienteleStore store, DateOnly? asOf = null) => ComputeWhere(store, asOf, keep: null);

    /// <summary>As <see cref="Compute"/>, keeping only the rows <paramref name="keep"/> accepts (asked of every row, in order).</summary>
    internal static CustomerFeatureSet ComputeWhere(ClienteleStore store, DateOnly? asOf, Func<string, bool>? keep)
    {
        ArgumentNullException.ThrowIfNull(store);
        var date = asOf ?? DefaultAsOf(store);
        var asOfParameter = ("as_of", (object?)date.ToDateTime(TimeOnly.MinValue));
        var customers = new List<CustomerFeatures>();
        var read = 0;
        using (var command = store.Command(Sql, asOfParameter))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                read++;
                if (!(keep?.Invoke(reader.GetString(0)) ?? true))
                {
                    continue;
                }
                customers.Add(new CustomerFeatures(
                    CustomerId: reader.GetString(0),
                    FirstPurchase: reader.GetDateTime(1),
                    LastPurchase: reader.GetDateTime(2),
                    RecencyDays: checked((int)reader.GetInt64(3)),
                    Frequency: checked((int)reader.GetInt64(4)),
                    Monetary: reader.GetDecimal(5),
                    TenureDays: checked((int)reader.GetInt64(6)),
                    AverageOrderValue: (decimal)reader.GetDouble(7),
                    DistinctProducts: checked((int)reader.GetInt64(8)),
                    ReturnRate: reader.GetDouble(9)));
            }
        }
        var seen = store.Scalar<int>("SELECT count(DISTINCT customer_id) FROM order_lines WHERE ordered_at < $as_of::TIMESTAMP", asOfParameter);
        var withoutPurchases = seen - read;
        if (read == 0)
        {
            throw new ClienteleException($"No customer has a purchase before {date:yyyy-MM-dd} in {store.Path}; choose a later --as-of.");
        }
        return new CustomerFeatureSet(date, customers, withoutPurchases);
    }
}
