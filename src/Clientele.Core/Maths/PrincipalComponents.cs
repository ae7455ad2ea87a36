namespace Clientele.Core.Maths;

/// <summary>
/// Principal component analysis of a small number of features: the eigenvectors of the covariance matrix, by the
/// cyclic Jacobi method (exact to rounding for the handful of dimensions a clustering space has; the report's cluster map).
/// For the few leading components of many-dimensional rows (text embeddings) use <see cref="TopPrincipalComponents"/>,
/// which never forms the covariance matrix.
/// </summary>
/// <param name="Mean">The mean of each feature (the projection centres on it).</param>
/// <param name="Variances">The eigenvalues, largest first: the variance along each component.</param>
/// <param name="Components">Unit eigenvectors, one per row, in the order of <paramref name="Variances"/>; each signed so that its largest loading is positive.</param>
public sealed record PrincipalComponents(double[] Mean, double[] Variances, double[][] Components)
{
    /// <summary>The share of the total variance along each component.</summary>
    public double[] ExplainedShare
    {
        get
        {
            var total = Variances.Sum();
            return Variances.Select(v => total > 0 ? v / total : 0).ToArray();
        }
    }

    /// <summary>Fits on <paramref name="rows"/> × <paramref name="columns"/> values, row-major.</summary>
    public static PrincipalComponents Fit(ReadOnlySpan<double> values, int rows, int columns)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        if (values.Length != rows * columns)
        {
            throw new ArgumentException($"Expected {rows} × {columns} values, got {values.Length}.", nameof(values));
        }
        var mean = new double[columns];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < columns; j++)
            {
                mean[j] += values[(i * columns) + j];
            }
        }
        for (var j = 0; j < columns; j++)
        {
            mean[j] /= rows;
        }
        var covariance = new double[columns, columns];
        for (var i = 0; i < rows; i++)
        {
            for (var a = 0; a < columns; a++)
            {
                var da = values[(i * columns) + a] - mean[a];
                for (var b = a; b < columns; b++)
                {
                    covariance[a, b] += da * (values[(i * columns) + b] - mean[b]);
                }
            }
        }
        for (var a = 0; a < columns; a++)
        {
            for (var b = a; b < columns; b++)
            {
                covariance[a, b] /= rows - 1;
                covariance[b, a] = covariance[a, b];
            }
        }
        var (eigenvalues, eigenvectors) = SymmetricEigen(covariance);
        var order = Enumerable.Range(0, columns).OrderByDescending(k => eigenvalues[k]).ToArray();
        var components = new double[columns][];
        for (var c = 0; c < columns; c++)
        {
            var k = order[c];
            var vector = new double[columns];
            for (var j = 0; j < columns; j++)
            {
                vector[j] = eigenvectors[j, k];
            }
            var largest = vector.MaxBy(Math.Abs);
            if (largest < 0)
            {
                for (var j = 0; j < columns; j++)
                {
                    vector[j] = -vector[j];
                }
            }
            components[c] = vector;
        }
        return new PrincipalComponents(mean, order.Select(k => Math.Max(0, eigenvalues[k])).ToArray(), components);
    }

    /// <summary>The coordinates of one row on the first <paramref name="dimensions"/> components.</summary>
    public double[] Project(ReadOnlySpan<double> row, int dimensions = 2)
    {
        var result = new double[Math.Min(dimensions, Components.Length)];
        for (var c = 0; c < result.Length; c++)
        {
            var sum = 0.0;
            for (var j = 0; j < row.Length; j++)
            {
                sum += (row[j] - Mean[j]) * Components[c][j];
            }
            result[c] = sum;
        }
        return result;
    }

    /// <summary>Eigenvalues and eigenvectors (columns) of a symmetric matrix by cyclic Jacobi rotations.</summary>
    internal static (double[] Values, double[,] Vectors) SymmetricEigen(double[,] matrix)
    {
        var n = matrix.GetLength(0);
        var a = (double[,])matrix.Clone();
        var v = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            v[i, i] = 1;
        }
        for (var sweep = 0; sweep < 100; sweep++)
        {
            var off = 0.0;
            for (var p = 0; p < n; p++)
            {
                for (var q = p + 1; q < n; q++)
                {
                    off += a[p, q] * a[p, q];
                }
            }
            if (off < 1e-30)
            {
                break;
            }
            for (var p = 0; p < n; p++)
            {
                for (var q = p + 1; q < n; q++)
                {
                    if (Math.Abs(a[p, q]) < 1e-300)
                    {
                        continue;
                    }
                    // The rotation that zeroes a[p, q] (Golub & Van Loan, algorithm 8.4.1).
                    var theta = (a[q, q] - a[p, p]) / (2 * a[p, q]);
                    var t = Math.Sign(theta == 0 ? 1 : theta) / (Math.Abs(theta) + Math.Sqrt((theta * theta) + 1));
                    var c = 1 / Math.Sqrt((t * t) + 1);
                    var s = t * c;
                    for (var k = 0; k < n; k++)
                    {
                        var akp = a[k, p];
                        var akq = a[k, q];
                        a[k, p] = (c * akp) - (s * akq);
                        a[k, q] = (s * akp) + (c * akq);
                    }
                    for (var k = 0; k < n; k++)
                    {
                        var apk = a[p, k];
                        var aqk = a[q, k];
                        a[p, k] = (c * apk) - (s * aqk);
                        a[q, k] = (s * apk) + (c * aqk);
                    }
                    for (var k = 0; k < n; k++)
                    {
                        var vkp = v[k, p];
                        var vkq = v[k, q];
                        v[k, p] = (c * vkp) - (s * vkq);
                        v[k, q] = (s * vkp) + (c * vkq);
                    }
                }
            }
        }
        var values = new double[n];
        for (var i = 0; i < n; i++)
        {
            values[i] = a[i, i];
        }
        return (values, v);
    }
}
