using System.Data.Common;
using Clientele.Data.Store;

namespace Clientele.Features.Summaries;

/// <summary>What a rebuild of the summary tables wrote.</summary>
/// <param name="Lines">Order lines read (and accounted for: the summaries' purchase and return lines add up to it).</param>
public sealed record SummaryTableCounts(long Lines, long Customers, long Days, long Orders, long Products, long ProductDays);

/// <summary>
/// The summary tables of the store (<c>customer_days</c>, <c>customer_orders</c>, <c>customer_products</c>,
/// <c>customer_product_days</c>, <c>customer_summaries</c>; migration 5): rebuilt in bulk from <c>order_lines</c> here, or kept one order line at a
/// time by <see cref="CustomerSummaryWriter"/>. Both paths make <c>customer_summaries</c> with the same statement (<see cref="SummarySql"/>): over every customer
/// in bulk, over the line's customer when one line is applied. Definitions: docs/summaries.md.
/// </summary>
public static class CustomerSummaryTables
{
    private const string SummaryColumns =
        "customer_id, first_line_at, last_line_at, purchase_lines, return_lines, first_purchase_at, last_purchase_at, purchase_days, " +
        "purchase_orders, purchased, returned, distinct_products, transaction_days, first_transaction_day, last_transaction_day, repeat_value";

    private const string FillSql = """
        INSERT INTO customer_days (customer_id, day, purchase_lines, return_lines, purchased, returned,
                                   first_line_at, last_line_at, first_purchase_at, last_purchase_at)
        SELECT customer_id, CAST(ordered_at AS DATE),
               count(*) FILTER (WHERE NOT is_return),
               count(*) FILTER (WHERE is_return),
               coalesce(sum(amount) FILTER (WHERE NOT is_return), 0),
               coalesce(-sum(amount) FILTER (WHERE is_return), 0),
               min(ordered_at), max(ordered_at),
               min(ordered_at) FILTER (WHERE NOT is_return),
               max(ordered_at) FILTER (WHERE NOT is_return)
        FROM order_lines
        GROUP BY customer_id, CAST(ordered_at AS DATE);
        INSERT INTO customer_orders (customer_id, order_id, purchase_lines, return_lines, purchased, returned, first_line_at, last_line_at)
        SELECT customer_id, order_id,
               count(*) FILTER (WHERE NOT is_return),
               count(*) FILTER (WHERE is_return),
               coalesce(sum(amount) FILTER (WHERE NOT is_return), 0),
               coalesce(-sum(amount) FILTER (WHERE is_return), 0),
               min(ordered_at), max(ordered_at)
        FROM order_lines
        GROUP BY customer_id, order_id;
        INSERT INTO customer_products (customer_id, product_id, purchase_lines, return_lines, quantity, returned_quantity,
                                       purchased, returned, first_purchase_at, last_purchase_at)
        SELECT customer_id, product_id,
               count(*) FILTER (WHERE NOT is_return),
               count(*) FILTER (WHERE is_return),
               coalesce(sum(quantity) FILTER (WHERE NOT is_return), 0),
               coalesce(-sum(quantity) FILTER (WHERE is_return), 0),
               coalesce(sum(amount) FILTER (WHERE NOT is_return), 0),
               coalesce(-sum(amount) FILTER (WHERE is_return), 0),
               min(ordered_at) FILTER (WHERE NOT is_return),
               max(ordered_at) FILTER (WHERE NOT is_return)
        FROM order_lines
        WHERE product_id IS NOT NULL
        GROUP BY customer_id, product_id;
        INSERT INTO customer_product_days (customer_id, product_id, day, purchase_lines, return_lines)
        SELECT customer_id, product_id, CAST(ordered_at AS DATE),
               count(*) FILTER (WHERE NOT is_return),
               count(*) FILTER (WHERE is_return)
        FROM order_lines
        WHERE product_id IS NOT NULL
        GROUP BY customer_id, product_id, CAST(ordered_at AS DATE);
        """;

