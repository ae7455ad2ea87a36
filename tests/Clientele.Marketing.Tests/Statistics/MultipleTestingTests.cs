using Clientele.Core;
using Clientele.Marketing.Statistics;

namespace Clientele.Marketing.Tests.Statistics;

/// <summary>
/// Holm and Benjamini–Hochberg against statsmodels' <c>multipletests</c> algorithm written with numpy (statsmodels is not
/// installed here), run with /usr/bin/python3:
/// <code>
/// import numpy as np
/// def holm(p):
///     p = np.asarray(p); m = len(p); o = np.argsort(p); ps = p[o]
///     adj = np.minimum(1, np.maximum.accumulate((m - np.arange(m)) * ps))
///     out = np.empty(m); out[o] = adj; return out
/// def bh(p):
///     p = np.asarray(p); m = len(p); o = np.argsort(p); ps = p[o]
///     adj = np.minimum(1, np.minimum.accumulate((ps * m / np.arange(1, m+1))[::-1])[::-1])
///     out = np.empty(m); out[o] = adj; return out
/// for p in [[0.01, 0.04, 0.03, 0.005], [0.2, 0.001, 0.04, 0.04, 0.9, 0.012], [0.5]]:
///     print(p, holm(p), bh(p))
/// </code>
/// </summary>
public sealed class MultipleTestingTests
{
    public static TheoryData<double[], double[], double[]> Cases => new()
    {
        { [0.01, 0.04, 0.03, 0.005], [0.03, 0.06, 0.06, 0.02], [0.02, 0.04, 0.04, 0.02] },
        { [0.2, 0.001, 0.04, 0.04, 0.9, 0.012], [0.4, 0.006, 0.16, 0.16, 0.9, 0.06], [0.24000000000000005, 0.006, 0.06, 0.06, 0.9, 0.036000000000000004] },
        { [0.5], [0.5], [0.5] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Holm_MatchesStatsmodelsAlgorithm(double[] p, double[] holm, double[] _)
    {
        var adjusted = MultipleTesting.Holm(p);

        for (var i = 0; i < p.Length; i++)
        {
            Numeric.Within(holm[i], adjusted[i], 1e-15, $"Holm p[{i}]");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void BenjaminiHochberg_MatchesStatsmodelsAlgorithm(double[] p, double[] _, double[] bh)
    {
        var adjusted = MultipleTesting.BenjaminiHochberg(p);

        for (var i = 0; i < p.Length; i++)
        {
            Numeric.Within(bh[i], adjusted[i], 1e-15, $"BH p[{i}]");
        }
    }

    [Fact]
    public void Adjust_RandomPValues_AreMonotoneCappedAndNotBelowTheRaw()
    {
        var random = new Random(7);
        var p = new double[200];
        for (var i = 0; i < p.Length; i++)
        {
            p[i] = Math.Pow(random.NextDouble(), 3);
        }
        foreach (var correction in new[] { MultipleTestingCorrection.Holm, MultipleTestingCorrection.BenjaminiHochberg })
        {
            var adjusted = MultipleTesting.Adjust(p, correction);
            for (var i = 0; i < p.Length; i++)
            {
                Assert.InRange(adjusted[i], p[i], 1.0);
                for (var j = 0; j < p.Length; j++)
                {
                    Assert.True(p[i] > p[j] || adjusted[i] <= adjusted[j], $"{correction}: monotone at {i}, {j}");
                }
            }
        }
    }

    [Fact]
    public void Holm_InvalidPValue_ThrowsClienteleException() =>
        Assert.Throws<ClienteleException>(() => MultipleTesting.Holm([0.1, double.NaN]));
}
