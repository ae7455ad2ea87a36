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

    [Theory]
    [InlineData(5, 100, 52000, 1000000, 0.42932974593509576)]
    [InlineData(12, 150, 80500, 1000000, 0.4425225694599346)]
    public void ChanceToBeatControl_VeryUnequalArms_MatchesEvanMillersClosedForm(long ca, long na, long cb, long nb, double evanMiller)
    {
        // The treatment's posterior is 100× narrower than the control's. Reference (/usr/bin/python3, SciPy 1.10.1):
        // aA, bA, aB, bB = 1+ca, 1+na-ca, 1+cb, 1+nb-cb; i = np.arange(aB)
        // np.exp(special.betaln(aA+i, bA+bB) - np.log(bB+i) - special.betaln(1+i, bB) - special.betaln(aA, bA)).sum()
        // (adaptive quadrature over the narrow posterior agrees to 2e-9: 0.4293297465424362, 0.4425225688084143).
        var forward = BayesianTests.ChanceToBeatControl(ca, na, cb, nb);
        var backward = BayesianTests.ChanceToBeatControl(cb, nb, ca, na);

        Numeric.Relative(evanMiller, forward.ChanceToBeatControl, 1e-8, "P(p_T > p_C), small control");
        Numeric.Relative(1 - evanMiller, backward.ChanceToBeatControl, 1e-8, "P(p_T > p_C), small treatment");
        Numeric.Within(forward.ExpectedLossTreatment, backward.ExpectedLossControl, 1e-12, "losses swap");
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

    [Fact]
    public void ChanceToBeatControl_Means_ReproducesGrowthBooksPublishedGaussianCase()
    {
        // growthbook/growthbook packages/stats/tests/bayesian/test_tests.py, TestNorm.test_bayesian_gaussian_ab_test
        // (EffectBayesianABTest, flat prior): expected 0.05, ci [-0.02, 0.12], uplift sd 0.03572, chance_to_win 0.91923,
        // risk [0.05131, 0.00131] (risk[0] of keeping the control, risk[1] of shipping the treatment), all rounded to 5 decimals.
        var control = new ArmSample(10, 100, 1002.25);
        var treatment = new ArmSample(10, 105, 1111.5);

        var result = BayesianTests.ChanceToBeatControl(control, treatment);

        Numeric.Within(0.91923, result.ChanceToBeatControl, 5e-6, "chance_to_win");
        Numeric.Within(-0.02, result.Lower, 5e-6, "ci lower");
        Numeric.Within(0.12, result.Upper, 5e-6, "ci upper");
        Numeric.Within(0.05131, result.ExpectedLossControl, 5e-6, "risk of control");
        Numeric.Within(0.00131, result.ExpectedLossTreatment, 5e-6, "risk of treatment");
    }

    [Fact]
    public void ChanceToBeatControl_ProportionMoments_ReproducesGrowthBooksPublishedBinomialCase()
    {
        // Same file, TestBinom.test_bayesian_binomial_ab_test: 49/100 vs 51/100 → expected 0.04082, ci [-0.24779, 0.32943],
        // uplift sd 0.14725, chance_to_win 0.60918, risk [0.0814, 0.04058]. GrowthBook's proportions carry the variance p(1 − p).
        var result = BayesianTests.ChanceToBeatControl(ArmMoments.FromProportion(49, 100), ArmMoments.FromProportion(51, 100));
        var frequentist = FrequentistTests.RelativeEffect(49, 100, 51, 100);

        Numeric.Within(0.60918, result.ChanceToBeatControl, 5e-6, "chance_to_win");
        Numeric.Within(-0.24779, result.Lower, 5e-6, "ci lower");
        Numeric.Within(0.32943, result.Upper, 5e-6, "ci upper");
        Numeric.Within(0.0814, result.ExpectedLossControl, 5e-6, "risk of control");
        Numeric.Within(0.04058, result.ExpectedLossTreatment, 5e-6, "risk of treatment");
        Numeric.Within(0.04082, frequentist.Estimate, 5e-6, "expected");
        Numeric.Within(0.14725, frequentist.StandardError, 5e-6, "uplift sd");
    }
}
