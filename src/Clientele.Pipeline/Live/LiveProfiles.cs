using Clientele.Core;
using Clientele.Data.Store;
using Clientele.Features;
using Clientele.Features.Behaviour;
using Clientele.Features.Summaries;
using Clientele.Segmentation;
using Clientele.Value;

namespace Clientele.Pipeline.Live;

/// <summary>
/// Builds a customer's live profile from the store's summaries and the current models (<see cref="LiveModels"/>),
/// evaluated at the moment asked: recency, P(alive), expected purchases and CLV move on with the clock, without events.
/// The arithmetic is the batch's own (the summaries' feature statement, <see cref="RfmScale"/>, the value models, the
/// recommender's fold-in); nothing here is fitted.
/// </summary>
public static class LiveProfiles
{
    /// <summary>How many recommendations a profile carries.</summary>
    public const int ProfileRecommendations = 10;

    /// <summary>
    /// The customer's profile at <paramref name="now"/>, or null when the store has never seen the customer; with
    /// <paramref name="rows"/> (a customer grain's), the customer's rows are read through them (<see cref="LiveCustomerRows"/>).
    /// </summary>
    public static LiveProfile? Read(ClienteleStore store, LiveModels models, string customerId, DateTime now, LiveCustomerRows? rows = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(customerId);
        var summary = KeptRows.Read(rows, "summary", () => CustomerSummaryTables.ReadSummaries(store, customerId).SingleOrDefault());
        if (summary is null && !Known(store, customerId, rows))
        {
            return null;
        }
        // The batch's convention: the as-of is the first day not observed; a line timestamped ahead of the clock moves it on.
        var asOf = DateOnly.FromDateTime(now).AddDays(1);
        if (summary is not null && DateOnly.FromDateTime(summary.LastLineAt) >= asOf)
        {
            asOf = DateOnly.FromDateTime(summary.LastLineAt).AddDays(1);
        }
        var features = summary is null ? null : KeptRows.Read(rows, "features", asOf, () => CustomerSummaryReader.FeaturesOf(store, customerId, asOf));
        var notes = new List<string>();
        var segmentWhy = new List<string>();
        var rfm = Rfm(models, features, segmentWhy, notes);
        var cluster = Cluster(models, features, segmentWhy);
        var valueWhy = new List<string>();
        var value = Value(store, models, summary, features, asOf, valueWhy, notes, rows);
        var recommendationWhy = new List<string>();
        var recommendations = LiveRecommendations.For(store, models, customerId, ProfileRecommendations, recommendationWhy, rows);
        // The sentiment with its reasons, kept whole: reading the texts again is the costly part of a profile.
        var (sentiment, sentimentWhy) = KeptRows.Read(rows, "sentiment", asOf, () =>
        {
            var why = new List<string>();
            return (LiveSentiments.Read(store, customerId, asOf, why), (IReadOnlyList<string>)why);
        });
        return new LiveProfile(
            customerId,
            now,
            asOf,
            Summarise(summary, features),
            rfm,
            cluster,
            value,
            recommendations,
            sentiment,
            Tags(store, customerId, rfm, cluster, rows),
            models.Versions,
            new LiveExplanations(segmentWhy, valueWhy, recommendationWhy, [.. sentimentWhy], notes));
    }

    /// <summary>Whether the store has a <c>customers</c> row for the customer (one without a purchase summary may have events only).</summary>
    internal static bool Known(ClienteleStore store, string customerId, LiveCustomerRows? rows) =>
        KeptRows.Read(rows, "known", () => store.Scalar<long>("SELECT count(*) FROM customers WHERE customer_id = $id", ("id", customerId)) > 0);

    /// <summary>The lists the customer is in now: the live RFM segment and cluster, and each campaign's arm.</summary>
    private static List<string> Tags(ClienteleStore store, string customerId, LiveRfm? rfm, LiveCluster? cluster, LiveCustomerRows? rows)
    {
        var tags = new List<string>();
        if (rfm is not null)
        {
            tags.Add(rfm.Segment);
        }
        if (cluster is not null)
        {
            tags.Add(LiveLists.ClusterId(cluster.Cluster));
        }
        tags.AddRange(KeptRows.Read(rows, "campaign arms", () => CampaignArms(store, customerId)));
        return tags;
    }

