using Clientele.Core;
using Clientele.Marketing.Audience;
using Clientele.Marketing.Campaigns;

namespace Clientele.Pipeline.Campaigns;

/// <summary>
/// The customer profiles a campaign targets: customers.csv as <c>segment</c> and <c>value</c> write it (the RFM
/// features and segment, the cluster, and the value columns expected_purchases, p_alive, clv, churn_risk, …), either
/// read from a previous run's file or computed from the store by those same jobs.
/// </summary>
public static class CampaignProfiles
{
    /// <summary>The columns computed from the store, with whether each is numeric; the value columns cost a value run.</summary>
    public static IReadOnlyDictionary<string, bool> StoreColumns { get; } = CustomersCsv.Columns
        .Select(c => (c, c is not ("customer_id" or "first_purchase" or "last_purchase" or "rfm_segment")))
        .Concat(ValueJob.ValueColumns.Select(c => (c, true)))
        .ToDictionary(p => p.Item1, p => p.Item2, StringComparer.Ordinal);

    /// <summary>Reads a customers.csv (the first column customer_id) into a profile table.</summary>
    public static ProfileTable FromCustomersCsv(string path)
    {
        if (!File.Exists(path))
        {
            throw new ClienteleException($"No profile at {path}: write one with clientele segment (and clientele value) --out DIR, or plan from --store.");
        }
        return FromTable(CustomerTable.Read(path));
    }

    public static ProfileTable FromTable(CustomerTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var ids = table.CustomerIds;
        var columns = table.Columns.Select(c => ids.Select(id => table.Value(id, c) ?? "").ToArray()).ToArray();
        return ProfileTable.FromText(ids, table.Columns, columns);
    }

    /// <summary>
    /// Computes the profile from the store as of <paramref name="asOf"/>: the segmentation job (RFM), and the value job
    /// too when the audience reads a value column. Checks the audience against the columns first, so a spec naming an
    /// unknown column fails before any work.
    /// </summary>
    public static ProfileTable FromStore(CampaignSpec spec, string storePath, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var predicate = CampaignSpecValidator.CheckAudience(spec, StoreColumns.Keys.ToArray(), c => StoreColumns.TryGetValue(c, out var numeric) ? numeric : null);
        var columns = predicate?.Columns().Select(c => c.Column).ToHashSet(StringComparer.Ordinal) ?? [];
        columns.Add(spec.Audience.SegmentColumn);
        var needsValue = columns.Overlaps(ValueJob.ValueColumns);
        var work = Directory.CreateTempSubdirectory("clientele-campaign-").FullName;
        try
        {
            if (needsValue)
            {
                UserErrors.Guard(() => ValueJob.Run(new ValueRequest { StorePath = storePath, OutputDirectory = work, AsOf = asOf }));
            }
            else
            {
                SegmentationJob.Run(new SegmentRequest { StorePath = storePath, OutputDirectory = work, AsOf = asOf });
            }
            return FromTable(CustomerTable.Read(Path.Combine(work, SegmentationJob.CustomersFileName)));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
