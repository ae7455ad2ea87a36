using Clientele.Core;
using Clientele.Marketing.Statistics;

namespace Clientele.Marketing.Tests.Statistics;

/// <summary>
/// The SRM check against <c>scipy.stats.chisquare</c> (SciPy 1.10.1, /usr/bin/python3):
/// <code>
/// import numpy as np
/// from scipy import stats
/// for obs, w in [([5000, 5210], [1,1]), ([3311, 3290, 3399], [1,1,1]), ([8120, 1880], [0.8, 0.2]), ([4900, 5100, 10250], [0.25, 0.25, 0.5]), ([1000, 1130],[1,1]), ([10000, 10600], [1, 1])]:
///     obs = np.array(obs, float); w = np.array(w, float)
///     r = stats.chisquare(obs, obs.sum()*w/w.sum())
///     print(obs, w, repr(r.statistic), repr(r.pvalue))
/// </code>
/// </summary>
public sealed class SampleRatioMismatchTests
{
    [Theory]
    [InlineData(new long[] { 5000, 5210 }, new double[] { 1, 1 }, 4.319294809010774, 0.037682535473058755, false)]
    [InlineData(new long[] { 3311, 3290, 3399 }, new double[] { 1, 1, 1 }, 2.0066, 0.3666674399175365, false)]
    [InlineData(new long[] { 8120, 1880 }, new double[] { 0.8, 0.2 }, 9.0, 0.0026997960632601883, false)]
    [InlineData(new long[] { 4900, 5100, 10250 }, new double[] { 0.25, 0.25, 0.5 }, 7.037037037037036, 0.029643318681235483, false)]
    [InlineData(new long[] { 1000, 1130 }, new double[] { 1, 1 }, 7.934272300469484, 0.004850713079550218, false)]
    [InlineData(new long[] { 10000, 10600 }, new double[] { 1, 1 }, 17.475728155339805, 2.909992111576433e-05, true)]
    public void Test_MatchesScipyChisquare(long[] observed, double[] weights, double statistic, double p, bool mismatch)
    {
        var result = SampleRatioMismatch.Test(observed, weights);

        Numeric.Relative(statistic, result.ChiSquare, 1e-12, "chi-square");
        Numeric.Relative(p, result.PValue, 1e-11, "p-value");
        Assert.Equal(observed.Length - 1, result.DegreesOfFreedom);
        Assert.Equal(mismatch, result.Mismatch);
        Numeric.Within(observed.Sum(), result.ExpectedCounts.Sum(), 1e-6, "expected counts add up to the total");
    }

    [Fact]
    public void Test_WeightsOnAnyScale_GiveTheSameResult()
    {
        var percent = SampleRatioMismatch.Test([8120, 1880], [80, 20]);
        var fraction = SampleRatioMismatch.Test([8120, 1880], [0.8, 0.2]);

        Assert.Equal(fraction.PValue, percent.PValue, 14);
    }

    [Fact]
    public void Test_LengthsDiffer_ThrowsClienteleException() =>
        Assert.Throws<ClienteleException>(() => SampleRatioMismatch.Test([10, 20], [1, 1, 1]));

    [Fact]
    public void Test_ZeroWeight_ThrowsClienteleException() =>
        Assert.Throws<ClienteleException>(() => SampleRatioMismatch.Test([10, 20], [1, 0]));
}
