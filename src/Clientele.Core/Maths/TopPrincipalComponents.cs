using System.Numerics.Tensors;

namespace Clientele.Core.Maths;

/// <summary>
/// The few leading principal components of many-dimensional rows (text embeddings: 512 columns), by orthogonal
/// (subspace) iteration on the centred data, <c>V ← orth(Xᵀ X V)</c>, never forming the covariance matrix: each sweep
/// costs two passes over the rows (Golub &amp; Van Loan, Matrix Computations, 4th ed., §8.2.4). Two extra vectors are
/// iterated beside the ones asked for, so that the last one asked for converges as fast as the others. For all the
/// components of a few dimensions, exactly, use <see cref="PrincipalComponents"/>.
/// </summary>
/// <param name="Mean">The mean row (projections centre on it).</param>
/// <param name="Components">Unit, mutually orthogonal directions, largest variance first; each signed so its largest loading is positive.</param>
/// <param name="Variances">The variance of the rows along each component (sample variance, n − 1).</param>
/// <param name="TotalVariance">The sum of the variances of all columns: <c>Variances[i] / TotalVariance</c> is the share explained.</param>
/// <param name="Iterations">Sweeps until the subspace stopped moving.</param>
public sealed record TopPrincipalComponents(float[] Mean, float[][] Components, double[] Variances, double TotalVariance, int Iterations)
{
    private const int Oversampling = 2;
    private const int MaximumIterations = 500;
    private const double Tolerance = 1e-9;
    private const int BlockRows = 256;

    /// <summary>The number of columns of a row.</summary>
    public int Dimensions => Mean.Length;

    /// <summary>Fits the first <paramref name="components"/> components of <paramref name="rows"/> × <paramref name="columns"/> values (row-major).</summary>
    /// <param name="values">The rows, one after another.</param>
    /// <param name="rows">How many rows; at least 2.</param>
    /// <param name="columns">The length of a row.</param>
    /// <param name="components">How many components; 1 to <paramref name="columns"/>.</param>
    /// <param name="seed">The seed of the random starting directions.</param>
    public static TopPrincipalComponents Fit(ReadOnlySpan<float> values, int rows, int columns, int components, int seed = RandomSeed.Default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(components, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(components, columns);
        if (values.Length != (long)rows * columns)
        {
            throw new ArgumentException($"Expected {rows} × {columns} values, got {values.Length}.", nameof(values));
        }
        var data = values.ToArray();
        var mean = new float[columns];
        var meanSum = new double[columns];
        for (var i = 0; i < rows; i++)
        {
            var row = data.AsSpan(i * columns, columns);
            for (var j = 0; j < columns; j++)
            {
                meanSum[j] += row[j];
            }
        }
        for (var j = 0; j < columns; j++)
        {
            mean[j] = (float)(meanSum[j] / rows);
        }
        var total = 0.0;
        for (var i = 0; i < rows; i++)
        {
            var row = data.AsSpan(i * columns, columns);
            TensorPrimitives.Subtract(row, mean, row);
            total += TensorPrimitives.SumOfSquares<float>(row);
        }
        total /= rows - 1;

        var k = Math.Min(columns, components + Oversampling);
        var random = new Random(seed);
        var basis = new double[k][];
        for (var c = 0; c < k; c++)
        {
            basis[c] = new double[columns];
            for (var j = 0; j < columns; j++)
            {
                basis[c][j] = random.NextDouble() - 0.5;
            }
        }
        Orthonormalise(basis);
        var iterations = 0;
        while (iterations < MaximumIterations)
        {
            iterations++;
            var next = Covariance(data, rows, columns, basis);
            Orthonormalise(next);
            var change = 0.0;
            for (var c = 0; c < components; c++)
            {
                change = Math.Max(change, 1 - Math.Abs(Dot(next[c], basis[c])));
            }
            basis = next;
            if (change < Tolerance)
            {
                break;
            }
        }
        var product = Covariance(data, rows, columns, basis);
        var result = new float[components][];
        var variances = new double[components];
        for (var c = 0; c < components; c++)
        {
            variances[c] = Dot(basis[c], product[c]);
            var largest = basis[c].MaxBy(Math.Abs);
            var sign = largest < 0 ? -1.0 : 1.0;
            result[c] = basis[c].Select(v => (float)(sign * v)).ToArray();
        }
        return new TopPrincipalComponents(mean, result, variances, total, iterations);
    }

    /// <summary>Writes the coordinates of <paramref name="row"/> on the components into <paramref name="destination"/>.</summary>
    public void Project(ReadOnlySpan<float> row, Span<double> destination)
    {
        if (row.Length != Dimensions || destination.Length < Components.Length)
        {
            throw new ArgumentException($"Expected a row of {Dimensions} values and room for {Components.Length} coordinates.");
        }
        for (var c = 0; c < Components.Length; c++)
        {
            var component = Components[c];
            var sum = 0.0;
            for (var j = 0; j < row.Length; j++)
            {
                sum += (row[j] - Mean[j]) * component[j];
            }
            destination[c] = sum;
        }
    }

    /// <summary>C V for the centred rows, C = Xᵀ X / (n − 1): row blocks in parallel, each with its own partial sums.</summary>
    private static double[][] Covariance(float[] data, int rows, int columns, double[][] basis)
    {
        var k = basis.Length;
        var blocks = (rows + BlockRows - 1) / BlockRows;
        var partials = new double[blocks][];
        Parallel.For(0, blocks, b =>
        {
            var partial = new double[k * columns];
            var scores = new double[k];
            var end = Math.Min(rows, (b + 1) * BlockRows);
            for (var i = b * BlockRows; i < end; i++)
            {
                var row = data.AsSpan(i * columns, columns);
                for (var c = 0; c < k; c++)
                {
                    var v = basis[c];
                    var s = 0.0;
                    for (var j = 0; j < columns; j++)
                    {
                        s += row[j] * v[j];
                    }
                    scores[c] = s;
                }
                for (var c = 0; c < k; c++)
                {
                    var target = partial.AsSpan(c * columns, columns);
                    var s = scores[c];
                    for (var j = 0; j < columns; j++)
                    {
                        target[j] += s * row[j];
                    }
                }
            }
            partials[b] = partial;
        });
        var result = new double[k][];
        for (var c = 0; c < k; c++)
        {
            var sum = new double[columns];
            foreach (var partial in partials)
            {
                TensorPrimitives.Add(sum, partial.AsSpan(c * columns, columns), sum);
            }
            TensorPrimitives.Divide(sum, rows - 1, sum);
            result[c] = sum;
        }
        return result;
    }

    /// <summary>Modified Gram-Schmidt, in place; a vector that vanishes (rank deficiency) is replaced by a unit axis orthogonal to the rest.</summary>
    private static void Orthonormalise(double[][] vectors)
    {
        for (var c = 0; c < vectors.Length; c++)
        {
            var v = vectors[c];
            for (var attempt = 0; ; attempt++)
            {
                for (var p = 0; p < c; p++)
                {
                    var projection = Dot(v, vectors[p]);
                    for (var j = 0; j < v.Length; j++)
                    {
                        v[j] -= projection * vectors[p][j];
                    }
                }
                var norm = Math.Sqrt(Dot(v, v));
                if (norm > 1e-12 || attempt >= v.Length)
                {
                    TensorPrimitives.Divide(v, norm > 0 ? norm : 1, v);
                    break;
                }
                Array.Clear(v);
                v[(c + attempt) % v.Length] = 1;
            }
        }
    }

    private static double Dot(double[] a, double[] b) => TensorPrimitives.Dot<double>(a, b);
}