    private static List<string> CampaignArms(ClienteleStore store, string customerId)
    {
        var arms = new List<string>();
        using var command = store.Command(
            "SELECT campaign_id, arm FROM campaign_assignments WHERE customer_id = $customer ORDER BY campaign_id COLLATE \"C\"", ("customer", customerId));
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            arms.Add($"campaign:{reader.GetString(0)}:{reader.GetString(1)}");
        }
        return arms;
    }

    private static LiveSummary Summarise(Features.Summaries.CustomerSummary? summary, CustomerFeatures? f) => new(
        f?.FirstPurchase,
        f?.LastPurchase,
        f?.RecencyDays,
        f?.Frequency ?? 0,
        f?.Monetary ?? (summary is null ? 0m : summary.Purchased - summary.Returned),
        f?.TenureDays,
        f?.AverageOrderValue,
        f?.DistinctProducts ?? 0,
        f?.ReturnRate ?? 0,
        summary?.PurchaseLines ?? 0,
        summary?.ReturnLines ?? 0);

    private static LiveRfm? Rfm(LiveModels models, CustomerFeatures? features, List<string> why, List<string> notes)
    {
        if (models.Rfm is not { } scales)
        {
            notes.Add("no segmentation in the store yet: RFM scores come with the first clientele segment");
            return null;
        }
        if (features is null)
        {
            why.Add("no purchase yet, so no RFM scores");
            return null;
        }
        double recency = features.RecencyDays, frequency = features.Frequency, monetary = (double)features.Monetary;
        var r = scales.Recency.Score(recency);
        var f = scales.Frequency.Score(frequency);
        var m = scales.Monetary.Score(monetary);
        var segment = RfmSegments.Name(r, f, m);
        why.Add($"R {r}: last purchase {features.RecencyDays} days ago, more recent than {scales.Recency.ShareWorse(recency):P0} of the {scales.Recency.Count:N0} segmented customers");
        why.Add($"F {f}: {features.Frequency} orders, more than {scales.Frequency.ShareWorse(frequency):P0} of them");
        why.Add($"M {m}: {features.Monetary:0.##} spent net of returns, more than {scales.Monetary.ShareWorse(monetary):P0} of them");
        why.Add($"{segment}: {SegmentationJob.DescribeRfmCells(segment)}");
        return new LiveRfm(r, f, m, segment);
    }

    private static LiveCluster? Cluster(LiveModels models, CustomerFeatures? features, List<string> why)
    {
        if (models.Classifier is not { } classifier || features is null)
        {
            return null;
        }
        // One row through the classifier's single-row path (a batch transform costs milliseconds to set up).
        // The classifier's prediction engine serves one caller at a time; profiles are read in parallel.
        Segmentation.Classification.SegmentPrediction prediction;
        lock (classifier)
        {
            prediction = classifier.Predict(SegmentationJob.ProfileMatrix([features]).Row(0));
        }
        var probability = prediction.Probability(prediction.Segment);
        why.Add($"cluster {prediction.Segment}: the segmentation's classifier gives it {probability:P0} from recency, frequency, monetary, tenure, average order value, distinct products and return rate");
        return new LiveCluster(prediction.Segment, probability);
    }

    private static LiveValue? Value(
        ClienteleStore store, LiveModels models, Features.Summaries.CustomerSummary? summary, CustomerFeatures? features, DateOnly asOf, List<string> why, List<string> notes,
        LiveCustomerRows? rows)
    {
        if (models.Value is not { } value)
        {
            notes.Add("no value run in the store yet: P(alive), CLV and churn risk come with the first clientele value");
            return null;
        }
        var periods = new SummaryPeriods(asOf, Unit: TimeUnit.Weeks);
        double? alive = null, expected = null, spend = null, clv = null;
        if (summary?.ToPurchaseHistory(periods) is { } history)
        {
            var c = ValueJob.ToSummary(history);
            alive = value.Transactions.ProbabilityAlive(c.Frequency, c.Recency, c.Age);
            expected = value.Transactions.ConditionalExpectedPurchases(value.HorizonDays / periods.DaysPerUnit, c.Frequency, c.Recency, c.Age);
            spend = value.Spend.ConditionalExpectedAverageSpend(c);
            clv = new CustomerLifetimeValue(value.Transactions, value.Spend, ValueJob.ClvOptions(value.HorizonDays, value.MonthlyDiscountRate, periods)).Value(c);
            why.Add($"{c.Frequency:0} repeat purchase days, the last {c.Recency:0.#} weeks after the first, which was {c.Age:0.#} weeks before {asOf:yyyy-MM-dd} (x, t_x, T of the transaction model)");
            why.Add($"mean repeat purchase value {c.MonetaryValue:0.##}; expected spend per purchase {spend:0.##} (Gamma-Gamma)");
        }
        else
        {
            why.Add("no purchase day yet, so no P(alive) or CLV");
        }
        double? risk = null;
        if (value.Churn is { } churn && features is not null)
        {
            // Kept only for a customer with events: one without counts its days from anyone's first event.
            var behaviour = churn.BehaviourColumns.Count == 0 ? null
                : KeptRows.Read(rows, "behaviour", asOf, () => CustomerBehaviourColumns.ComputeOne(store, features.CustomerId, asOf, recency: true), b => b.WithEvents > 0).Columns;
            // The model's single-row path serves one caller at a time (its own lock).
            (risk, var contributions) = churn.RiskAndContributions(features, behaviour);
            why.Add(contributions is null
                ? $"churn risk from the churn model's inputs: {features.RecencyDays} days since the last purchase, {features.Frequency} orders, tenure {features.TenureDays} days, {features.Monetary:0.##} spent, return rate {features.ReturnRate:P0}"
                    + (behaviour is null ? "" : ", and the behaviour columns")
                    + " (this churn model predates the typical customer its contributions are measured against: the next clientele value keeps one)"
                : $"churn risk {risk:0.###}; what moves it most against the churn model's typical customer (each input alone set to its median at training): "
                    + string.Join("; ", contributions.Take(3).Select(c => $"{c.Feature} {c.Contribution:+0.###;-0.###;0}")));
        }
        else if (value.Churn is null)
        {
            notes.Add("churn risk is not given: the value run's churn model was not usable or not made (clientele value says why)");
        }
        if (alive is not null && risk is not null)
        {
            // Both high reads as a contradiction to a person: say what each answers, as the value run does.
            notes.Add(DataSupport.AliveVersusChurn(value.ChurnHorizonDays ?? value.HorizonDays, value.Transactions is BetaGeoModel));
        }
        return new LiveValue(alive, expected, spend, clv, value.HorizonDays, risk, value.ChurnHorizonDays);
    }
}
