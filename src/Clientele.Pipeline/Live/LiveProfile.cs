namespace Clientele.Pipeline.Live;

/// <summary>
/// One customer's live profile (docs/service.md): the summaries, the current models applied at the moment of the
/// request, the versions used, and why. Quantities a model could not give are null, with the reason in
/// <see cref="Explanations"/>.
/// </summary>
/// <param name="AsOf">The first day not observed: the day after the request (and after the customer's last event), as the batch commands count.</param>
/// <param name="Sentiment">What the customer's reviews say; null without a review.</param>
/// <param name="Tags">
/// The lists the customer is in now, each named as the routes name it: the RFM segment (as <c>/v1/segments/{id}</c>),
/// <c>cluster:N</c>, and <c>campaign:ID:ARM</c> for each campaign that assigned the customer an arm.
/// </param>
public sealed record LiveProfile(
    string CustomerId,
    DateTime EvaluatedAt,
    DateOnly AsOf,
    LiveSummary Summary,
    LiveRfm? Rfm,
    LiveCluster? Cluster,
    LiveValue? Value,
    IReadOnlyList<LiveRecommendation> Recommendations,
    LiveSentiment? Sentiment,
    IReadOnlyList<string> Tags,
    IReadOnlyDictionary<string, long> ModelVersions,
    LiveExplanations Explanations);

/// <summary>What the customer's order lines add up to, at the as-of.</summary>
/// <param name="RecencyDays">Days from the last purchase to the as-of; null without a purchase.</param>
/// <param name="Frequency">Orders with a purchase line.</param>
/// <param name="Monetary">Purchases net of returns.</param>
public sealed record LiveSummary(
    DateTime? FirstPurchaseAt,
    DateTime? LastPurchaseAt,
    int? RecencyDays,
    int Frequency,
    decimal Monetary,
    int? TenureDays,
    decimal? AverageOrderValue,
    int DistinctProducts,
    double ReturnRate,
    long PurchaseLines,
    long ReturnLines);

/// <summary>The RFM scores against the current segmentation's customers, and the named segment.</summary>
public sealed record LiveRfm(int R, int F, int M, string Segment);

/// <summary>The cluster the current segmentation's classifier gives the customer's features, with its probability.</summary>
public sealed record LiveCluster(int Cluster, double Probability);

/// <summary>The current value models at the moment of the request.</summary>
/// <param name="HorizonDays">The horizon of <see cref="ExpectedPurchases"/> and <see cref="Clv"/>, as the value run set it.</param>
/// <param name="ChurnRisk">P(no purchase in <see cref="ChurnHorizonDays"/>), when the run's churn model is usable; else null.</param>
public sealed record LiveValue(
    double? ProbabilityAlive,
    double? ExpectedPurchases,
    double? ExpectedAverageSpend,
    double? Clv,
    int HorizonDays,
    double? ChurnRisk,
    int? ChurnHorizonDays);

/// <summary>A recommended product, its score, and the customer's purchases that led to it (most similar first).</summary>
public sealed record LiveRecommendation(string ProductId, double Score, IReadOnlyList<string> Because);

/// <summary>
/// Why: the RFM cells with the share of customers each value beats; the classifier's reading; the value models'
/// inputs (x, t_x, T); the churn model's inputs; how the recommendations were made; the reviews read. Notes say what could not be given.
/// </summary>
public sealed record LiveExplanations(
    IReadOnlyList<string> Segment,
    IReadOnlyList<string> Value,
    IReadOnlyList<string> Recommendations,
    IReadOnlyList<string> Sentiment,
    IReadOnlyList<string> Notes);
