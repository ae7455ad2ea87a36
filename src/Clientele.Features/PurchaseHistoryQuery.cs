using Clientele.Core;
using Clientele.Data.Store;
using Clientele.Features.Summaries;

namespace Clientele.Features;

/// <summary>The calibration and (optional) holdout periods of purchase-history summaries.</summary>
/// <param name="CalibrationEnd">The first day not observed in calibration (as <c>--as-of</c>): the last observed day is the day before.</param>
/// <param name="HoldoutEnd">The first day after the holdout period, or null for no holdout.</param>
public sealed record SummaryPeriods(DateOnly CalibrationEnd, DateOnly? HoldoutEnd = null, TimeUnit Unit = TimeUnit.Weeks)
{
    public double DaysPerUnit => Unit == TimeUnit.Weeks ? 7.0 : 1.0;
}

/// <summary>
/// Per-customer (x, t_x, T, mean repeat value) summaries from the store, as the BTYD literature and lifetimes build them:
/// a customer's lines of one day merge into one transaction whose value is the day's purchases net of that day's
/// returns; a day without purchases, or whose purchases were all cancelled the same day (net value ≤ 0 with returns),
/// is not a transaction (Online Retail's 80,995-unit order cancelled within minutes is not a purchase); x = transaction days − 1;
/// t_x = last − first transaction day; T = last observed day − first transaction day; the monetary value is the mean
/// value of the repeat days. Times are in <see cref="SummaryPeriods.Unit"/> (weeks = days / 7). Customers whose first
/// purchase is before the calibration end are summarised; the holdout columns count their transaction days and value
/// from the calibration end up to the holdout end.
/// </summary>
public static class PurchaseHistoryQuery
{
    private const string Sql = """
        WITH all_days AS (
            SELECT customer_id, CAST(ordered_at AS DATE) AS day,
                   count(*) FILTER (WHERE NOT is_return) AS purchase_lines,
                   bool_or(is_return) AS has_returns,
                   sum(amount) AS value
            FROM order_lines
            WHERE ordered_at < $holdout_end::TIMESTAMP
            GROUP BY customer_id, CAST(ordered_at AS DATE)
        ),
        transaction_days AS (
            SELECT * FROM all_days
            WHERE purchase_lines > 0 AND NOT (has_returns AND value <= 0)
        ),
        days AS (
            SELECT * FROM transaction_days WHERE day < $calibration_end::DATE
        ),
        calibration AS (
            SELECT customer_id,
                   count(*) - 1 AS x,
                   CAST(max(day) - min(day) AS BIGINT) AS tx_days,
                   CAST(($calibration_end::DATE - 1) - min(day) AS BIGINT) AS t_days,
                   min(day) AS first_day
            FROM days
            GROUP BY customer_id
        ),
        repeat_value AS (
            SELECT d.customer_id, sum(d.value) AS repeat_value, count(*) AS repeat_days
            FROM days d JOIN calibration c USING (customer_id)
            WHERE d.day > c.first_day
            GROUP BY d.customer_id
        ),
        holdout AS (
            SELECT customer_id, count(*) AS n, sum(value) AS value
            FROM transaction_days
            WHERE day >= $calibration_end::DATE
            GROUP BY customer_id
        )
        SELECT c.customer_id, c.x, c.tx_days, c.t_days, coalesce(r.repeat_value, 0), coalesce(r.repeat_days, 0), coalesce(h.n, 0), coalesce(h.value, 0)
        FROM calibration c
        LEFT JOIN repeat_value r USING (customer_id)
        LEFT JOIN holdout h USING (customer_id)
        ORDER BY c.customer_id COLLATE "C"
        """;

    public static IReadOnlyList<PurchaseHistory> Compute(ClienteleStore store, SummaryPeriods periods)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(periods);
        if (periods.HoldoutEnd is { } end && end <= periods.CalibrationEnd)
        {
            throw new ClienteleException($"The holdout must end after the calibration: {end:yyyy-MM-dd} is not after {periods.CalibrationEnd:yyyy-MM-dd}.");
        }
        var holdoutEnd = (periods.HoldoutEnd ?? periods.CalibrationEnd).ToDateTime(TimeOnly.MinValue);
        // all_days reads up to the holdout end; without a holdout that is the calibration end.
        var result = new List<PurchaseHistory>();
        using var command = store.Command(
            Sql,
            ("calibration_end", periods.CalibrationEnd.ToDateTime(TimeOnly.MinValue)),
            ("holdout_end", holdoutEnd));
        using var reader = command.ExecuteReader();
        var unit = periods.DaysPerUnit;
        while (reader.Read())
        {
            result.Add(new PurchaseHistory(
                reader.GetString(0),
                reader.GetInt64(1),
                reader.GetInt64(2) / unit,
                reader.GetInt64(3) / unit,
                CustomerSummary.MeanRepeatValue(reader.GetDecimal(4), reader.GetInt64(5)),
                checked((int)reader.GetInt64(6)),
                reader.GetDecimal(7)));
        }
        if (result.Count == 0)
        {
            throw new ClienteleException($"No customer has a purchase before {periods.CalibrationEnd:yyyy-MM-dd} in {store.Path}; choose a later calibration end.");
        }
        return result;
    }
}
