using Clientele.Core;
using Clientele.Value.Churn;

namespace Clientele.Value.ValueClass;

/// <summary>The value-class model's inputs: every column on the sign(x) log(1 + |x|) scale, as single precision.</summary>
internal static class ValueClassFeatures
{
    public static float[][] Matrix(FeatureMatrix features)
    {
        var rows = new float[features.Rows][];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = Vector(features.Row(i), i);
        }
        return rows;
    }

    public static float[] Vector(ReadOnlySpan<double> row, int index)
    {
        var result = new float[row.Length];
        for (var j = 0; j < row.Length; j++)
        {
            if (!double.IsFinite(row[j]))
            {
                throw new ValueModelException($"Row {index}, feature {j} is {row[j]}; features must be finite numbers.");
            }
            result[j] = ChurnFeatures.SignedLog1P(row[j]);
        }
        return result;
    }
}