    internal const string ApplyDaySql = """
        INSERT INTO customer_days (customer_id, day, purchase_lines, return_lines, purchased, returned,
                                   first_line_at, last_line_at, first_purchase_at, last_purchase_at)
        VALUES ($customer, CAST(CAST($at AS TIMESTAMP) AS DATE), $purchase_lines, $return_lines, $purchased, $returned, $at, $at, $purchase_at, $purchase_at)
        ON CONFLICT (customer_id, day) DO UPDATE SET
            purchase_lines = customer_days.purchase_lines + EXCLUDED.purchase_lines,
            return_lines = customer_days.return_lines + EXCLUDED.return_lines,
            purchased = customer_days.purchased + EXCLUDED.purchased,
            returned = customer_days.returned + EXCLUDED.returned,
            first_line_at = least(customer_days.first_line_at, EXCLUDED.first_line_at),
            last_line_at = greatest(customer_days.last_line_at, EXCLUDED.last_line_at),
            first_purchase_at = coalesce(least(customer_days.first_purchase_at, EXCLUDED.first_purchase_at), customer_days.first_purchase_at, EXCLUDED.first_purchase_at),
            last_purchase_at = coalesce(greatest(customer_days.last_purchase_at, EXCLUDED.last_purchase_at), customer_days.last_purchase_at, EXCLUDED.last_purchase_at)
        """;

    internal const string ApplyOrderSql = """
        INSERT INTO customer_orders (customer_id, order_id, purchase_lines, return_lines, purchased, returned, first_line_at, last_line_at)
        VALUES ($customer, $order, $purchase_lines, $return_lines, $purchased, $returned, $at, $at)
        ON CONFLICT (customer_id, order_id) DO UPDATE SET
            purchase_lines = customer_orders.purchase_lines + EXCLUDED.purchase_lines,
            return_lines = customer_orders.return_lines + EXCLUDED.return_lines,
            purchased = customer_orders.purchased + EXCLUDED.purchased,
            returned = customer_orders.returned + EXCLUDED.returned,
            first_line_at = least(customer_orders.first_line_at, EXCLUDED.first_line_at),
            last_line_at = greatest(customer_orders.last_line_at, EXCLUDED.last_line_at)
        """;

    internal const string ApplyProductSql = """
        INSERT INTO customer_products (customer_id, product_id, purchase_lines, return_lines, quantity, returned_quantity,
                                       purchased, returned, first_purchase_at, last_purchase_at)
        VALUES ($customer, $product, $purchase_lines, $return_lines, $quantity, $returned_quantity, $purchased, $returned, $purchase_at, $purchase_at)
        ON CONFLICT (customer_id, product_id) DO UPDATE SET
            purchase_lines = customer_products.purchase_lines + EXCLUDED.purchase_lines,
            return_lines = customer_products.return_lines + EXCLUDED.return_lines,
            quantity = customer_products.quantity + EXCLUDED.quantity,
            returned_quantity = customer_products.returned_quantity + EXCLUDED.returned_quantity,
            purchased = customer_products.purchased + EXCLUDED.purchased,
            returned = customer_products.returned + EXCLUDED.returned,
            first_purchase_at = coalesce(least(customer_products.first_purchase_at, EXCLUDED.first_purchase_at), customer_products.first_purchase_at, EXCLUDED.first_purchase_at),
            last_purchase_at = coalesce(greatest(customer_products.last_purchase_at, EXCLUDED.last_purchase_at), customer_products.last_purchase_at, EXCLUDED.last_purchase_at)
        """;

    internal const string ApplyProductDaySql = """
        INSERT INTO customer_product_days (customer_id, product_id, day, purchase_lines, return_lines)
        VALUES ($customer, $product, CAST(CAST($at AS TIMESTAMP) AS DATE), $purchase_lines, $return_lines)
        ON CONFLICT (customer_id, product_id, day) DO UPDATE SET
            purchase_lines = customer_product_days.purchase_lines + EXCLUDED.purchase_lines,
            return_lines = customer_product_days.return_lines + EXCLUDED.return_lines
        """;

    private static readonly string BulkSummarySql = $"INSERT INTO customer_summaries ({SummaryColumns})\n{SummarySql(oneCustomer: false)}";

    internal static readonly string OneSummarySql = SummaryStatements.Upsert("customer_summaries", SummaryColumns, SummarySql(oneCustomer: true));

