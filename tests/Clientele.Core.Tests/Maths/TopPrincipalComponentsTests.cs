using Clientele.Core.Maths;

namespace Clientele.Core.Tests.Maths;

public sealed class TopPrincipalComponentsTests
{
    /// <summary>
    /// 300 × 40 rows with three planted directions of clearly different variance. The expected numbers are numpy 1.24's
    /// <c>np.linalg.eigh(np.cov(X.T))</c> on the same values (computed in float32, like here), run on 2026-11-24:
    /// eigenvalues 29.22910355, 5.32312171, 2.2316828 (next 0.126), total variance 38.4226944; the first three
    /// components start (after signing the largest loading positive) 0.25934286, 0.02613846, 0.00859489 /
    /// −0.10328407, 0.35928685, 0.04139550 / −0.03905305, −0.10352815, 0.32705243.
    /// </summary>
    [Fact]
    public void Fit_PlantedDirections_SameAsNumpyEigh()
    {
        const int Rows = 300;
        const int Columns = 40;
        var values = new float[Rows * Columns];
        for (var i = 0; i < Rows; i++)
        {
            for (var j = 0; j < Columns; j++)
            {
                values[(i * Columns) + j] = (float)(
                    (0.3 * Math.Sin((0.37 * i * (j + 1)) + (0.11 * j)))
                    + (j % 3 == 0 ? 2 * Math.Sin(0.05 * i) : 0)
                    + (j % 5 == 1 ? 1.2 * Math.Cos(0.11 * i) : 0)
                    + (j % 4 == 2 ? 0.7 * Math.Sin((0.3 * i) + 1) : 0));
            }
        }

        var pca = TopPrincipalComponents.Fit(values, Rows, Columns, components: 3);

        Assert.Equal(29.22910355, pca.Variances[0], 4);
        Assert.Equal(5.32312171, pca.Variances[1], 4);
        Assert.Equal(2.2316828, pca.Variances[2], 4);
        Assert.Equal(38.4226944, pca.TotalVariance, 3);
        double[][] starts = [[0.25934286, 0.02613846, 0.00859489], [-0.10328407, 0.35928685, 0.04139550], [-0.03905305, -0.10352815, 0.32705243]];
        for (var c = 0; c < 3; c++)
        {
            for (var j = 0; j < 3; j++)
            {
                Assert.Equal(starts[c][j], pca.Components[c][j], 4);
            }
        }
        // Projections: the variance of the coordinates along a component is its eigenvalue.
        var coordinates = new double[3];
        var sumOfSquares = 0.0;
        for (var i = 0; i < Rows; i++)
        {
            pca.Project(values.AsSpan(i * Columns, Columns), coordinates);
            sumOfSquares += coordinates[0] * coordinates[0];
        }
        Assert.Equal(pca.Variances[0], sumOfSquares / (Rows - 1), 3);
    }

    [Fact]
    public void Fit_RankOneData_OneComponentCarriesEverything()
    {
        // Every row a multiple of (1, 2, 2)/3: one direction, all the variance on it.
        var values = Enumerable.Range(0, 50).SelectMany(i => new[] { i / 3f, 2 * i / 3f, 2 * i / 3f }).ToArray();

        var pca = TopPrincipalComponents.Fit(values, 50, 3, components: 2);

        Assert.Equal(1, pca.Variances[0] / pca.TotalVariance, 5);
        Assert.Equal(0, pca.Variances[1], 5);
        Assert.Equal(2 / 3.0, pca.Components[0][1], 5);
        Assert.True(Math.Abs(TensorDot(pca.Components[0], pca.Components[1])) < 1e-6);
    }

    private static double TensorDot(float[] a, float[] b) => System.Numerics.Tensors.TensorPrimitives.Dot<float>(a, b);
}
