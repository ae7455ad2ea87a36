using Clientele.Core;

namespace Clientele.Data.Store;

/// <summary>A campaign run as stored: one row per campaign id (name and start date).</summary>
public sealed record CampaignRecord(string CampaignId, string Name, string Seed, DateOnly Start, DateOnly End, string SpecFile, string SpecText, DateOnly? AsOf);

/// <summary>One customer's arm in a stored campaign run (arm "holdout" for the holdout).</summary>
public sealed record AssignmentRecord(string CustomerId, string Arm, string ArmKind, string Segment, double Bucket);

/// <summary>One arm's result, overall (segment "") or in one segment, on one metric.</summary>
public sealed record CampaignResultRecord(
    string Segment, string Arm, string Metric, long Customers, long Conversions, double Revenue,
    double? Effect, double? Lower, double? Upper, double? PValue, double? AdjustedPValue);

/// <summary>One customer's purchases in a window: orders that are not returns, and net revenue (returns count against it).</summary>
public sealed record WindowPurchases(string CustomerId, long Orders, decimal Revenue);

/// <summary>
/// The campaign tables of the store (schema version 3): campaigns, campaign_assignments, campaign_results. A plan is
/// written in one transaction and replaces an earlier plan of the same campaign id; so are results.
/// </summary>
public static class CampaignTables
{
    /// <summary>The id of a campaign run: its name and start date.</summary>
    public static string CampaignId(string name, DateOnly start) => $"{name}@{start:yyyy-MM-dd}";

    public static void SavePlan(ClienteleStore store, CampaignRecord campaign, IReadOnlyList<AssignmentRecord> assignments, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(campaign);
        ArgumentNullException.ThrowIfNull(assignments);
        ArgumentNullException.ThrowIfNull(time);
        using var transaction = store.BeginTransaction();
        var id = ("id", (object?)campaign.CampaignId);
        store.Execute("DELETE FROM campaign_results WHERE campaign_id = $id", id);
        store.Execute("DELETE FROM campaign_assignments WHERE campaign_id = $id", id);
        store.Execute("DELETE FROM campaigns WHERE campaign_id = $id", id);
        store.Execute(
            "INSERT INTO campaigns VALUES ($id, $name, $seed, $start, $end, $file, $text, $as_of, $at)",
            id, ("name", campaign.Name), ("seed", campaign.Seed), ("start", campaign.Start.ToDateTime(TimeOnly.MinValue)),
            ("end", campaign.End.ToDateTime(TimeOnly.MinValue)), ("file", campaign.SpecFile), ("text", campaign.SpecText),
            ("as_of", campaign.AsOf?.ToDateTime(TimeOnly.MinValue)), ("at", time.GetUtcNow().UtcDateTime));
        using (var writer = store.BulkWriter("campaign_assignments", "campaign_id", "customer_id", "arm", "arm_kind", "segment", "bucket"))
        {
            foreach (var a in assignments)
            {
                writer
                    .Add(campaign.CampaignId)
                    .Add(a.CustomerId)
                    .Add(a.Arm)
                    .Add(a.ArmKind)
                    .Add(a.Segment)
                    .Add(a.Bucket)
                    .EndRow();
            }
            writer.Complete();
        }
        transaction.Commit();
    }

