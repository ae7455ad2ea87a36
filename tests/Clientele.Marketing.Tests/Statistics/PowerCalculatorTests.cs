using Clientele.Core;
using Clientele.Marketing.Statistics;

namespace Clientele.Marketing.Tests.Statistics;

/// <summary>
/// Sample sizes against the classic normal-approximation formula (Fleiss; R's <c>power.prop.test</c> gives 3,840.8 for
/// 10% vs 12%), recomputed with /usr/bin/python3:
/// <code>
/// import numpy as np
/// from scipy import stats
/// from scipy.optimize import brentq
/// za, zb = stats.norm.ppf(0.975), stats.norm.ppf(0.8)
/// def n_prop(p1, p2):
///     pbar = (p1+p2)/2
///     return ((za*np.sqrt(2*pbar*(1-pbar)) + zb*np.sqrt(p1*(1-p1)+p2*(1-p2)))/(p2-p1))**2
/// print(n_prop(0.10, 0.12))                              # 3840.847482436276
/// print(n_prop(0.05, 0.055))                             # 31233.437940130043
/// print(2*30**2*(za+zb)**2/1.5**2)                       # 6279.103787479271
/// za9, zb9 = stats.norm.ppf(0.995), stats.norm.ppf(0.9)
/// print(2*100*(za9+zb9)**2/4)                            # 743.9693584624265
/// print(brentq(lambda d: n_prop(0.10, 0.10+d) - 3841, 1e-6, 0.5, xtol=1e-14))   # 0.01999958657091439
/// print(brentq(lambda d: n_prop(0.10, 0.10+d) - 10000, 1e-6, 0.5, xtol=1e-14))  # 0.012201025074385254
/// print((za+zb)*np.sqrt(2*900/5000))                     # 1.680951130867781
/// </code>
/// </summary>
public sealed class PowerCalculatorTests
{
    [Fact]
    public void SampleSizeForProportion_TenVersusTwelvePercent_Is3841PerArm() =>
        Assert.Equal(3841, PowerCalculator.SampleSizeForProportion(0.10, 0.02));

    [Fact]
    public void SampleSizeForProportion_RelativeTenPercentOnFivePercent_Is31234() =>
        Assert.Equal(31234, PowerCalculator.SampleSizeForProportion(0.05, 0.10, EffectScale.Relative));

    [Fact]
    public void SampleSizeForMean_MatchesFormula()
    {
        Assert.Equal(6280, PowerCalculator.SampleSizeForMean(900, 1.5));
        Assert.Equal(6280, PowerCalculator.SampleSizeForMean(900, 0.1, EffectScale.Relative, baselineMean: 15));
        Assert.Equal(744, PowerCalculator.SampleSizeForMean(100, 2, alpha: 0.01, power: 0.9));
    }

    [Fact]
    public void MinimumDetectableEffect_InvertsTheSampleSize()
    {
        Numeric.Relative(0.01999958657091439, PowerCalculator.MinimumDetectableEffectForProportion(0.10, 3841), 1e-9, "MDE at n = 3841");
        Numeric.Relative(0.012201025074385254, PowerCalculator.MinimumDetectableEffectForProportion(0.10, 10_000), 1e-9, "MDE at n = 10000");
        Numeric.Relative(1.680951130867781, PowerCalculator.MinimumDetectableEffectForMean(900, 5000), 1e-12, "MDE of a mean");
    }

    [Fact]
    public void SampleSizeForProportion_RateOutOfRange_ThrowsClienteleException()
    {
        Assert.Throws<ClienteleException>(() => PowerCalculator.SampleSizeForProportion(0.99, 0.02));
        Assert.Throws<ClienteleException>(() => PowerCalculator.SampleSizeForProportion(0.10, 0.0));
    }

    [Fact]
    public void SampleSizeForMean_VanishingEffect_ThrowsInsteadOfOverflowing()
    {
        var ex = Assert.Throws<ClienteleException>(() => PowerCalculator.SampleSizeForMean(900, 1e-9));
        Assert.Contains("too small to detect", ex.Message, StringComparison.Ordinal);
    }
}
