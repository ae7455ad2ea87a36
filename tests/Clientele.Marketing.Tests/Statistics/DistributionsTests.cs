using Clientele.Marketing.Statistics;

namespace Clientele.Marketing.Tests.Statistics;

/// <summary>
/// The distribution functions against SciPy 1.10.1 (/usr/bin/python3), computed with:
/// <code>
/// from scipy import stats
/// stats.t.sf(x, df); stats.t.ppf(p, df); stats.norm.cdf(z); stats.norm.ppf(p); stats.chi2.sf(x, k); stats.beta.cdf(x, a, b)
/// </code>
/// at the arguments in each row.
/// </summary>
public sealed class DistributionsTests
{
    [Theory]
    [InlineData(1.959963984540054, 5841.742032093565, 0.025023735497416984)]
    [InlineData(2.0, 3.0, 0.06966298427942155)]
    [InlineData(0.3, 1.5, 0.4002360984017924)]
    [InlineData(8.0, 10.0, 5.887471394833078e-06)]
    [InlineData(-1.2, 25.0, 0.8793059941264298)]
    [InlineData(25.0, 4.0, 7.598762881657872e-06)]
    public void StudentTSurvival_MatchesScipy(double t, double dof, double expected) =>
        Numeric.Relative(expected, Distributions.StudentTSurvival(t, dof), 1e-11, $"t.sf({t}, {dof})");

    [Theory]
    [InlineData(0.975, 5841.742032093565, 1.960370156954481)]
    [InlineData(0.975, 3.0, 3.182446305284263)]
    [InlineData(0.95, 19.98614655041263, 1.724776240384202)]
    [InlineData(0.995, 2.5, 7.16372813402124)]
    [InlineData(0.9999, 7.0, 7.063432838879061)]
    [InlineData(0.975, 1.0, 12.706204736432095)]
    [InlineData(0.6, 100.0, 0.25402218245699415)]
    public void StudentTQuantile_MatchesScipy(double p, double dof, double expected)
    {
        // SciPy's t.ppf (Cephes stdtri) is itself good to about 1e-9 in the far tail: at our t(0.9999, 7) = 7.063432828157636,
        // stats.t.sf gives 9.999999999998926e-05, while at SciPy's 7.063432838879061 it gives 0.5 × betainc = 9.99999999e-05.
        Numeric.Relative(expected, Distributions.StudentTQuantile(p, dof), 5e-9, $"t.ppf({p}, {dof})");
        Numeric.Relative(-expected, Distributions.StudentTQuantile(1 - p, dof), 5e-9, $"t.ppf(1 - {p}, {dof})");
    }

    [Theory]
    [InlineData(-8.0, 6.22096057427174e-16)]
    [InlineData(-3.0, 0.0013498980316300933)]
    [InlineData(-0.5, 0.3085375387259869)]
    [InlineData(0.0, 0.5)]
    [InlineData(1.0, 0.8413447460685429)]
    [InlineData(2.5, 0.9937903346742238)]
    [InlineData(6.0, 0.9999999990134123)]
    public void NormalCdf_MatchesScipy(double z, double expected) =>
        Numeric.Relative(expected, Distributions.NormalCdf(z), 1e-13, $"norm.cdf({z})");

    [Theory]
    [InlineData(1e-10, -6.361340902404056)]
    [InlineData(0.001, -3.090232306167813)]
    [InlineData(0.025, -1.9599639845400545)]
    [InlineData(0.3, -0.5244005127080409)]
    [InlineData(0.5, 0.0)]
    [InlineData(0.8, 0.8416212335729143)]
    [InlineData(0.975, 1.959963984540054)]
    [InlineData(0.999999, 4.753424308817087)]
    public void NormalQuantile_MatchesScipy(double p, double expected) =>
        Numeric.Within(expected, Distributions.NormalQuantile(p), 1e-12 * Math.Max(1, Math.Abs(expected)), $"norm.ppf({p})");

    [Theory]
    [InlineData(3.84, 1, 0.05004352124870519)]
    [InlineData(10.0, 3, 0.01856613546304325)]
    [InlineData(0.5, 2, 0.7788007830714049)]
    [InlineData(50.0, 10, 2.669083424904495e-07)]
    [InlineData(120.0, 4, 5.341471565244885e-25)]
    public void ChiSquareSurvival_MatchesScipy(double x, int k, double expected) =>
        Numeric.Relative(expected, Distributions.ChiSquareSurvival(x, k), 1e-12, $"chi2.sf({x}, {k})");

    [Theory]
    [InlineData(0.1, 3.0, 50.0, 0.9033667148627478)]
    [InlineData(0.5, 0.5, 0.5, 0.5000000000000001)]
    [InlineData(0.12, 241.0, 1761.0, 0.48609932182559995)]
    [InlineData(0.99, 20.0, 1.0, 0.8179069375972308)]
    public void BetaCdf_MatchesScipy(double x, double a, double b, double expected) =>
        Numeric.Relative(expected, Distributions.BetaCdf(x, a, b), 1e-11, $"beta.cdf({x}, {a}, {b})");

    [Fact]
    public void StudentTQuantile_InvertsSurvival_AcrossAGrid()
    {
        foreach (var dof in new[] { 1.3, 3.0, 7.5, 30.0, 1_000.0, 1e6 })
        {
            foreach (var p in new[] { 0.51, 0.7, 0.9, 0.975, 0.999, 0.999999 })
            {
                var t = Distributions.StudentTQuantile(p, dof);
                Numeric.Relative(1 - p, Distributions.StudentTSurvival(t, dof), 1e-9, $"sf(ppf({p}, {dof}))");
            }
        }
    }

    [Fact]
    public void StudentTQuantile_FarTail_IsMoreAccurateThanItsReference()
    {
        // stats.t.sf(7.063432828157636, 7) = 9.999999999998926e-05 in SciPy: our quantile, checked by SciPy's survival function.
        Numeric.Relative(7.063432828157636, Distributions.StudentTQuantile(0.9999, 7), 1e-12, "t.ppf(0.9999, 7)");
    }

    [Theory]
    [InlineData(1e7)]
    [InlineData(1e9)]
    [InlineData(1e12)]
    public void StudentTTwoSidedPValue_HugeDegreesOfFreedom_ApproachesTheNormal(double dof)
    {
        // 2(1 − Φ(2)) = 0.04550026389635839 (SciPy: 2 * stats.norm.sf(2)); the t tail exceeds it by O(1/ν).
        Numeric.Relative(0.04550026389635839, Distributions.StudentTTwoSidedPValue(2.0, dof), 1e-6, $"t p-value at ν = {dof}");
        Numeric.Relative(1.959963984540054, Distributions.StudentTQuantile(0.975, dof), 1e-6, $"t quantile at ν = {dof}");
    }
}
