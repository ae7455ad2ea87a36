namespace Clientele.Pipeline.Tests;

/// <summary>
/// Fits what readers of the store (report, brief, campaign plan) use, as a user would run segment, value and recommend
/// before them: each becomes the current version of its kind.
/// </summary>
public static class CurrentModels
{
    /// <param name="method">The segmentation: RFM only (the default), or a clustering besides.</param>
    /// <param name="value">Also fit the value models (for audiences and briefs that read clv, churn_risk, …).</param>
    /// <param name="recommender">Also make this recommender's lists (for recommendation arms), as of <paramref name="asOf"/>.</param>
    public static void Make(string store, DateOnly? asOf = null, SegmentMethod method = SegmentMethod.Rfm, bool value = false, string? recommender = null)
    {
        var work = Directory.CreateTempSubdirectory("clientele-models-").FullName;
        try
        {
            SegmentationJob.Run(new SegmentRequest { StorePath = store, OutputDirectory = work, AsOf = asOf, Method = method });
            if (value)
            {
                ValueJob.Run(new ValueRequest { StorePath = store, OutputDirectory = work, AsOf = asOf });
            }
            if (recommender is not null)
            {
                RecommendJob.Run(new RecommendRequest { StorePath = store, OutputDirectory = work, Algorithm = recommender, AsOf = asOf, Top = 3 });
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>
    /// What a campaign plan of <paramref name="specFile"/> reads, as of the day it plans from (its start, or the day
    /// after the last order when that is earlier): the RFM segmentation, the value models when the spec names a value
    /// column, and its recommender's lists when it has a recommendation arm.
    /// </summary>
    public static void ForCampaign(string store, string specFile)
    {
        var spec = Clientele.Pipeline.Campaigns.CampaignSpecReader.Read(specFile);
        DateOnly asOf;
        using (var opened = Data.Store.ClienteleStore.OpenExisting(store))
        {
            var end = Features.CustomerFeatureQuery.DefaultAsOf(opened);
            asOf = spec.Start < end ? spec.Start : end;
        }
        var text = File.ReadAllText(specFile);
        var value = ValueJob.ValueColumns.Any(c => text.Contains(c, StringComparison.Ordinal));
        var recommendations = spec.Arms.Any(a => a.Kind == Marketing.Campaigns.ArmKind.Recommendation);
        Make(store, asOf, value: value, recommender: recommendations ? spec.Recommender : null);
    }
}
