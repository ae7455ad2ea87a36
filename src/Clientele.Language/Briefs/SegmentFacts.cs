namespace Clientele.Language.Briefs;

/// <summary>What kind of group a segment is: it decides how a brief names it.</summary>
public enum SegmentKind
{
    /// <summary>One of the eleven named RFM segments ("Champions").</summary>
    RfmSegment,

    /// <summary>A cluster of k-means, hierarchical, DBSCAN or a Gaussian mixture ("cluster 3").</summary>
    Cluster,

    /// <summary>DBSCAN's customers in no dense group.</summary>
    Noise,
}

/// <summary>The profile features a brief talks about, as segments.json and customers.csv name them.</summary>
public static class SegmentFeatures
{
    public const string RecencyDays = "recency_days";
    public const string Frequency = "frequency";
    public const string Monetary = "monetary";
    public const string TenureDays = "tenure_days";
    public const string AverageOrderValue = "average_order_value";
    public const string DistinctProducts = "distinct_products";
    public const string ReturnRate = "return_rate";
}

/// <summary>One feature of a segment against every customer, in the feature's own units.</summary>
/// <param name="Lift">Segment mean / overall mean, or null when the overall mean is 0.</param>
/// <param name="StandardisedDifference">(segment mean − overall mean) / overall standard deviation (0 when every customer has the same value).</param>
public sealed record FeatureFact(string Feature, double Mean, double Median, double OverallMean, double OverallMedian, double? Lift, double StandardisedDifference);

/// <summary>A product as a segment buys it.</summary>
/// <param name="Name">The product's description as the store has it (briefs tidy its case and spaces).</param>
/// <param name="Revenue">Net value of the segment's lines of this product (returns count against it).</param>
/// <param name="Customers">Customers of the segment who bought it at least once.</param>
/// <param name="Penetration">Customers / the segment's customers.</param>
/// <param name="OverallPenetration">Share of all customers who bought it, when known.</param>
public sealed record ProductFact(string ProductId, string Name, double Revenue, int Customers, double Penetration, double? OverallPenetration = null);

/// <summary>How many of a cluster's customers sit in one named RFM segment.</summary>
public sealed record SegmentMixEntry(string Segment, int Customers, double Share);

/// <summary>Means of a value run's columns over the segment (each null when the run did not produce it).</summary>
/// <param name="HorizonDays">The horizon of CLV, when known.</param>
public sealed record ValueFacts(double? MeanClv, double? OverallMeanClv, double? MeanProbabilityAlive, double? MeanChurnRisk, int? HorizonDays = null);

/// <summary>What the segment's customers wrote in their reviews.</summary>
/// <param name="PositiveShare">Share of the reviews classified positive (0–1).</param>
/// <param name="NegativeShare">Share classified negative (0–1).</param>
public sealed record SentimentFacts(int Reviews, double PositiveShare, double NegativeShare);

/// <summary>The star ratings the segment's customers gave (1–5), with or without a review text.</summary>
/// <param name="MeanRating">The mean rating.</param>
/// <param name="LowShare">Share of the ratings that are 1 or 2 stars (0–1).</param>
public sealed record RatingFacts(int Ratings, double MeanRating, double LowShare);

/// <summary>
/// Everything a segment brief may say, and nothing else: the template writer and the language model get exactly these
/// facts, so every number and product in a brief can be traced back to them. Facts are plain values (no NaN or ∞);
/// what is unknown is null or empty.
/// </summary>
public sealed record SegmentFacts
{
    /// <summary>The segmentation method: "rfm", "kmeans", "hierarchical", "dbscan" or "gmm".</summary>
    public required string Method { get; init; }

    /// <summary>The segment's id in segments.json (the cluster number, or the RFM segment's rank from 1; −1 for noise).</summary>
    public required int SegmentId { get; init; }

    /// <summary>"Champions" or "cluster 3".</summary>
    public required string Name { get; init; }

    /// <summary>The profile's label: "high value, recent, frequent", or "R 4–5, FM 4–5" for an RFM segment.</summary>
    public required string Label { get; init; }

    public required SegmentKind Kind { get; init; }

    public required int Customers { get; init; }

    /// <summary>Customers in the segmentation (the denominator of <see cref="CustomerShare"/>).</summary>
    public required int TotalCustomers { get; init; }

    /// <summary>Customers / <see cref="TotalCustomers"/>.</summary>
    public required double CustomerShare { get; init; }

    /// <summary>The segment's net revenue (sum of its customers' monetary value).</summary>
    public required double Revenue { get; init; }

    /// <summary>Revenue / everyone's revenue, or null when everyone's revenue is not positive.</summary>
    public required double? RevenueShare { get; init; }

    /// <summary>
    /// The shop's rhythm: the median number of days between consecutive orders of all repeat customers, or null when too
    /// few customers have ordered twice. The angle rules measure recency against it (<see cref="MarketingAngleRules"/>).
    /// </summary>
    public double? OrderIntervalDays { get; init; }

    /// <summary>Profile features; a brief needs at least recency_days, frequency and monetary.</summary>
    public required IReadOnlyList<FeatureFact> Features { get; init; }

    /// <summary>For a cluster: its customers' named RFM segments, largest first. Empty for RFM segments.</summary>
    public IReadOnlyList<SegmentMixEntry> RfmMix { get; init; } = [];

    /// <summary>The products the segment spends most on, largest first.</summary>
    public IReadOnlyList<ProductFact> TopProducts { get; init; } = [];

    /// <summary>Widely bought products that this segment buys less than everyone does: candidates to offer them.</summary>
    public IReadOnlyList<ProductFact> CrossSellProducts { get; init; } = [];

    /// <summary>Distinctive words of the segment's products or reviews, most distinctive first (optional).</summary>
    public IReadOnlyList<string> Themes { get; init; } = [];

    /// <summary>Means of lifetime value, P(alive) and churn risk, when a value run has added them (optional).</summary>
    public ValueFacts? Value { get; init; }

    /// <summary>Review sentiment of the segment's customers, from a text model (optional).</summary>
    public SentimentFacts? Sentiment { get; init; }

    /// <summary>The star ratings of the segment's customers (optional); briefs tell them when no text model read the reviews.</summary>
    public RatingFacts? Ratings { get; init; }

    /// <summary>How the segment's customers behaved on the site, when the store has behaviour events (optional; the templates do not word it yet).</summary>
    public Clientele.Core.SegmentBehaviour? Behaviour { get; init; }

    /// <summary><see cref="Behaviour"/> against everyone's (optional, with it).</summary>
    public Clientele.Core.BehaviourLifts? BehaviourLifts { get; init; }

    /// <summary>The feature called <paramref name="feature"/>, or null.</summary>
    public FeatureFact? Feature(string feature)
    {
        foreach (var f in Features)
        {
            if (f.Feature == feature)
            {
                return f;
            }
        }
        return null;
    }

    /// <summary>The feature called <paramref name="feature"/>; an <see cref="ArgumentException"/> when the facts lack it.</summary>
    public FeatureFact RequiredFeature(string feature) =>
        Feature(feature) ?? throw new ArgumentException($"The facts of segment {Name} lack the feature {feature}, which a brief needs.");
}