    public static CampaignRecord? Find(ClienteleStore store, string campaignId)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var command = store.Command("SELECT campaign_id, name, seed, start_date, end_date, spec_file, spec_text, as_of FROM campaigns WHERE campaign_id = $id", ("id", campaignId));
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadCampaign(reader) : null;
    }

    /// <summary>A campaign's results as last analysed: overall (segment "") and per segment, by metric, segment and arm.</summary>
    public static IReadOnlyList<CampaignResultRecord> Results(ClienteleStore store, string campaignId)
    {
        ArgumentNullException.ThrowIfNull(store);
        var results = new List<CampaignResultRecord>();
        using var command = store.Command(
            """
            SELECT segment, arm, metric, customers, conversions, revenue, effect, lower_bound, upper_bound, p_value, adjusted_p_value
            FROM campaign_results WHERE campaign_id = $id
            ORDER BY metric COLLATE "C", segment COLLATE "C", arm COLLATE "C"
            """,
            ("id", campaignId));
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            double? Nullable(int i) => reader.IsDBNull(i) ? null : reader.GetDouble(i);
            results.Add(new CampaignResultRecord(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetDouble(5),
                Nullable(6), Nullable(7), Nullable(8), Nullable(9), Nullable(10)));
        }
        return results;
    }

    /// <summary>The campaign planned last (by when it was planned), or null when there is none.</summary>
    public static string? Latest(ClienteleStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.Scalar<string?>("SELECT campaign_id FROM campaigns ORDER BY planned_at DESC, campaign_id LIMIT 1");
    }

    public static IReadOnlyList<AssignmentRecord> Assignments(ClienteleStore store, string campaignId)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var command = store.Command("SELECT customer_id, arm, arm_kind, segment, bucket FROM campaign_assignments WHERE campaign_id = $id ORDER BY customer_id COLLATE \"C\"", ("id", campaignId));
        using var reader = command.ExecuteReader();
        var result = new List<AssignmentRecord>();
        while (reader.Read())
        {
            result.Add(new AssignmentRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetDouble(4)));
        }
        return result;
    }

    /// <summary>
    /// The start days of the campaign runs (other than <paramref name="exceptCampaignId"/>) in which each customer was in
    /// a treatment arm (not the control, not the holdout): what the frequency cap and the recent-treatment rule count.
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<DateOnly>> Treatments(ClienteleStore store, string exceptCampaignId)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var command = store.Command(
            """
            SELECT a.customer_id, c.start_date
            FROM campaign_assignments a JOIN campaigns c USING (campaign_id)
            WHERE a.campaign_id <> $id AND a.arm_kind NOT IN ('control', 'holdout')
            """,
            ("id", exceptCampaignId));
        using var reader = command.ExecuteReader();
        var result = new Dictionary<string, List<DateOnly>>(StringComparer.Ordinal);
        while (reader.Read())
        {
            var id = reader.GetString(0);
            if (!result.TryGetValue(id, out var days))
            {
                result[id] = days = [];
            }
            days.Add(DateOnly.FromDateTime(reader.GetDateTime(1)));
        }
        return result.ToDictionary(p => p.Key, p => (IReadOnlyList<DateOnly>)p.Value, StringComparer.Ordinal);
    }

    public static void SaveResults(ClienteleStore store, string campaignId, IReadOnlyList<CampaignResultRecord> results, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(time);
        if (Find(store, campaignId) is null)
        {
            throw new ClienteleException($"The store {store.Path} has no campaign {campaignId}: plan it with this store first.");
        }
        var at = time.GetUtcNow().UtcDateTime;
        using var transaction = store.BeginTransaction();
        store.Execute("DELETE FROM campaign_results WHERE campaign_id = $id", ("id", campaignId));
        using (var writer = store.BulkWriter(
            "campaign_results",
            "campaign_id", "segment", "arm", "metric", "customers", "conversions", "revenue", "effect", "lower_bound", "upper_bound", "p_value", "adjusted_p_value", "analyzed_at"))
        {
            foreach (var r in results)
            {
                writer.Add(campaignId).Add(r.Segment).Add(r.Arm).Add(r.Metric).Add(r.Customers).Add(r.Conversions).Add(r.Revenue);
                foreach (var value in new[] { r.Effect, r.Lower, r.Upper, r.PValue, r.AdjustedPValue })
                {
                    writer.Add(value is { } v && double.IsFinite(v) ? v : null);
                }
                writer.Add(at).EndRow();
            }
            writer.Complete();
        }
        transaction.Commit();
    }

    /// <summary>
    /// The results of the latest analysed run of campaign <paramref name="name"/> that started before
    /// <paramref name="before"/>, per segment, on <paramref name="metric"/>; null when there is none.
    /// </summary>
    public static (string CampaignId, IReadOnlyList<CampaignResultRecord> Results)? LatestResults(ClienteleStore store, string name, DateOnly before, string metric)
    {
        ArgumentNullException.ThrowIfNull(store);
        var id = store.Scalar<string>(
            """
            SELECT c.campaign_id FROM campaigns c
            WHERE c.name = $name AND c.start_date < $before AND EXISTS (SELECT 1 FROM campaign_results r WHERE r.campaign_id = c.campaign_id)
            ORDER BY c.start_date DESC LIMIT 1
            """,
            ("name", name), ("before", before.ToDateTime(TimeOnly.MinValue)));
        if (id is null)
        {
            return null;
        }
        using var command = store.Command(
            """
            SELECT segment, arm, metric, customers, conversions, revenue, effect, lower_bound, upper_bound, p_value, adjusted_p_value
            FROM campaign_results WHERE campaign_id = $id AND metric = $metric AND segment <> '' ORDER BY segment COLLATE "C", arm COLLATE "C"
            """,
            ("id", id), ("metric", metric));
        using var reader = command.ExecuteReader();
        var results = new List<CampaignResultRecord>();
        while (reader.Read())
        {
            double? Nullable(int i) => reader.IsDBNull(i) ? null : reader.GetDouble(i);
            results.Add(new CampaignResultRecord(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetDouble(5),
                Nullable(6), Nullable(7), Nullable(8), Nullable(9), Nullable(10)));
        }
        return (id, results);
    }

    /// <summary>Each customer's purchases with <paramref name="from"/> ≤ day &lt; <paramref name="toExclusive"/> (customers without lines are absent).</summary>
    public static IReadOnlyDictionary<string, WindowPurchases> Purchases(ClienteleStore store, DateOnly from, DateOnly toExclusive)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var command = store.Command(
            """
            SELECT customer_id,
                   count(DISTINCT order_id) FILTER (WHERE NOT is_return) AS orders,
                   sum(amount) AS revenue
            FROM order_lines
            WHERE ordered_at >= $from::TIMESTAMP AND ordered_at < $to::TIMESTAMP
            GROUP BY customer_id
            """,
            ("from", from.ToDateTime(TimeOnly.MinValue)), ("to", toExclusive.ToDateTime(TimeOnly.MinValue)));
        using var reader = command.ExecuteReader();
        var result = new Dictionary<string, WindowPurchases>(StringComparer.Ordinal);
        while (reader.Read())
        {
            var id = reader.GetString(0);
            result[id] = new WindowPurchases(id, reader.GetInt64(1), reader.GetDecimal(2));
        }
        return result;
    }

    private static CampaignRecord ReadCampaign(System.Data.Common.DbDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.GetString(2),
        DateOnly.FromDateTime(reader.GetDateTime(3)), DateOnly.FromDateTime(reader.GetDateTime(4)),
        reader.GetString(5), reader.GetString(6), reader.IsDBNull(7) ? null : DateOnly.FromDateTime(reader.GetDateTime(7)));
}