    /// <summary>
    /// Rebuilds every summary table from <c>order_lines</c> in one transaction (the tables are dropped and made
    /// anew, <see cref="SummarySchema"/>), with the per-product summaries (<see cref="Products.ProductSummaryTables"/>),
    /// and checks that the summaries account for every line.
    /// </summary>
    public static SummaryTableCounts Rebuild(ClienteleStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var transaction = store.BeginTransaction();
        Known.TryRemove(store.Location, out _);
        SummaryStatements.Recreate(store, SummarySchema.Tables, SummarySchema.CreateTablesFor(store.Kind));
        store.Execute(FillSql);
        store.Execute(BulkSummarySql);
        SummaryStatements.CreateKeysAfterBulkFill(store, SummarySchema.CreateKeys);
        Products.ProductSummaryTables.RebuildInCurrentTransaction(store);
        var counts = Counts(store);
        var accounted = store.Scalar<long>("SELECT CAST(coalesce(sum(purchase_lines + return_lines), 0) AS BIGINT) FROM customer_summaries");
        if (accounted != counts.Lines)
        {
            throw new InvalidOperationException($"The customer summaries account for {accounted} order lines of {counts.Lines}.");
        }
        var state = State(store)!; // the lines are accounted for: not null
        RecordBuiltAt(store, state);
        transaction.Commit();
        Known[store.Location] = new KnownState(state, true);
        return counts;
    }

    /// <summary>
    /// Whether the summaries account for exactly the store's order lines: as many lines, and the same sum of amounts.
    /// False after an ingest or an undo since the last rebuild (rebuild then), and in a store whose lines reach the
    /// summaries only through <see cref="CustomerSummaryWriter"/> without being recorded in <c>order_lines</c>.
    /// <para>
    /// Summing every line's amount takes a third of a second at eleven million lines, and every command asks. The state
    /// the answer rests on (lines on both sides, summary rows, each ingested file's content hash and time) is kept: in
    /// the store by the rebuild that made the summaries (<c>summary_checks</c>), where the sums agree by construction,
    /// so a later command in another process takes them as current while that state holds; and per store in this
    /// process, for every connection to it, with the answer the sums gave. The sums are taken again only when the state
    /// is neither. A change no command makes (an amount updated in place by hand) is not seen until the next rebuild.
    /// </para>
    /// </summary>
    public static bool IsCurrent(ClienteleStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (State(store) is not { } state)
        {
            return false;
        }
        if (Known.TryGetValue(store.Location, out var known) && known.State == state)
        {
            return known.Current;
        }
        if (store.Scalar<long>("SELECT count(*) FROM summary_checks WHERE summaries = $summaries AND state = $state", ("summaries", CheckName), ("state", state)) > 0)
        {
            Known[store.Location] = new KnownState(state, true);
            return true;
        }
        using (var command = store.Command("SELECT (SELECT coalesce(sum(amount), 0) FROM order_lines), (SELECT coalesce(sum(purchased - returned), 0) FROM customer_summaries)"))
        using (var reader = command.ExecuteReader())
        {
            reader.Read();
            var current = reader.GetDecimal(0) == reader.GetDecimal(1);
            Known[store.Location] = new KnownState(state, current);
            return current;
        }
    }

    /// <summary>The row of <c>summary_checks</c> that is the customer summaries'.</summary>
    private const string CheckName = "customer";

