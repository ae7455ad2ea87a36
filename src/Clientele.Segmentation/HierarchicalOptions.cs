using Clientele.Core;

namespace Clientele.Segmentation;

/// <summary>Settings for <see cref="HierarchicalFitter"/>; set exactly one of <see cref="NumberOfClusters"/> and <see cref="CutHeight"/>.</summary>
public sealed record HierarchicalOptions
{
    /// <summary>Gets the linkage.</summary>
    /// <value>The default value is <see cref="DefaultLinkage"/>.</value>
    public Linkage Linkage { get; init; } = DefaultLinkage;

    /// <summary>The default <see cref="Linkage"/>: <see cref="Linkage.Ward"/>.</summary>
    public const Linkage DefaultLinkage = Linkage.Ward;

    /// <summary>Gets the number of clusters to cut the dendrogram into (undoing its last k − 1 merges), or null to cut at <see cref="CutHeight"/>.</summary>
    /// <value>The default value is null.</value>
    public int? NumberOfClusters { get; init; }

    /// <summary>
    /// Gets the height at which to cut the dendrogram (every merge of height at most this is kept; SciPy's
    /// <c>fcluster(Z, t, 'distance')</c>), or null to cut into <see cref="NumberOfClusters"/>.
    /// </summary>
    /// <value>The default value is null.</value>
    public double? CutHeight { get; init; }

    /// <summary>
    /// Gets the largest number of rows clustered exactly. The algorithm keeps all pairwise distances (8 × n(n − 1) / 2
    /// bytes: 1.6 GB at 20,000 rows); above the limit, a seeded random sample of this many rows is clustered and every
    /// other row is assigned as <see cref="HierarchicalModel.Predict(ReadOnlySpan{double})"/> assigns a new point.
    /// </summary>
    /// <value>The default value is <see cref="DefaultSampleLimit"/>; at most 65,536.</value>
    public int SampleLimit { get; init; } = DefaultSampleLimit;

    /// <summary>The default <see cref="SampleLimit"/>: 20,000 rows.</summary>
    public const int DefaultSampleLimit = 20_000;

    /// <summary>Gets the seed of the sample drawn when there are more rows than <see cref="SampleLimit"/>.</summary>
    /// <value>The default value is <see cref="RandomSeed.Default"/>.</value>
    public int Seed { get; init; } = RandomSeed.Default;

    /// <summary>Throws <see cref="ArgumentException"/> when a setting is out of range.</summary>
    /// <exception cref="ArgumentException">A setting is out of range; the message names it and its valid range.</exception>
    public void Validate()
    {
        if (!Enum.IsDefined(Linkage))
        {
            throw new ArgumentException($"{nameof(Linkage)} {(int)Linkage} is not a linkage.", nameof(Linkage));
        }
        if (NumberOfClusters is null == CutHeight is null)
        {
            throw new ArgumentException(
                $"Set exactly one of {nameof(NumberOfClusters)} and {nameof(CutHeight)} (got {(NumberOfClusters is null ? "neither" : "both")}).",
                nameof(NumberOfClusters));
        }
        if (NumberOfClusters is < 1)
        {
            throw new ArgumentException($"{nameof(NumberOfClusters)} must be at least 1, got {NumberOfClusters}.", nameof(NumberOfClusters));
        }
        if (CutHeight is { } height && (!double.IsFinite(height) || height < 0))
        {
            throw new ArgumentException($"{nameof(CutHeight)} must be a finite number >= 0, got {height}.", nameof(CutHeight));
        }
        if (SampleLimit is < 2 or > HierarchicalFitter.MaximumSampleLimit)
        {
            throw new ArgumentException(
                $"{nameof(SampleLimit)} must be between 2 and {HierarchicalFitter.MaximumSampleLimit}, got {SampleLimit}.", nameof(SampleLimit));
        }
    }
}
