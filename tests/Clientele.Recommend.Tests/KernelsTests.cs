namespace Clientele.Recommend.Tests;

/// <summary>
/// The register-blocked ALS kernels (f a multiple of 16 up to 64 on 512-bit vectors) and their general path, against
/// the same sums written out in double precision here.
/// </summary>
public sealed class KernelsTests
{
    private static float[] Random(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => random.NextSingle() - 0.5f)];
    }

    [Theory]
    [InlineData(16, false)]
    [InlineData(32, true)]
    [InlineData(48, false)]
    [InlineData(64, true)]
    [InlineData(64, false)]
    [InlineData(24, true)]
    [InlineData(80, false)]
    public void AccumulateRows_MatchesTheSumWrittenOut(int f, bool residual)
    {
        const int Items = 50;
        const float Alpha = 1.5f;
        var factors = Random(Items * f, 1);
        var v = Random(f, 2);
        var start = Random(f, 3);
        int[] indices = [3, 17, 0, 49, 22, 8, 31];
        float[] weights = [1f, 2.5f, 0.5f, 4f, 1f, 3f, 0.25f];

        var expected = start.Select(s => (double)s).ToArray();
        for (var n = 0; n < indices.Length; n++)
        {
            var d = 0.0;
            for (var j = 0; j < f; j++)
            {
                d += (double)factors[(indices[n] * f) + j] * v[j];
            }
            var a = (double)Alpha * weights[n];
            var coefficient = residual ? 1 + a - (a * d) : a * d;
            for (var j = 0; j < f; j++)
            {
                expected[j] += coefficient * factors[(indices[n] * f) + j];
            }
        }

        var actual = (float[])start.Clone();
        Kernels.AccumulateRows(factors, indices, weights, Alpha, residual, v, actual);

        for (var j = 0; j < f; j++)
        {
            Assert.Equal(expected[j], actual[j], 1e-4);
        }
    }

    [Theory]
    [InlineData(16)]
    [InlineData(64)]
    [InlineData(40)]
    public void MatVec_MatchesTheProductWrittenOut(int n)
    {
        var a = Random(n * n, 4);
        var x = Random(n, 5);
        var y = Random(n, 6); // overwritten, not accumulated into
        Kernels.MatVec(a, x, y);
        for (var i = 0; i < n; i++)
        {
            // Σ_j x_j A[j, i] (= (A x)_i for the symmetric matrices ALS passes; A here is not symmetric, so this pins the order).
            var expected = 0.0;
            for (var j = 0; j < n; j++)
            {
                expected += (double)x[j] * a[(j * n) + i];
            }
            Assert.Equal(expected, y[i], 1e-4);
        }
    }

    [Fact]
    public void AccumulateRows_IndexOutsideTheFactors_Throws()
    {
        var factors = new float[4 * 64];
        var acc = new float[64];
        Assert.Throws<ArgumentOutOfRangeException>(() => Kernels.AccumulateRows(factors, [4], [1f], 1f, false, new float[64], acc));
    }
}
