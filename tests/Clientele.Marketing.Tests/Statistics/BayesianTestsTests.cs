using Clientele.Marketing.Statistics;

namespace Clientele.Marketing.Tests.Statistics;

/// <summary>
/// The Bayesian comparisons against SciPy 1.10.1 (/usr/bin/python3). For conversions three independent computations
/// agree: adaptive quadrature, Evan Miller's closed-form sum and 2,000,000 Monte Carlo draws:
/// <code>
/// import numpy as np
/// from scipy import stats, integrate, special
/// def ctw(ca, na, cb, nb):
///     aA, bA, aB, bB = 1+ca, 1+na-ca, 1+cb, 1+nb-cb
///     fA = stats.beta(aA, bA)
///     m, s = fA.mean(), fA.std()
///     lo, hi = max(0, m-40*s), min(1, m+40*s)
///     p = integrate.quad(lambda x: fA.pdf(x)*stats.beta.sf(x, aB, bB), lo, hi, epsabs=1e-14, epsrel=1e-12, limit=500, points=[m])[0]
///     i = np.arange(aB)
///     em = np.exp(special.betaln(aA+i, bA+bB) - np.log(bB+i) - special.betaln(1+i, bB) - special.betaln(aA, bA)).sum()
///     lossB = integrate.quad(lambda x: fA.pdf(x)*(x*stats.beta.cdf(x,aB,bB) - aB/(aB+bB)*stats.beta.cdf(x,aB+1,bB)), lo, hi, epsabs=1e-15, epsrel=1e-12, limit=500, points=[m])[0]
///     rng = np.random.default_rng(1)
///     xa = rng.beta(aA, bA, 2_000_000); xb = rng.beta(aB, bB, 2_000_000)
///     print(ca, na, cb, nb, repr(p), repr(em), repr(lossB), "MC", (xb > xa).mean(), np.maximum(xa-xb,0).mean())
/// ctw(200, 2000, 240, 2000); ctw(45, 1000, 30, 1050); ctw(3, 40, 7, 38); ctw(0, 50, 1, 50)
/// # means: GrowthBook's normal posterior of the relative lift (flat prior), on GrowthBook's frequentist test case
/// ma, va, na = 1396.87/3407, (52377.9767 - 1396.87**2/3407)/3406, 3407
/// mb, vb, nb = 2422.7/3461, (134698.29 - 2422.7**2/3461)/3460, 3461
/// mu = (mb-ma)/ma; sd = np.sqrt(vb/nb/ma**2 + va/na*mb**2/ma**4)
/// print("rel", repr(stats.norm.sf(0, mu, sd)), repr(mu - 1.959963984540054*sd), repr(mu + 1.959963984540054*sd))
/// print("riskB", repr(sd*stats.norm.pdf(mu/sd) - mu*stats.norm.cdf(-mu/sd)), "riskA", repr(sd*stats.norm.pdf(mu/sd) + mu*stats.norm.cdf(mu/sd)))
/// mu = mb-ma; sd = np.sqrt(vb/nb + va/na)
/// print("abs", repr(stats.norm.sf(0, mu, sd)))
/// </code>
/// </summary>
public sealed class BayesianTestsTests
{
    [Theory]
    [InlineData(200, 2000, 240, 2000, 0.9783185774768647, 0.9783185774800858, 7.969078004440101e-05)]
    [InlineData(45, 1000, 30, 1050, 0.02420752367375157, 0.024207523673758682, 0.01651690945769153)]
    [InlineData(3, 40, 7, 38, 0.9181731624356856, 0.9181731624356853, 0.002894091779029637)]
    [InlineData(0, 50, 1, 50, 0.7524752475247525, 0.7524752475247527, 0.004667662434652724)]
    public void ChanceToBeatControl_Conversions_MatchesQuadratureAndEvanMillersClosedForm(long ca, long na, long cb, long nb, double quad, double evanMiller, double lossTreatment)
    {
        var result = BayesianTests.ChanceToBeatControl(ca, na, cb, nb);

        Numeric.Relative(quad, result.ChanceToBeatControl, 1e-8, "P(p_T > p_C) vs scipy quad");
        Numeric.Relative(evanMiller, result.ChanceToBeatControl, 1e-8, "P(p_T > p_C) vs Evan Miller's sum");
        Numeric.Relative(lossTreatment, result.ExpectedLossTreatment, 1e-7, "E[max(p_C − p_T, 0)]");
        var meanDifference = ((1.0 + cb) / (2.0 + nb)) - ((1.0 + ca) / (2.0 + na));
        Numeric.Within(meanDifference + lossTreatment, result.ExpectedLossControl, 1e-9, "E[max(p_T − p_C, 0)] = E[p_T − p_C] + loss");
        Assert.Equal(EffectScale.Absolute, result.Scale);
        Assert.True(result.Lower < meanDifference && meanDifference < result.Upper);
    }

    [Fact]
    public void ChanceToBeatControl_SwappedArms_Complement()
    {
        var forward = BayesianTests.ChanceToBeatControl(120, 1000, 135, 1000);
        var backward = BayesianTests.ChanceToBeatControl(135, 1000, 120, 1000);

        Numeric.Within(1.0, forward.ChanceToBeatControl + backward.ChanceToBeatControl, 1e-9, "P(T > C) + P(C > T)");
        Numeric.Within(forward.ExpectedLossTreatment, backward.ExpectedLossControl, 1e-9, "losses swap");
    }

    [Fact]
    public void ChanceToBeatControl_LargeArms_StaysAccurate()
    {
        // 1,000,000 customers per arm: the posterior is narrow and the integration range follows it.
        var result = BayesianTests.ChanceToBeatControl(50_000, 1_000_000, 50_300, 1_000_000);
        var normal = Distributions.NormalCdf((50_301.0 / 1_000_002 - 50_001.0 / 1_000_002) / Math.Sqrt(2 * 0.05 * 0.95 / 1_000_002));

        Numeric.Within(normal, result.ChanceToBeatControl, 2e-3, "close to the normal approximation at this size");
    }

    [Fact]
    public void ChanceToBeatControl_Means_MatchesGrowthBooksNormalPosterior()
    {
        var control = new ArmSample(3407, 1396.87, 52377.9767);
        var treatment = new ArmSample(3461, 2422.7, 134698.29);

        var relative = BayesianTests.ChanceToBeatControl(control, treatment);
        var absolute = BayesianTests.ChanceToBeatControl(control, treatment, EffectScale.Absolute);

        Numeric.Relative(0.9690691085323815, relative.ChanceToBeatControl, 1e-12, "chance to win (relative)");
        Numeric.Relative(-0.03510623324566775, relative.Lower, 1e-10, "credible lower");
        Numeric.Relative(1.449740379587131, relative.Upper, 1e-12, "credible upper");
        Numeric.Relative(0.004556766968086792, relative.ExpectedLossTreatment, 1e-9, "risk of treatment");
        Numeric.Relative(0.7118738401388184, relative.ExpectedLossControl, 1e-12, "risk of control");
        Numeric.Relative(0.9899378629114758, absolute.ChanceToBeatControl, 1e-12, "chance to win (absolute)");
    }
}
