namespace Clientele.Recommend;

/// <summary>The item-item similarity of <see cref="ItemKnnFitter"/>, as implicit's <c>ItemItemRecommender</c> variants.</summary>
public enum ItemSimilarity
{
    /// <summary>Cosine of the items' user vectors (implicit's <c>CosineRecommender</c>).</summary>
    Cosine,

    /// <summary>
    /// Dot product of the items' BM25-weighted user vectors, items as documents and users as terms (implicit's
    /// <c>BM25Recommender</c>, K1 = 1.2, B = 0.75 by default).
    /// </summary>
    Bm25,
}
