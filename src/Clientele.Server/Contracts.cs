using System.ComponentModel;
using Clientele.Pipeline.Live;

namespace Clientele.Server;

/// <summary>The answer to a batch of events: one result per event, in the order sent.</summary>
public sealed record EventBatchResponse(
    [property: Description("One result per event, in the order the events were sent.")] IReadOnlyList<EventResultResponse> Results,
    [property: Description("How many events were accepted (stored and applied).")] int Accepted,
    [property: Description("How many were duplicates: their event_id was accepted before, so they changed nothing.")] int Duplicates,
    [property: Description("How many were rejected; each result says why.")] int Rejected);

/// <summary>What became of one event.</summary>
public sealed record EventResultResponse(
    [property: Description("The event's event_id as sent (null when it had none).")] string? EventId,
    [property: Description("accepted, duplicate or rejected.")] string Status,
    [property: Description("Why the event was rejected or is a duplicate; null when accepted.")] string? Reason);

/// <summary>A customer's live profile (docs/service.md).</summary>
public sealed record CustomerProfileResponse(
    [property: Description("The customer's id.")] string CustomerId,
    [property: Description("The moment the profile was evaluated at (UTC): time-dependent values are as of then.")] DateTime EvaluatedAt,
    [property: Description("The first day not observed (the day after the request), as the batch commands count days.")] DateOnly AsOf,
    [property: Description("First purchase, or null without one.")] DateTime? FirstPurchaseAt,
    [property: Description("Last purchase, or null without one.")] DateTime? LastPurchaseAt,
    [property: Description("Days from the last purchase to as_of; null without a purchase.")] int? RecencyDays,
    [property: Description("Orders with a purchase line.")] int Frequency,
    [property: Description("Purchases net of returns.")] decimal Monetary,
    [property: Description("Days from the first purchase to as_of.")] int? TenureDays,
    [property: Description("Purchases per order.")] decimal? AverageOrderValue,
    [property: Description("Distinct products bought.")] int DistinctProducts,
    [property: Description("Returned value over purchased value.")] double ReturnRate,
    [property: Description("R, F and M scores (1 to 5) against the current segmentation's customers; null without a purchase or segmentation.")] IReadOnlyList<int>? RfmScores,
    [property: Description("The named RFM segment.")] string? RfmSegment,
    [property: Description("The cluster the current segmentation's classifier gives the customer; null when it has none.")] int? Cluster,
    [property: Description("The classifier's probability of that cluster.")] double? ClusterProbability,
    [property: Description("P(alive) from the current transaction model, at as_of.")] double? PAlive,
    [property: Description("Expected purchases over the value run's horizon (value_horizon_days).")] double? ExpectedPurchases,
    [property: Description("Expected spend per purchase (Gamma-Gamma).")] double? ExpectedAverageSpend,
    [property: Description("Customer lifetime value over the horizon, discounted.")] double? Clv,
    [property: Description("The horizon of expected_purchases and clv, in days.")] int? ValueHorizonDays,
    [property: Description("P(no purchase in churn_horizon_days) from the churn model; null when it is not usable.")] double? ChurnRisk,
    [property: Description("The horizon of churn_risk, in days.")] int? ChurnHorizonDays,
    [property: Description("Recommended products, best first, each with the purchases that led to it.")] IReadOnlyList<RecommendationResponse> Recommendations,
    [property: Description("What the customer's reviews say (star ratings, and the sentiment of the most recent texts); null without a review.")] SentimentResponse? Sentiment,
    [property: Description("The lists the customer is in now, named as the routes name them: the RFM segment, cluster:N, and campaign:ID:ARM for each campaign arm.")] IReadOnlyList<string> Tags,
    [property: Description("The model version of each kind used (segmentation, value, recommender).")] IReadOnlyDictionary<string, long> ModelVersions,
    [property: Description("Why: the segment's cells and shares, the value models' inputs, how the recommendations were made, the reviews read, and notes on what could not be given.")] LiveExplanations Explanations)
{
    public static CustomerProfileResponse From(LiveProfile p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var s = p.Summary;
        return new CustomerProfileResponse(
            p.CustomerId, p.EvaluatedAt, p.AsOf, s.FirstPurchaseAt, s.LastPurchaseAt, s.RecencyDays, s.Frequency, s.Monetary, s.TenureDays,
            s.AverageOrderValue, s.DistinctProducts, s.ReturnRate,
            p.Rfm is { } r ? [r.R, r.F, r.M] : null, p.Rfm?.Segment,
            p.Cluster?.Cluster, p.Cluster?.Probability,
            p.Value?.ProbabilityAlive, p.Value?.ExpectedPurchases, p.Value?.ExpectedAverageSpend, p.Value?.Clv, p.Value?.HorizonDays,
            p.Value?.ChurnRisk, p.Value?.ChurnHorizonDays,
            [.. p.Recommendations.Select(RecommendationResponse.From)],
            p.Sentiment is { } v ? new SentimentResponse(v.Reviews, v.MeanRating, v.LowRatings, v.Texts, v.Judged, v.Positive, v.Neutral, v.Negative, v.MeanScore) : null,
            p.Tags,
            p.ModelVersions,
            p.Explanations);
    }
}

/// <summary>What a customer's reviews say.</summary>
public sealed record SentimentResponse(
    [property: Description("Reviews, each with a star rating.")] int Reviews,
    [property: Description("Their mean star rating, 1 to 5.")] double MeanRating,
    [property: Description("Reviews rated 1 or 2 stars.")] int LowRatings,
    [property: Description("Reviews with a text.")] int Texts,
    [property: Description("Texts a sentiment model read (of the 50 most recent; a text in a language no model reads is not judged).")] int Judged,
    [property: Description("Judged texts read as positive.")] int Positive,
    [property: Description("Judged texts read as neutral.")] int Neutral,
    [property: Description("Judged texts read as negative.")] int Negative,
    [property: Description("The judged texts' mean score, -1 (negative) to 1 (positive); null when none was judged.")] double? MeanScore);

/// <summary>A recommended product.</summary>
public sealed record RecommendationResponse(
    [property: Description("The product's id.")] string ProductId,
    [property: Description("The model's score (higher is better; comparable within one list).")] double Score,
    [property: Description("The customer's purchases most similar to it under the model: what led to it.")] IReadOnlyList<string> Because)
{
    public static RecommendationResponse From(LiveRecommendation r) => new(r.ProductId, r.Score, r.Because);
}

/// <summary>A customer's recommendations.</summary>
public sealed record RecommendationsResponse(
    [property: Description("The customer's id.")] string CustomerId,
    [property: Description("The recommender version used; null when the store has none.")] long? ModelVersion,
    [property: Description("The products, best first.")] IReadOnlyList<RecommendationResponse> Items,
    [property: Description("How they were made.")] IReadOnlyList<string> Explanation);

/// <summary>The service's state.</summary>
public sealed record HealthResponse(
    [property: Description("ok when the store is open and answering.")] string Status,
    [property: Description("The store's schema version.")] int SchemaVersion);

/// <summary>What an erasure removed.</summary>
public sealed record ErasureResponse(
    [property: Description("Rows removed (or, in received_events, whose id was replaced by the tombstone).")] long Rows,
    [property: Description("Rows per table.")] IReadOnlyDictionary<string, long> Tables);
