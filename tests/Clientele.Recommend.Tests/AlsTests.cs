namespace Clientele.Recommend.Tests;

/// <summary>
/// The ALS solver against the normal equations of Hu, Koren &amp; Volinsky (2008), solved independently here by
/// Gaussian elimination in double precision.
/// </summary>
public sealed class AlsTests
{
    private const int F = 4;
    private const float Lambda = 0.5f;
    private const float Alpha = 2f;

    /// <summary>3 users × 8 items with assorted weights; user 2 has no interactions.</summary>
    private static SparseMatrix Confidences() =>
        new(3, 8, [0, 3, 6, 6], [0, 3, 5, 1, 2, 7], [1f, 4f, 2f, 3f, 1f, 0.5f]);

    private static float[] RandomFactors(int rows, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, rows * F).Select(_ => random.NextSingle() - 0.5f)];
    }

    /// <summary>x = (YᵀY + λI + Σ α w y yᵀ)⁻¹ Σ (1 + α w) y for the given items and weights.</summary>
    private static double[] NormalEquations(float[] y, int items, ReadOnlySpan<int> indices, ReadOnlySpan<float> weights, float lambda, float alpha)
    {
        var a = new double[F, F + 1];
        for (var i = 0; i < items; i++)
        {
            for (var r = 0; r < F; r++)
            {
                for (var c = 0; c < F; c++)
                {
                    a[r, c] += (double)y[(i * F) + r] * y[(i * F) + c];
                }
            }
        }
        for (var r = 0; r < F; r++)
        {
            a[r, r] += lambda;
        }
        for (var n = 0; n < indices.Length; n++)
        {
            var i = indices[n];
            var w = alpha * (double)weights[n];
            for (var r = 0; r < F; r++)
            {
                a[r, F] += (1 + w) * y[(i * F) + r];
                for (var c = 0; c < F; c++)
                {
                    a[r, c] += w * y[(i * F) + r] * y[(i * F) + c];
                }
            }
        }
        // Gaussian elimination with partial pivoting on the augmented matrix.
        for (var col = 0; col < F; col++)
        {
            var pivot = Enumerable.Range(col, F - col).MaxBy(r => Math.Abs(a[r, col]));
            for (var c = 0; c <= F; c++)
            {
                (a[col, c], a[pivot, c]) = (a[pivot, c], a[col, c]);
            }
            for (var r = 0; r < F; r++)
            {
                if (r != col)
                {
                    var factor = a[r, col] / a[col, col];
                    for (var c = col; c <= F; c++)
                    {
                        a[r, c] -= factor * a[col, c];
                    }
                }
            }
        }
        return [.. Enumerable.Range(0, F).Select(r => a[r, F] / a[r, r])];
    }

    [Fact]
    public void ConjugateGradientSweep_FStepsFromZero_SolvesTheNormalEquations()
    {
        var c = Confidences();
        var y = RandomFactors(8, seed: 1);
        var x = new float[3 * F];
        var gram = Kernels.Gram(y, 8, F, Lambda);

        // Conjugate gradients solve an f × f system exactly in f steps (up to rounding).
        AlsFitter.ConjugateGradientSweep(c, x, y, gram, F, Alpha, steps: F);

        for (var u = 0; u < 2; u++)
        {
            var expected = NormalEquations(y, 8, c.RowIndices(u), c.RowValues(u), Lambda, Alpha);
            for (var j = 0; j < F; j++)
            {
                Assert.Equal(expected[j], x[(u * F) + j], 1e-4);
            }
        }
        Assert.All(x.AsSpan(2 * F, F).ToArray(), v => Assert.Equal(0f, v)); // no interactions → zero, as implicit
    }

    [Fact]
    public void ConjugateGradientSweep_ThreeStepsWarmStarted_ConvergesOverSweeps()
    {
        var c = Confidences();
        var y = RandomFactors(8, seed: 2);
        var x = new float[3 * F];
        var gram = Kernels.Gram(y, 8, F, Lambda);
        var expected = NormalEquations(y, 8, c.RowIndices(0), c.RowValues(0), Lambda, Alpha);

        AlsFitter.ConjugateGradientSweep(c, x, y, gram, F, Alpha, steps: 1);
        var errorAfterOne = Error(x, expected);
        for (var sweep = 0; sweep < 5; sweep++)
        {
            AlsFitter.ConjugateGradientSweep(c, x, y, gram, F, Alpha, steps: 3);
        }

        Assert.True(Error(x, expected) < 1e-4, $"error {Error(x, expected)}");
        Assert.True(Error(x, expected) < errorAfterOne);
    }

    [Fact]
    public void SolveUser_FreshInteractions_ExactNormalEquationsAgainstFittedItems()
    {
        var model = new AlsFitter(new AlsOptions { Factors = F, Regularization = Lambda, Alpha = Alpha, Iterations = 3 }).Fit(Checkerboard.Matrix(10));
        var y = Enumerable.Range(0, model.Interactions.Items).SelectMany(i => model.ItemFactors(i).ToArray()).ToArray();
        int[] items = [1, 4, 7];
        float[] weights = [1f, 3f, 0.5f];

        var x = model.SolveUser(items, weights);

        var expected = NormalEquations(y, model.Interactions.Items, items, weights, Lambda, Alpha);
        for (var j = 0; j < F; j++)
        {
            Assert.Equal(expected[j], x[j], 1e-4);
        }
    }

    [Fact]
    public void Fit_MoreIterations_LowerLoss()
    {
        // Hu et al.'s objective Σ c (p − xᵀy)² + λ(Σ‖x‖² + Σ‖y‖²) over all pairs, on a checkerboard with noise.
        var matrix = Checkerboard.Matrix(20);
        double Loss(int iterations)
        {
            var model = new AlsFitter(new AlsOptions { Factors = F, Regularization = Lambda, Iterations = iterations }).Fit(matrix);
            var loss = 0.0;
            for (var u = 0; u < matrix.Users; u++)
            {
                var x = model.UserFactors(u);
                loss += Lambda * x.ToArray().Sum(v => (double)v * v);
                for (var i = 0; i < matrix.Items; i++)
                {
                    var y = model.ItemFactors(i);
                    var score = 0.0;
                    for (var j = 0; j < F; j++)
                    {
                        score += x[j] * y[j];
                    }
                    var w = matrix.UserItems[u, i];
                    var p = matrix.UserItems.Contains(u, i) ? 1.0 : 0.0;
                    loss += (1 + w) * (p - score) * (p - score);
                }
            }
            for (var i = 0; i < matrix.Items; i++)
            {
                loss += Lambda * model.ItemFactors(i).ToArray().Sum(v => (double)v * v);
            }
            return loss;
        }

        var one = Loss(1);
        var five = Loss(5);
        var fifteen = Loss(15);

        Assert.True(five < one, $"{five} vs {one}");
        Assert.True(fifteen <= five * 1.0001, $"{fifteen} vs {five}");
    }

    [Fact]
    public void AlsOptions_OutOfRange_ArgumentExceptionNamingTheSetting()
    {
        var error = Assert.Throws<ArgumentException>(() => new AlsFitter(new AlsOptions { Regularization = 0 }));
        Assert.Contains("Regularization must be a finite number > 0, got 0", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new AlsFitter(new AlsOptions { Factors = 0 }));
        Assert.Throws<ArgumentException>(() => new BprFitter(new BprOptions { LearningRate = float.NaN }));
        Assert.Throws<ArgumentException>(() => new ItemKnnFitter(new ItemKnnOptions { Neighbours = 0 }));
    }

    private static double Error(float[] x, double[] expected) => Enumerable.Range(0, F).Max(j => Math.Abs(x[j] - expected[j]));
}
