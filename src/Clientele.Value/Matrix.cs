namespace Clientele.Value;

/// <summary>Small dense linear algebra for the covariance of a handful of parameters.</summary>
internal static class Matrix
{
    /// <summary>The inverse of a symmetric positive-definite matrix by Cholesky; null when it is not positive definite.</summary>
    public static double[,]? InverseOfPositiveDefinite(double[,] matrix)
    {
        var n = matrix.GetLength(0);
        var l = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var sum = matrix[i, j];
                for (var k = 0; k < j; k++)
                {
                    sum -= l[i, k] * l[j, k];
                }
                if (i == j)
                {
                    if (!(sum > 0.0) || !double.IsFinite(sum))
                    {
                        return null;
                    }
                    l[i, i] = Math.Sqrt(sum);
                }
                else
                {
                    l[i, j] = sum / l[j, j];
                }
            }
        }
        // Inverse of L, then (L⁻¹)ᵀ L⁻¹.
        var inverseL = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            inverseL[i, i] = 1.0 / l[i, i];
            for (var j = 0; j < i; j++)
            {
                var sum = 0.0;
                for (var k = j; k < i; k++)
                {
                    sum -= l[i, k] * inverseL[k, j];
                }
                inverseL[i, j] = sum / l[i, i];
            }
        }
        var inverse = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var sum = 0.0;
                for (var k = Math.Max(i, j); k < n; k++)
                {
                    sum += inverseL[k, i] * inverseL[k, j];
                }
                inverse[i, j] = sum;
            }
        }
        return inverse;
    }
}
