using Clientele.Core;

namespace Clientele.Recommend;

/// <summary>The recommenders by the names a command line uses, each with its default settings and one seed.</summary>
public static class RecommenderFitters
{
    /// <summary>
    /// Gets the names <see cref="Create"/> accepts: <c>als</c>, <c>bpr</c>, <c>item-knn</c> (cosine),
    /// <c>item-knn-bm25</c>, <c>popular</c>, <c>segment-popular</c> (needs segments) and <c>hybrid</c>.
    /// </summary>
    public static IReadOnlyList<string> Names { get; } = ["als", "bpr", "item-knn", "item-knn-bm25", "popular", "segment-popular", "hybrid"];

    /// <summary>ALS's settings as <c>als</c> fits: the defaults, with <paramref name="seed"/>.</summary>
    public static AlsOptions AlsDefaults(int seed) => new() { Seed = seed };

    /// <summary>The fitter named <paramref name="algorithm"/> (case-insensitive).</summary>
    /// <param name="algorithm">One of <see cref="Names"/>.</param>
    /// <param name="seed">The seed of the randomised fitters (ALS, BPR, the hybrid's ALS).</param>
    /// <param name="userSegments">The segment of each user: required by <c>segment-popular</c>, used by <c>hybrid</c> for cold starts.</param>
    /// <exception cref="ArgumentException">The name is unknown (the message lists the known ones), or <c>segment-popular</c> has no segments.</exception>
    public static IRecommenderFitter Create(string algorithm, int seed = RandomSeed.Default, IReadOnlyDictionary<string, string>? userSegments = null)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        return algorithm.ToLowerInvariant() switch
        {
            "als" => new AlsFitter(AlsDefaults(seed)),
            "bpr" => new BprFitter(new BprOptions { Seed = seed }),
            "item-knn" => new ItemKnnFitter(),
            "item-knn-bm25" => new ItemKnnFitter(new ItemKnnOptions { Similarity = ItemSimilarity.Bm25 }),
            "popular" or "popularity" => new PopularityFitter(),
            "segment-popular" or "segment-popularity" => new SegmentPopularityFitter(
                userSegments ?? throw new ArgumentException("segment-popular needs the segment of each user.", nameof(userSegments))),
            "hybrid" => HybridFitter.Default(seed, userSegments),
            _ => throw new ArgumentException($"Unknown recommender \"{algorithm}\"; expected one of {string.Join(", ", Names)}.", nameof(algorithm)),
        };
    }
}
