namespace Clientele.Pipeline;

/// <summary>The segmentation methods of <c>clientele segment --method</c>.</summary>
public enum SegmentMethod
{
    /// <summary>RFM scores and the eleven named segments only.</summary>
    Rfm,

    /// <summary>k-means on log-transformed, standardised RFM features (RFM scores are written too).</summary>
    KMeans,
}

/// <summary>What <c>clientele segment</c> should do.</summary>
public sealed record SegmentRequest
{
    public required string StorePath { get; init; }

    public required string OutputDirectory { get; init; }

    /// <value>The default value is <see cref="SegmentMethod.Rfm"/>.</value>
    public SegmentMethod Method { get; init; } = SegmentMethod.Rfm;

    /// <summary>The number of k-means clusters, or null to choose it by silhouette.</summary>
    /// <value>The default value is null (<c>--k auto</c>).</value>
    public int? K { get; init; }

    /// <summary>Smallest k tried by automatic choice: two clusters split customers in halves, too coarse to market to.</summary>
    /// <value>The default value is 3.</value>
    public int MinimumK { get; init; } = 3;

    /// <value>The default value is 10.</value>
    public int MaximumK { get; init; } = 10;

    /// <value>The default value is 42.</value>
    public int Seed { get; init; } = 42;

    /// <value>The default value is 10.</value>
    public int Restarts { get; init; } = 10;

    /// <summary>The first day not observed; null for the day after the last order in the store.</summary>
    /// <value>The default value is null.</value>
    public DateOnly? AsOf { get; init; }
}
