using Clientele.Core.Maths;

namespace Clientele.Core.Tests.Maths;

public sealed class PrincipalComponentsTests
{
    [Fact]
    public void Fit_PointsOnTheDiagonals_KnownComponentsAndShares()
    {
        // (2, 2), (−2, −2), (1, −1), (−1, 1): covariance [[10/3, 2], [2, 10/3]], eigenvalues 16/3 and 4/3 along
        // (1, 1)/√2 and (1, −1)/√2, so the first component carries 80 % of the variance.
        var pca = PrincipalComponents.Fit([2, 2, -2, -2, 1, -1, -1, 1], 4, 2);

        Assert.Equal(16.0 / 3, pca.Variances[0], 12);
        Assert.Equal(4.0 / 3, pca.Variances[1], 12);
        Assert.Equal(0.8, pca.ExplainedShare[0], 12);
        Assert.Equal(Math.Sqrt(0.5), pca.Components[0][0], 12);
        Assert.Equal(Math.Sqrt(0.5), pca.Components[0][1], 12);
        Assert.Equal(Math.Sqrt(0.5), Math.Abs(pca.Components[1][0]), 12);
        Assert.Equal(-pca.Components[1][0], pca.Components[1][1], 12);
        Assert.Equal([2 * Math.Sqrt(2), 0], pca.Project([2, 2]), (a, b) => Math.Abs(a - b) < 1e-12);
    }

    [Theory]
    [InlineData(1, 3)]
    [InlineData(2, 5)]
    [InlineData(3, 7)]
    public void Fit_RandomData_ComponentsAreOrthonormalEigenvectorsOfTheCovariance(int seed, int columns)
    {
        var random = new Random(seed);
        const int Rows = 200;
        var values = new double[Rows * columns];
        for (var i = 0; i < Rows; i++)
        {
            var shared = random.NextDouble();
            for (var j = 0; j < columns; j++)
            {
                // Correlated columns of different spreads.
                values[(i * columns) + j] = (shared * (j + 1)) + (random.NextDouble() * 0.3 * (columns - j));
            }
        }

        var pca = PrincipalComponents.Fit(values, Rows, columns);

        var covariance = Covariance(values, Rows, columns);
        for (var c = 0; c < columns; c++)
        {
            var v = pca.Components[c];
            for (var a = 0; a < columns; a++)
            {
                var product = Enumerable.Range(0, columns).Sum(b => covariance[a, b] * v[b]);
                Assert.Equal(pca.Variances[c] * v[a], product, 9);
            }
            for (var d = 0; d < columns; d++)
            {
                Assert.Equal(c == d ? 1 : 0, Enumerable.Range(0, columns).Sum(j => v[j] * pca.Components[d][j]), 9);
            }
            Assert.True(v.MaxBy(Math.Abs) > 0, "each component's largest loading is positive");
            if (c > 0)
            {
                Assert.True(pca.Variances[c] <= pca.Variances[c - 1]);
            }
        }
        Assert.Equal(1, pca.ExplainedShare.Sum(), 12);
    }

    [Fact]
    public void Fit_OneRow_Throws() => Assert.Throws<ArgumentOutOfRangeException>(() => PrincipalComponents.Fit([1, 2, 3], 1, 3));

    private static double[,] Covariance(double[] values, int rows, int columns)
    {
        var mean = Enumerable.Range(0, columns).Select(j => Enumerable.Range(0, rows).Average(i => values[(i * columns) + j])).ToArray();
        var result = new double[columns, columns];
        for (var a = 0; a < columns; a++)
        {
            for (var b = 0; b < columns; b++)
            {
                result[a, b] = Enumerable.Range(0, rows).Sum(i => (values[(i * columns) + a] - mean[a]) * (values[(i * columns) + b] - mean[b])) / (rows - 1);
            }
        }
        return result;
    }
}
