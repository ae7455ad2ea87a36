namespace Clientele.Recommend;

/// <summary>Settings for <see cref="ItemKnnFitter"/>.</summary>
public sealed record ItemKnnOptions
{
    /// <summary>Gets the similarity.</summary>
    /// <value>The default value is <see cref="ItemSimilarity.Cosine"/>.</value>
    public ItemSimilarity Similarity { get; init; } = ItemSimilarity.Cosine;

    /// <summary>
    /// Gets the number of neighbours kept per item (the top-K pruning of the similarity matrix; implicit's <c>K</c>,
    /// which there counts the item itself). Also the longest list <see cref="IRecommender.SimilarItems"/> can return.
    /// </summary>
    /// <value>The default value is 20 (implicit's); at least 1.</value>
    public int Neighbours { get; init; } = 20;

    /// <summary>Gets K1 of the BM25 weighting.</summary>
    /// <value>The default value is 1.2 (implicit's <c>BM25Recommender</c>).</value>
    public float K1 { get; init; } = 1.2f;

    /// <summary>Gets B of the BM25 weighting.</summary>
    /// <value>The default value is 0.75 (implicit's <c>BM25Recommender</c>).</value>
    public float B { get; init; } = 0.75f;

    /// <summary>Throws <see cref="ArgumentException"/> when a setting is out of range.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Similarity))
        {
            throw new ArgumentException($"{nameof(Similarity)} {(int)Similarity} is not an item similarity.", nameof(Similarity));
        }
        if (Neighbours < 1)
        {
            throw new ArgumentException($"{nameof(Neighbours)} must be at least 1, got {Neighbours}.", nameof(Neighbours));
        }
        InteractionWeighting.Bm25(K1, B).Validate();
    }
}
