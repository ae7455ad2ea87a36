using System.Text.Json;

namespace Clientele.Recommend;

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