    /// <summary>
    /// The store's lines on both sides, summary rows and ingested files (content hash and time) as one string; null when
    /// the summaries do not account for as many lines as <c>order_lines</c> holds.
    /// </summary>
    private static string? State(ClienteleStore store)
    {
        using var command = store.Command("""
            SELECT (SELECT count(*) FROM order_lines),
                   (SELECT CAST(coalesce(sum(purchase_lines + return_lines), 0) AS BIGINT) FROM customer_summaries),
                   (SELECT count(*) FROM customer_summaries),
                   (SELECT count(*) FROM source_files),
                   (SELECT coalesce(string_agg(sha256 || ' ' || CAST(ingested_at AS VARCHAR), ',' ORDER BY file_id), '') FROM source_files)
            """);
        using var reader = command.ExecuteReader();
        reader.Read();
        if (reader.GetInt64(0) != reader.GetInt64(1))
        {
            return null;
        }
        return string.Join(",", Enumerable.Range(0, 5).Select(i => Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)));
    }

    /// <summary>Records, in the rebuild's transaction, the state at which the summaries were made from the lines.</summary>
    private static void RecordBuiltAt(ClienteleStore store, string state)
    {
        store.Execute("DELETE FROM summary_checks WHERE summaries = $summaries", ("summaries", CheckName));
        store.Execute("INSERT INTO summary_checks (summaries, state) VALUES ($summaries, $state)", ("summaries", CheckName), ("state", state));
    }

    /// <summary><see cref="IsCurrent"/>'s last answer for a store, and the counts it was given for.</summary>
    private sealed record KnownState(string State, bool Current);

    /// <summary>
    /// By the store's location, not the connection: a job's connections to one store (a command's side connections,
    /// a service's several) share the answer, as they share the rows the counts describe.
    /// </summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, KnownState> Known = new(StringComparer.Ordinal);

    /// <summary>The rows of each summary table.</summary>
    public static SummaryTableCounts Counts(ClienteleStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var command = store.Command("""
            SELECT (SELECT count(*) FROM order_lines), (SELECT count(*) FROM customer_summaries), (SELECT count(*) FROM customer_days),
                   (SELECT count(*) FROM customer_orders), (SELECT count(*) FROM customer_products), (SELECT count(*) FROM customer_product_days)
            """);
        using var reader = command.ExecuteReader();
        reader.Read();
        return new SummaryTableCounts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5));
    }

    /// <summary>
    /// Whether current summaries (<see cref="IsCurrent"/>) can be cut at any day: every order with a purchase line has
    /// all its lines on one day, so that the orders bought before a day are the orders of the days before it
    /// (<see cref="ReadSummariesBefore"/>). Online Retail's invoices, CDNOW's and the generated shops' orders are each of
    /// one moment.
    /// </summary>
    public static bool CanCut(ClienteleStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.Scalar<long>($"SELECT count(*) FROM customer_orders WHERE {OrderSpansDays}") == 0;
    }

    /// <summary>An order with a purchase line whose lines fall on more than one day: the summaries cannot cut it at a day.</summary>
    internal const string OrderSpansDays = "purchase_lines > 0 AND CAST(first_line_at AS DATE) <> CAST(last_line_at AS DATE)";

    /// <summary>The summary rows, by customer id; one customer's row (or none) when <paramref name="customerId"/> is given.</summary>
    public static IReadOnlyList<CustomerSummary> ReadSummaries(ClienteleStore store, string? customerId = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        var sql = $"SELECT {SummaryColumns} FROM customer_summaries {(customerId is null ? "" : "WHERE customer_id = $customer")} ORDER BY customer_id COLLATE \"C\"";
        using var command = customerId is null ? store.Command(sql) : store.Command(sql, ("customer", customerId));
        return Read(command);
    }

    /// <summary>
    /// The summary rows as the lines before <paramref name="cutoff"/> alone would make them (a back-test's, a churn
    /// cutoff's), by customer id: the summary statement over the days before it, the orders of those days and the
    /// products first bought before it. Only when <see cref="IsCurrent"/> and <see cref="CanCut"/>; equal to rebuilding the summaries from
    /// the order lines before the cutoff (CustomerSummaryCutoffTests).
    /// </summary>
    public static IReadOnlyList<CustomerSummary> ReadSummariesBefore(ClienteleStore store, DateOnly cutoff) => [.. SummariesBefore(store, cutoff)];

    /// <summary>
    /// The rows of <see cref="ReadSummariesBefore"/> one at a time, as they are read: for a caller that keeps a few of
    /// them; with <paramref name="onlyTable"/>, only the rows of the customers in that table's <c>customer_id</c> column.
    /// </summary>
    internal static IEnumerable<CustomerSummary> SummariesBefore(ClienteleStore store, DateOnly cutoff, string? onlyTable = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        return Stream();

        IEnumerable<CustomerSummary> Stream()
        {
            using var command = store.Command(
                $"{SummariesBeforeCteOf(onlyTable)}SELECT {SummaryColumns} FROM summaries_before ORDER BY customer_id COLLATE \"C\"",
                ("cutoff", cutoff.ToDateTime(TimeOnly.MinValue)));
            foreach (var row in Rows(command))
            {
                yield return row;
            }
        }
    }

    /// <summary>
    /// <c>WITH summaries_before (columns) AS (…)</c>: the rows of <see cref="ReadSummariesBefore"/> as a table named
    /// <c>summaries_before</c> for the statement that follows, which binds <c>$cutoff</c>.
    /// </summary>
    internal static string SummariesBeforeCte => SummariesBeforeCteOf(onlyTable: null);

    /// <summary>
    /// <see cref="SummariesBeforeCte"/>, with <paramref name="onlyTable"/> the rows of the customers in that table alone:
    /// each of the summaries' reads is cut to them before it is grouped (a sample's rows without grouping everyone's).
    /// </summary>
    internal static string SummariesBeforeCteOf(string? onlyTable) =>
        $"WITH summaries_before ({SummaryColumns}) AS (\n{SummarySql(oneCustomer: false, beforeCutoff: true, onlyTable)}\n)\n";

    private static List<CustomerSummary> Read(DbCommand command) => [.. Rows(command)];

    private static IEnumerable<CustomerSummary> Rows(DbCommand command)
    {
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return new CustomerSummary(
                reader.GetString(0), reader.GetDateTime(1), reader.GetDateTime(2), reader.GetInt64(3), reader.GetInt64(4),
                NullableDateTime(reader, 5), NullableDateTime(reader, 6), reader.GetInt64(7), reader.GetInt64(8),
                reader.GetDecimal(9), reader.GetDecimal(10), reader.GetInt64(11), reader.GetInt64(12),
                NullableDate(reader, 13), NullableDate(reader, 14), reader.GetDecimal(15));
        }
    }

    /// <summary>The customer-day rows, by customer id and day.</summary>
    public static IReadOnlyList<CustomerDay> ReadDays(ClienteleStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var command = store.Command("""
            SELECT customer_id, day, purchase_lines, return_lines, purchased, returned, first_line_at, last_line_at, first_purchase_at, last_purchase_at
            FROM customer_days ORDER BY customer_id COLLATE "C", day
            """);
        using var reader = command.ExecuteReader();
        var rows = new List<CustomerDay>();
        while (reader.Read())
        {
            rows.Add(new CustomerDay(
                reader.GetString(0), DateOnly.FromDateTime(reader.GetDateTime(1)), reader.GetInt64(2), reader.GetInt64(3),
                reader.GetDecimal(4), reader.GetDecimal(5), reader.GetDateTime(6), reader.GetDateTime(7),
                NullableDateTime(reader, 8), NullableDateTime(reader, 9)));
        }
        return rows;
    }

    /// <summary>The customer-order rows, by customer id and order id.</summary>
    public static IReadOnlyList<CustomerOrder> ReadOrders(ClienteleStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var command = store.Command("""
            SELECT customer_id, order_id, purchase_lines, return_lines, purchased, returned, first_line_at, last_line_at
            FROM customer_orders ORDER BY customer_id COLLATE "C", order_id COLLATE "C"
            """);
        using var reader = command.ExecuteReader();
        var rows = new List<CustomerOrder>();
        while (reader.Read())
        {
            rows.Add(new CustomerOrder(
                reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3),
                reader.GetDecimal(4), reader.GetDecimal(5), reader.GetDateTime(6), reader.GetDateTime(7)));
        }
        return rows;
    }

    /// <summary>The customer-product rows (the interaction counts), by customer id and product id.</summary>
    public static IReadOnlyList<CustomerProduct> ReadProducts(ClienteleStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var command = store.Command("""
            SELECT customer_id, product_id, purchase_lines, return_lines, quantity, returned_quantity, purchased, returned, first_purchase_at, last_purchase_at
            FROM customer_products ORDER BY customer_id COLLATE "C", product_id COLLATE "C"
            """);
        using var reader = command.ExecuteReader();
        var rows = new List<CustomerProduct>();
        while (reader.Read())
        {
            rows.Add(new CustomerProduct(
                reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5),
                reader.GetDecimal(6), reader.GetDecimal(7), NullableDateTime(reader, 8), NullableDateTime(reader, 9)));
        }
        return rows;
    }

    /// <summary>The customer-product-day rows, by customer id, product id and day.</summary>
    public static IReadOnlyList<CustomerProductDay> ReadProductDays(ClienteleStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var command = store.Command("""
            SELECT customer_id, product_id, day, purchase_lines, return_lines
            FROM customer_product_days ORDER BY customer_id COLLATE "C", product_id COLLATE "C", day
            """);
        using var reader = command.ExecuteReader();
        var rows = new List<CustomerProductDay>();
        while (reader.Read())
        {
            rows.Add(new CustomerProductDay(reader.GetString(0), reader.GetString(1), DateOnly.FromDateTime(reader.GetDateTime(2)), reader.GetInt64(3), reader.GetInt64(4)));
        }
        return rows;
    }

    /// <summary>
    /// The statement that makes <c>customer_summaries</c> rows from the day, order and product rows: every customer, or
    /// the one bound to <c>$customer</c>. <see cref="CustomerSummary.From"/> is its in-code twin.
    /// </summary>
    private static string SummarySql(bool oneCustomer, bool beforeCutoff = false, string? onlyTable = null)
    {
        var only = oneCustomer ? "AND customer_id = $customer" : onlyTable is null ? "" : $"AND customer_id IN (SELECT customer_id FROM {onlyTable})";
        // Before a cutoff (a day): its days, the orders of its days (each within one day, CanCut), the products first bought before it.
        var days = beforeCutoff ? "AND day < $cutoff::DATE" : "";
        var orders = beforeCutoff ? "AND CAST(first_line_at AS DATE) < $cutoff::DATE" : "";
        var products = beforeCutoff ? "AND first_purchase_at < $cutoff::TIMESTAMP" : "";
        return $"""
            WITH days AS (
                SELECT customer_id, day, purchase_lines, return_lines, purchased, returned,
                       first_line_at, last_line_at, first_purchase_at, last_purchase_at,
                       purchase_lines > 0 AND NOT (return_lines > 0 AND purchased - returned <= 0) AS is_transaction
                FROM customer_days
                WHERE TRUE {only} {days}
            ),
            per_customer AS (
                SELECT customer_id,
                       min(first_line_at) AS first_line_at,
                       max(last_line_at) AS last_line_at,
                       sum(purchase_lines) AS purchase_lines,
                       sum(return_lines) AS return_lines,
                       min(first_purchase_at) AS first_purchase_at,
                       max(last_purchase_at) AS last_purchase_at,
                       count(*) FILTER (WHERE purchase_lines > 0) AS purchase_days,
                       sum(purchased) AS purchased,
                       sum(returned) AS returned,
                       count(*) FILTER (WHERE is_transaction) AS transaction_days,
                       min(day) FILTER (WHERE is_transaction) AS first_transaction_day,
                       max(day) FILTER (WHERE is_transaction) AS last_transaction_day
                FROM days
                GROUP BY customer_id
            ),
            repeat_days AS (
                SELECT d.customer_id, sum(d.purchased - d.returned) AS repeat_value
                FROM days d JOIN per_customer p ON p.customer_id = d.customer_id
                WHERE d.is_transaction AND d.day > p.first_transaction_day
                GROUP BY d.customer_id
            ),
            orders AS (
                SELECT customer_id, count(*) AS purchase_orders
                FROM customer_orders
                WHERE purchase_lines > 0 {only} {orders}
                GROUP BY customer_id
            ),
            products AS (
                SELECT customer_id, count(*) AS distinct_products
                FROM customer_products
                WHERE purchase_lines > 0 {only} {products}
                GROUP BY customer_id
            )
            SELECT p.customer_id, p.first_line_at, p.last_line_at, p.purchase_lines, p.return_lines,
                   p.first_purchase_at, p.last_purchase_at, p.purchase_days,
                   coalesce(o.purchase_orders, 0), p.purchased, p.returned, coalesce(pr.distinct_products, 0),
                   p.transaction_days, p.first_transaction_day, p.last_transaction_day, coalesce(r.repeat_value, 0)
            FROM per_customer p
            LEFT JOIN orders o ON o.customer_id = p.customer_id
            LEFT JOIN products pr ON pr.customer_id = p.customer_id
            LEFT JOIN repeat_days r ON r.customer_id = p.customer_id
            """;
    }

    internal static DateTime? NullableDateTime(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetDateTime(ordinal);

    private static DateOnly? NullableDate(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : DateOnly.FromDateTime(reader.GetDateTime(ordinal));
}
