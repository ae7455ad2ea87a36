namespace Clientele.Recommend;

/// <summary>How raw interaction weights (counts, quantities) are turned into confidences.</summary>
public enum WeightingScheme
{
    /// <summary>The summed weights as they are.</summary>
    Counts,

    /// <summary>1 for every stored pair.</summary>
    Binary,

    /// <summary>
    /// <c>1 + α·log(1 + x)</c>: the log-scaled confidence of Hu, Koren &amp; Volinsky (2008, eq. after (1), with ε = 1),
    /// which damps heavy repeat buyers.
    /// </summary>
    Log,

    /// <summary>
    /// Okapi BM25 as implicit's <c>bm25_weight(X, K1, B)</c>: rows are documents, columns terms;
    /// <c>x·(K1 + 1) / (K1·lengthNorm(row) + x) · idf(column)</c> with <c>lengthNorm = (1 − B) + B·rowSum/mean(rowSum)</c>
    /// and <c>idf = log N − log(1 + df)</c> (N rows, df = rows holding the column).
    /// </summary>
    Bm25,

    /// <summary>TF-IDF as implicit's <c>tfidf_weight(X)</c>: <c>sqrt(x) · idf(column)</c>, idf as for <see cref="Bm25"/>.</summary>
    TfIdf,
}
