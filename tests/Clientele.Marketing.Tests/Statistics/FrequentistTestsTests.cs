using Clientele.Core;
using Clientele.Marketing.Statistics;

namespace Clientele.Marketing.Tests.Statistics;

/// <summary>
/// The frequentist tests against GrowthBook's published case and against SciPy 1.10.1. The SciPy numbers come from
/// this script, run with /usr/bin/python3:
/// <code>
/// import numpy as np
/// from scipy import stats
/// from scipy.stats import norm, t
/// for (ca, na, cb, nb) in [(200,2000,240,2000),(45,1000,30,1050),(1200,10000,1290,10050)]:
///     pa, pb = ca/na, cb/nb
///     d = pb - pa
///     pp = (ca+cb)/(na+nb)
///     z = d/np.sqrt(pp*(1-pp)*(1/na+1/nb))
///     p = 2*norm.sf(abs(z))
///     se = np.sqrt(pa*(1-pa)/na + pb*(1-pb)/nb)
///     q = norm.ppf(0.975)
///     print(ca,na,cb,nb, repr(d), repr(se), repr(d-q*se), repr(d+q*se), repr(p), repr(z))
/// a = np.array([19.5, 0.0, 23.1, 7.25, 0.0, 41.0, 12.3, 5.5, 0.0, 30.2])
/// b = np.array([22.0, 35.4, 0.0, 18.9, 51.3, 9.99, 27.6, 0.0, 44.1, 16.2, 38.8, 12.0])
/// r = stats.ttest_ind(b, a, equal_var=False)
/// va, vb = a.var(ddof=1)/len(a), b.var(ddof=1)/len(b)
/// df = (va+vb)**2/(va**2/(len(a)-1)+vb**2/(len(b)-1))
/// d = b.mean()-a.mean(); se=np.sqrt(va+vb); q=t.ppf(0.975, df)
/// print("arrays", repr(d), repr(se), repr(df), repr(d-q*se), repr(d+q*se), repr(r.pvalue), repr(r.statistic))
/// q90=t.ppf(0.95, df); print("arrays 90%", repr(d-q90*se), repr(d+q90*se))
/// r = stats.ttest_ind_from_stats(mean1=10.4, std1=31.0, nobs1=3000, mean2=9.1, std2=28.5, nobs2=2950, equal_var=False)
/// va, vb = 28.5**2/2950, 31.0**2/3000
/// df = (va+vb)**2/(va**2/2949+vb**2/2999); d = 10.4-9.1; se=np.sqrt(va+vb); q=t.ppf(0.975, df)
/// print("fromstats", repr(d), repr(se), repr(df), repr(d-q*se), repr(d+q*se), repr(r.pvalue))
/// # GrowthBook's case at full precision, gbstats' formulas with SciPy's t:
/// def stat(s, ss, n):
///     m = s/n; v = (ss - s*s/n)/(n-1); return m, v, n
/// ma, va, na = stat(1396.87, 52377.9767, 3407)
/// mb, vb, nb = stat(2422.7, 134698.29, 3461)
/// rel = (mb-ma)/ma
/// se = np.sqrt(vb/(ma**2*nb) + va*mb**2/(ma**4*na))
/// dof = (va/na+vb/nb)**2/((va/na)**2/(na-1)+(vb/nb)**2/(nb-1))
/// q = t.ppf(0.975, dof)
/// print(rel, rel-q*se, rel+q*se, 2*(1-t.cdf(abs(rel/se), dof)), dof, se)
/// # 0.7073170731707317 -0.03526008906611777 1.449894235407581 0.06191182745618362 5841.742032093565 0.3787943616681428
/// </code>
/// </summary>
public sealed class FrequentistTestsTests
{
    [Fact]
    public void RelativeEffect_GrowthBookPublishedCase_ReproducesToFourSignificantDigits()
    {
        // GrowthBook gbstats' frequentist test case (growthbook/growthbook packages/stats/tests/frequentist/test_tests.py,
        // TwoSidedTTest, relative): expected 0.70732, ci [-0.03526, 1.44989], uplift sd 0.37879, p_value 0.06191.
        var control = new ArmSample(3407, 1396.87, 52377.9767);
        var treatment = new ArmSample(3461, 2422.7, 134698.29);

        var effect = FrequentistTests.RelativeEffect(control, treatment);

        Numeric.SignificantDigits(0.70732, effect.Estimate, 4, "relative effect");
        Numeric.SignificantDigits(-0.03526, effect.Lower, 4, "lower");
        Numeric.SignificantDigits(1.44989, effect.Upper, 4, "upper");
        Numeric.SignificantDigits(0.06191, effect.PValue, 4, "p-value");
        Numeric.SignificantDigits(0.37879, effect.StandardError, 4, "uplift standard deviation");
        // Full precision from the same formulas with SciPy's t (the last lines of the script above).
        Numeric.Relative(-0.03526008906611777, effect.Lower, 1e-9, "lower (SciPy)");
        Numeric.Relative(0.06191182745618362, effect.PValue, 1e-9, "p-value (SciPy)");
        Numeric.Relative(5841.742032093565, effect.DegreesOfFreedom, 1e-12, "Welch dof");
        Assert.False(effect.IsSignificant);
    }

