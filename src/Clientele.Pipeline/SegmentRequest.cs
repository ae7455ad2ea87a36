using Clientele.Segmentation;

namespace Clientele.Pipeline;

/// <summary>The segmentation methods of <c>clientele segment --method</c>.</summary>
public enum SegmentMethod
{
    /// <summary>RFM scores and the eleven named segments only.</summary>
    Rfm,

    /// <summary>k-means (RFM scores are written too when the features come from the store).</summary>
    KMeans,

    /// <summary>Agglomerative clustering (Ward, average, complete or single linkage).</summary>
    Hierarchical,

    /// <summary>Density-based clustering; customers in no dense region are noise (cluster −1).</summary>
    Dbscan,

    /// <summary>Gaussian mixture with soft membership.</summary>
    GaussianMixture,
}

/// <summary>What <c>clientele segment</c> should do.</summary>
public sealed record SegmentRequest
{
    /// <summary>The store whose customers are segmented; not used with <see cref="FeaturesFile"/>.</summary>
    public string StorePath { get; init; } = "";

    public required string OutputDirectory { get; init; }

    /// <value>The default value is <see cref="SegmentMethod.Rfm"/>.</value>
    public SegmentMethod Method { get; init; } = SegmentMethod.Rfm;

    /// <summary>The number of clusters, or null to choose it (silhouette; BIC for a mixture).</summary>
    /// <value>The default value is null (<c>--k auto</c>).</value>
    public int? K { get; init; }

    /// <summary>Smallest k tried by automatic choice: two clusters split customers in halves, too coarse to market to.</summary>
    /// <value>The default value is <see cref="ClusteringRequest.MinimumK"/>'s.</value>
    public int MinimumK { get; init; } = ClusteringDefaults.MinimumK;

    /// <value>The default value is <see cref="ClusteringRequest.MaximumK"/>'s.</value>
    public int MaximumK { get; init; } = ClusteringDefaults.MaximumK;

    /// <value>The default value is <see cref="ClusteringRequest.Seed"/>'s.</value>
    public int Seed { get; init; } = ClusteringDefaults.Seed;

    /// <value>The default value is <see cref="ClusteringRequest.NumberOfRestarts"/>'s.</value>
    public int Restarts { get; init; } = ClusteringDefaults.NumberOfRestarts;

    /// <summary>The first day not observed; null for the day after the last order in the store.</summary>
    /// <value>The default value is null.</value>
    public DateOnly? AsOf { get; init; }

    /// <value>The default value is <see cref="ClusteringRequest.Linkage"/>'s.</value>
    public Linkage Linkage { get; init; } = ClusteringDefaults.Linkage;

    /// <summary>DBSCAN's radius in the clustering space; null to suggest one from the k-distance curve.</summary>
    /// <value>The default value is null.</value>
    public double? Epsilon { get; init; }

    /// <value>The default value is <see cref="ClusteringRequest.MinimumPoints"/>'s.</value>
    public int MinimumPoints { get; init; } = ClusteringDefaults.MinimumPoints;

    /// <value>The default value is <see cref="ClusteringRequest.Covariance"/>'s.</value>
    public CovarianceType Covariance { get; init; } = ClusteringDefaults.Covariance;

    /// <summary>A CSV of an id column and numeric features to cluster instead of the store's customers.</summary>
    /// <value>The default value is null.</value>
    public string? FeaturesFile { get; init; }

    /// <summary>The id column of <see cref="FeaturesFile"/>; null for its first column.</summary>
    /// <value>The default value is null.</value>
    public string? IdColumn { get; init; }

    /// <summary>Cluster the feature table's columns as they are, without standardising them.</summary>
    /// <value>The default value is false.</value>
    public bool NoScale { get; init; }

    /// <summary>
    /// Add the customers' text interests (<see cref="CustomerInterests"/>: principal components of the spend-weighted
    /// mean of their products' sentence vectors) to the clustering's features. Needs the text model; without it the
    /// segmentation runs on RFM alone and says so.
    /// </summary>
    /// <value>The default value is false.</value>
    public bool TextFeatures { get; init; }

    /// <summary>How many principal components of the text interests join the clustering (with the three RFM features).</summary>
    /// <value>The default value is 2: text then weighs 2 of 5 standardised columns, enough to split customers of equal value by what they buy without drowning value.</value>
    public int TextDimensions { get; init; } = 2;

    /// <summary>
    /// Add each customer's behaviour (docs/behaviour.md: sessions, views and cart adds as log1p, view-to-purchase
    /// conversion, cart abandonment) to the clustering's columns: <c>--features rfm+behaviour</c>. Customers without events
    /// get zeros. RFM scores and named segments are unchanged.
    /// </summary>
    /// <value>The default value is false (recency, frequency and monetary only).</value>
    public bool BehaviourFeatures { get; init; }

    /// <summary>Where the text model is; null for the model cache that <c>scripts/fetch-models.sh</c> fills.</summary>
    /// <value>The default value is null.</value>
    public string? ModelDirectory { get; init; }

    /// <summary>The clustering settings' one default each: this request reads them, and <see cref="ToClusteringRequest"/> hands them back.</summary>
    private static readonly ClusteringRequest ClusteringDefaults = new();

    /// <summary>The clock of the registry's fitted_at.</summary>
    /// <value>The default value is the system clock.</value>
    [System.Text.Json.Serialization.JsonIgnore]
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Where the job is, for a progress bar; null reports nowhere.</summary>
    /// <value>The default value is null.</value>
    public IProgress<JobStep>? Progress { get; init; }

    internal ClusteringRequest ToClusteringRequest() => new()
    {
        Method = Method switch
        {
            SegmentMethod.Hierarchical => ClusteringMethod.Hierarchical,
            SegmentMethod.Dbscan => ClusteringMethod.Dbscan,
            SegmentMethod.GaussianMixture => ClusteringMethod.GaussianMixture,
            _ => ClusteringMethod.KMeans,
        },
        NumberOfClusters = K,
        MinimumK = MinimumK,
        MaximumK = MaximumK,
        NumberOfRestarts = Restarts,
        Seed = Seed,
        Linkage = Linkage,
        Epsilon = Epsilon,
        MinimumPoints = MinimumPoints,
        Covariance = Covariance,
    };
}
