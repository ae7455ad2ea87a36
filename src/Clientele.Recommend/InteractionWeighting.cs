using System.Text.Json;

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

/// <summary>A weighting with its statistics measured on the training matrix, so that a new row is weighted alike.</summary>
internal sealed class FittedWeighting(InteractionWeighting settings, float[] idf, double meanRowSum)
{
    public InteractionWeighting Settings { get; } = settings;

    public float[] Idf { get; } = idf;

    public double MeanRowSum { get; } = meanRowSum;

    public static FittedWeighting None { get; } = new(InteractionWeighting.Counts, [], 0);

    /// <summary>The matrix with every row weighted (rows in parallel).</summary>
    public SparseMatrix Apply(SparseMatrix matrix)
    {
        if (Settings.Scheme == WeightingScheme.Counts)
        {
            return matrix;
        }
        var result = new float[matrix.NonZeros];
        Parallel.For(0, matrix.Rows, row =>
        {
            var start = matrix.RowPointers[row];
            ApplyRow(matrix.RowIndices(row), matrix.RowValues(row), result.AsSpan(start, matrix.RowLength(row)));
        });
        return matrix.WithValues(result);
    }

    /// <summary>Weights one row (its columns and raw values) into <paramref name="destination"/>.</summary>
    public void ApplyRow(ReadOnlySpan<int> columns, ReadOnlySpan<float> values, Span<float> destination)
    {
        var s = Settings;
        switch (s.Scheme)
        {
            case WeightingScheme.Counts:
                values.CopyTo(destination);
                break;
            case WeightingScheme.Binary:
                destination[..values.Length].Fill(1f);
                break;
            case WeightingScheme.Log:
                for (var n = 0; n < values.Length; n++)
                {
                    destination[n] = 1f + (s.Alpha * (float)Math.Log(1.0 + values[n]));
                }
                break;
            case WeightingScheme.TfIdf:
                for (var n = 0; n < values.Length; n++)
                {
                    destination[n] = (float)Math.Sqrt(values[n]) * IdfOf(columns[n]);
                }
                break;
            case WeightingScheme.Bm25:
                var rowSum = 0.0;
                foreach (var value in values)
                {
                    rowSum += value;
                }
                var lengthNorm = (1.0 - s.B) + (MeanRowSum > 0 ? s.B * rowSum / MeanRowSum : s.B);
                for (var n = 0; n < values.Length; n++)
                {
                    destination[n] = (float)(values[n] * (s.K1 + 1.0) / ((s.K1 * lengthNorm) + values[n]) * IdfOf(columns[n]));
                }
                break;
            default:
                throw new InvalidOperationException($"Unknown weighting scheme {s.Scheme}.");
        }
    }

    private float IdfOf(int column) => column < Idf.Length ? Idf[column] : 0f;

    public void Write(Utf8JsonWriter writer, string name)
    {
        writer.WriteStartObject(name);
        writer.WriteString("scheme", Settings.Scheme.ToString());
        writer.WriteNumber("alpha", Settings.Alpha);
        writer.WriteNumber("k1", Settings.K1);
        writer.WriteNumber("b", Settings.B);
        writer.WriteNumber("meanRowSum", MeanRowSum);
        JsonParts.WriteArray(writer, "idf", Idf);
        writer.WriteEndObject();
    }

    public static FittedWeighting Read(JsonElement element)
    {
        var schemeName = element.GetProperty("scheme").GetString();
        if (!Enum.TryParse<WeightingScheme>(schemeName, ignoreCase: false, out var scheme) || !Enum.IsDefined(scheme))
        {
            throw new FormatException($"Unknown weighting scheme \"{schemeName}\".");
        }
        var settings = new InteractionWeighting
        {
            Scheme = scheme,
            Alpha = element.GetProperty("alpha").GetSingle(),
            K1 = element.GetProperty("k1").GetSingle(),
            B = element.GetProperty("b").GetSingle(),
        };
        try
        {
            settings.Validate();
        }
        catch (ArgumentException exception)
        {
            throw new FormatException(exception.Message, exception);
        }
        return new FittedWeighting(settings, JsonParts.FloatArray(element, "idf"), element.GetProperty("meanRowSum").GetDouble());
    }
}
