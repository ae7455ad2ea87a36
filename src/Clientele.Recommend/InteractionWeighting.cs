namespace Clientele.Recommend;

/// <summary>
/// A weighting of the interaction matrix (see <see cref="WeightingScheme"/>); rows are documents and columns terms, so
/// on a users × items matrix the idf is per item and the length normalisation per user.
/// </summary>
/// <remarks>
/// The idf is floored at 0 (implicit's can go negative for a column held by every row or all but one, which would make
/// a confidence negative); elsewhere the numbers equal implicit's.
/// </remarks>
public sealed record InteractionWeighting
{
    /// <summary>Gets the scheme.</summary>
    /// <value>The default value is <see cref="WeightingScheme.Counts"/>.</value>
    public WeightingScheme Scheme { get; init; } = WeightingScheme.Counts;

    /// <summary>Gets α of <see cref="WeightingScheme.Log"/>.</summary>
    /// <value>The default value is 1; must be finite and &gt; 0.</value>
    public float Alpha { get; init; } = 1f;

    /// <summary>Gets K1 of <see cref="WeightingScheme.Bm25"/> (term-frequency saturation).</summary>
    /// <value>The default value is 100 (implicit's <c>bm25_weight</c>); must be finite and &gt;= 0.</value>
    public float K1 { get; init; } = 100f;

    /// <summary>Gets B of <see cref="WeightingScheme.Bm25"/> (length normalisation, 0 … 1).</summary>
    /// <value>The default value is 0.8 (implicit's <c>bm25_weight</c>).</value>
    public float B { get; init; } = 0.8f;

    /// <summary>Gets the weighting that keeps the summed weights.</summary>
    public static InteractionWeighting Counts { get; } = new();

    /// <summary>Gets the weighting that sets every pair to 1.</summary>
    public static InteractionWeighting Binary { get; } = new() { Scheme = WeightingScheme.Binary };

    /// <summary>Gets TF-IDF weighting.</summary>
    public static InteractionWeighting TfIdf { get; } = new() { Scheme = WeightingScheme.TfIdf };

    /// <summary>The log weighting <c>1 + α·log(1 + x)</c>.</summary>
    public static InteractionWeighting Log(float alpha = 1f) => new() { Scheme = WeightingScheme.Log, Alpha = alpha };

    /// <summary>BM25 weighting with saturation <paramref name="k1"/> and length normalisation <paramref name="b"/>.</summary>
    public static InteractionWeighting Bm25(float k1 = 100f, float b = 0.8f) => new() { Scheme = WeightingScheme.Bm25, K1 = k1, B = b };

    /// <summary>Throws <see cref="ArgumentException"/> when a setting is out of range.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Scheme))
        {
            throw new ArgumentException($"{nameof(Scheme)} {(int)Scheme} is not a weighting scheme.", nameof(Scheme));
        }
        if (!float.IsFinite(Alpha) || Alpha <= 0)
        {
            throw new ArgumentException($"{nameof(Alpha)} must be a finite number > 0, got {Alpha}.", nameof(Alpha));
        }
        if (!float.IsFinite(K1) || K1 < 0)
        {
            throw new ArgumentException($"{nameof(K1)} must be a finite number >= 0, got {K1}.", nameof(K1));
        }
        if (!float.IsFinite(B) || B < 0 || B > 1)
        {
            throw new ArgumentException($"{nameof(B)} must be between 0 and 1, got {B}.", nameof(B));
        }
    }

    /// <summary>The weighting's statistics (idf per column, mean row sum) measured on <paramref name="documents"/>.</summary>
    internal FittedWeighting Fit(SparseMatrix documents)
    {
        Validate();
        float[] idf = [];
        var meanRowSum = 0.0;
        if (Scheme is WeightingScheme.Bm25 or WeightingScheme.TfIdf)
        {
            var counts = documents.ColumnCounts();
            idf = new float[documents.Columns];
            var logN = Math.Log(Math.Max(documents.Rows, 1));
            for (var c = 0; c < idf.Length; c++)
            {
                idf[c] = (float)Math.Max(0.0, logN - Math.Log(1.0 + counts[c]));
            }
            if (documents.Rows > 0)
            {
                var values = documents.Values;
                var total = 0.0;
                foreach (var value in values)
                {
                    total += value;
                }
                meanRowSum = total / documents.Rows;
            }
        }
        return new FittedWeighting(this, idf, meanRowSum);
    }
}
