using Clientele.Data.Store;
using Clientele.Pipeline.Campaigns;

namespace Clientele.Pipeline.Live;

/// <summary>A stored campaign: its plan, its arms' sizes, and its latest results (none until it is analysed).</summary>
public sealed record LiveCampaign(CampaignRecord Campaign, IReadOnlyDictionary<string, long> Arms, IReadOnlyList<CampaignResultRecord> Results);

/// <summary>
/// The service's campaigns: a plan made from a spec sent as text (the CLI's <c>campaign plan</c> on the store, its files
/// in a temporary folder), the store's campaigns, and one campaign with its arms and results (<c>campaign analyze</c>
/// records them).
/// </summary>
public static class LiveCampaigns
{
    /// <summary>Plans the campaign of <paramref name="specText"/> (YAML) on the store and records it.</summary>
    /// <exception cref="Core.ClienteleException">The spec is not valid or cannot be planned; the message says why.</exception>
    public static CampaignPlanResult Plan(string storeLocation, string specText, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(specText);
        var folder = Directory.CreateTempSubdirectory("clientele-campaign-");
        try
        {
            var spec = Path.Combine(folder.FullName, "campaign.yaml");
            File.WriteAllText(spec, specText);
            return CampaignPlanJob.Run(new CampaignPlanRequest { SpecFile = spec, StorePath = storeLocation, OutputDirectory = Path.Combine(folder.FullName, "out"), Time = time });
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>Every campaign's id, newest plan first.</summary>
    public static IReadOnlyList<string> List(ClienteleStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var ids = new List<string>();
        using var command = store.Command("SELECT campaign_id FROM campaigns ORDER BY planned_at DESC, campaign_id COLLATE \"C\"");
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
        }
        return ids;
    }

    /// <summary>The campaign with its arms and results, or null when there is none of that id.</summary>
    public static LiveCampaign? Read(ClienteleStore store, string campaignId)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (CampaignTables.Find(store, campaignId) is not { } campaign)
        {
            return null;
        }
        var arms = new SortedDictionary<string, long>(StringComparer.Ordinal);
        using (var command = store.Command("SELECT arm, count(*) FROM campaign_assignments WHERE campaign_id = $id GROUP BY arm", ("id", campaignId)))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                arms[reader.GetString(0)] = reader.GetInt64(1);
            }
        }
        return new LiveCampaign(campaign, arms, CampaignTables.Results(store, campaignId));
    }
}
