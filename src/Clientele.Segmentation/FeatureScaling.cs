namespace Clientele.Segmentation;

/// <summary>The per-feature mean and standard deviation used to standardise, kept so new customers can be placed in the same space.</summary>
public sealed record FeatureScaling(IReadOnlyList<double> Mean, IReadOnlyList<double> StandardDeviation)
{
    /// <summary>Standardises a row-major matrix in place (z = (x − mean) / sd; a constant feature becomes 0) and returns the scaling.</summary>
    public static FeatureScaling Standardise(double[] values, int rows, int columns)
    {
        ArgumentNullException.ThrowIfNull(values);
        var mean = new double[columns];
        var sd = new double[columns];
        for (var j = 0; j < columns; j++)
        {
            var sum = 0.0;
            for (var i = 0; i < rows; i++)
            {
                sum += values[(i * columns) + j];
            }
            mean[j] = sum / rows;
            var squares = 0.0;
            for (var i = 0; i < rows; i++)
            {
                var d = values[(i * columns) + j] - mean[j];
                squares += d * d;
            }
            // Population standard deviation, as scikit-learn's StandardScaler.
            sd[j] = Math.Sqrt(squares / rows);
            var scale = sd[j] > 0 ? 1 / sd[j] : 0;
            for (var i = 0; i < rows; i++)
            {
                values[(i * columns) + j] = (values[(i * columns) + j] - mean[j]) * scale;
            }
        }
        return new FeatureScaling(mean, sd);
    }

    /// <summary>Places one new row in the standardised space.</summary>
    public void Apply(Span<double> row)
    {
        for (var j = 0; j < row.Length; j++)
        {
            row[j] = StandardDeviation[j] > 0 ? (row[j] - Mean[j]) / StandardDeviation[j] : 0;
        }
    }
}