    [Theory]
    [InlineData(200, 2000, 240, 2000, 0.01999999999999999, 0.009889388252060894, 0.0006171551968271217, 0.03938284480317286, 0.043244928043021755, 2.021336646531404)]
    [InlineData(45, 1000, 30, 1050, -0.016428571428571428, 0.008331172217345119, -0.032757368923568564, -9.97739335742917e-05, 0.04765640813786051, -1.980419521924831)]
    [InlineData(1200, 10000, 1290, 10050, 0.008358208955223878, 0.00465752885548813, -0.0007703798584889152, 0.01748679776893667, 0.07276763314908992, 1.7942853628685786)]
    public void TwoProportionZTest_MatchesScipy(long ca, long na, long cb, long nb, double difference, double se, double lower, double upper, double p, double z)
    {
        var effect = FrequentistTests.TwoProportionZTest(ca, na, cb, nb);

        Numeric.Relative(difference, effect.Estimate, 1e-12, "difference");
        Numeric.Relative(se, effect.StandardError, 1e-12, "unpooled SE");
        Numeric.Relative(lower, effect.Lower, 1e-9, "lower");
        Numeric.Relative(upper, effect.Upper, 1e-9, "upper");
        Numeric.Relative(p, effect.PValue, 1e-10, "pooled p-value");
        Numeric.Relative(z, effect.Statistic, 1e-12, "pooled z");
    }

    [Fact]
    public void WelchTTest_SmallArrays_MatchesScipyTtestInd()
    {
        double[] a = [19.5, 0.0, 23.1, 7.25, 0.0, 41.0, 12.3, 5.5, 0.0, 30.2];
        double[] b = [22.0, 35.4, 0.0, 18.9, 51.3, 9.99, 27.6, 0.0, 44.1, 16.2, 38.8, 12.0];

        var effect = FrequentistTests.WelchTTest(ArmSample.FromValues(a), ArmSample.FromValues(b));
        var effect90 = FrequentistTests.WelchTTest(ArmSample.FromValues(a), ArmSample.FromValues(b), 0.90);

        Numeric.Relative(9.139166666666663, effect.Estimate, 1e-12, "difference");
        Numeric.Relative(6.59552924316728, effect.StandardError, 1e-12, "SE");
        Numeric.Relative(19.98614655041263, effect.DegreesOfFreedom, 1e-12, "Welch dof");
        Numeric.Relative(-4.6194776292544475, effect.Lower, 1e-10, "lower");
        Numeric.Relative(22.897810962587773, effect.Upper, 1e-10, "upper");
        Numeric.Relative(0.1811199140807164, effect.PValue, 1e-10, "p-value");
        Numeric.Relative(1.38566085142212, effect.Statistic, 1e-12, "t");
        Numeric.Relative(-2.2366454647074594, effect90.Lower, 1e-10, "90% lower");
        Numeric.Relative(20.514978798040787, effect90.Upper, 1e-10, "90% upper");
    }

    [Fact]
    public void WelchTTest_FromSummaryStatistics_MatchesScipyTtestIndFromStats()
    {
        // mean 9.1, sd 28.5, n 2950 (control) vs mean 10.4, sd 31.0, n 3000, as sufficient statistics.
        var control = FromMoments(2950, 9.1, 28.5);
        var treatment = FromMoments(3000, 10.4, 31.0);

        var effect = FrequentistTests.WelchTTest(control, treatment);

        Numeric.Relative(1.3000000000000007, effect.Estimate, 1e-9, "difference");
        Numeric.Relative(0.7717981059734345, effect.StandardError, 1e-9, "SE");
        Numeric.Relative(5921.314704054469, effect.DegreesOfFreedom, 1e-8, "Welch dof");
        Numeric.Relative(-0.2130057606035911, effect.Lower, 1e-8, "lower");
        Numeric.Relative(2.8130057606035925, effect.Upper, 1e-9, "upper");
        Numeric.Relative(0.09216127945940825, effect.PValue, 1e-8, "p-value");
    }

    [Fact]
    public void WelchTTest_ConstantArms_CollapsesToTheDifference()
    {
        var effect = FrequentistTests.WelchTTest(new ArmSample(5, 10, 20), new ArmSample(4, 12, 36));

        Assert.Equal(1.0, effect.Estimate, 12);
        Assert.Equal(effect.Estimate, effect.Lower);
        Assert.Equal(0.0, effect.PValue);
    }

    [Fact]
    public void RelativeEffect_ZeroControlMean_ThrowsClienteleException()
    {
        var ex = Assert.Throws<ClienteleException>(() => FrequentistTests.RelativeEffect(new ArmSample(10, 0, 0), new ArmSample(10, 3, 3)));
        Assert.Contains("control arm's mean is 0", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1, 10, 1, 10)]
    [InlineData(11, 10, 1, 10)]
    [InlineData(1, 0, 1, 10)]
    public void TwoProportionZTest_ImpossibleCounts_ThrowsClienteleException(long ca, long na, long cb, long nb) =>
        Assert.Throws<ClienteleException>(() => FrequentistTests.TwoProportionZTest(ca, na, cb, nb));

    [Fact]
    public void WelchTTest_ConfidenceOutOfRange_ThrowsClienteleException() =>
        Assert.Throws<ClienteleException>(() => FrequentistTests.WelchTTest(new ArmSample(5, 10, 30), new ArmSample(5, 12, 40), 95));

    [Fact]
    public void TwoProportionZTest_NoConversionsAnywhere_HasPValueOne()
    {
        var effect = FrequentistTests.TwoProportionZTest(0, 100, 0, 120);

        Assert.Equal(0.0, effect.Estimate);
        Assert.Equal(1.0, effect.PValue);
    }

    /// <summary>An arm with the given n, mean and sample standard deviation, as sums.</summary>
    internal static ArmSample FromMoments(long n, double mean, double sd)
    {
        var sum = n * mean;
        var sumOfSquares = ((n - 1) * sd * sd) + (sum * sum / n);
        return new ArmSample(n, sum, sumOfSquares);
    }
}
