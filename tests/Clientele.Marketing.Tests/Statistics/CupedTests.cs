using Clientele.Marketing.Statistics;

namespace Clientele.Marketing.Tests.Statistics;

/// <summary>
/// CUPED on a tiny case computed with numpy/SciPy (/usr/bin/python3), and on simulated data:
/// <code>
/// import numpy as np
/// from scipy import stats
/// yc = np.array([3.0, 5.0, 4.0, 8.0, 10.0]); xc = np.array([2.0, 4.0, 3.0, 6.0, 9.0])
/// yt = np.array([6.0, 7.0, 9.0, 12.0]);      xt = np.array([3.0, 4.0, 6.0, 8.0])
/// y = np.concatenate([yc, yt]); x = np.concatenate([xc, xt])
/// theta = np.cov(y, x, ddof=1)[0, 1] / x.var(ddof=1)
/// ac = yc - theta*(xc - x.mean()); at = yt - theta*(xt - x.mean())
/// d = at.mean() - ac.mean()
/// vc, vt = ac.var(ddof=1)/len(ac), at.var(ddof=1)/len(at)
/// se = np.sqrt(vc+vt); df = (vc+vt)**2/(vc**2/(len(ac)-1)+vt**2/(len(at)-1))
/// r = stats.ttest_ind(at, ac, equal_var=False)
/// q = stats.t.ppf(0.975, df)
/// print("theta", repr(theta), "adj means", repr(ac.mean()), repr(at.mean()))
/// print("welch", repr(d), repr(se), repr(df), repr(d-q*se), repr(d+q*se), repr(r.pvalue))
/// rel = d/ac.mean(); vr = vt/ac.mean()**2 + vc*at.mean()**2/ac.mean()**4
/// print("rel", repr(rel), repr(np.sqrt(vr)), repr(rel - q*np.sqrt(vr)), repr(2*stats.t.sf(abs(rel/np.sqrt(vr)), df)))
/// </code>
/// The same arithmetic by hand: Σx = 45, Σy = 64, n = 9, so x̄ = 5 and ȳ = 64/9; Σ(x − x̄)(y − ȳ) = 78 and
/// Σ(x − x̄)² = 69, so θ = 78/69 = 1.130435; the control's x̄ is 4.8, so its adjusted mean is 6 − θ(4.8 − 5) = 6.226087.
/// </summary>
public sealed class CupedTests
{
    private static readonly double[] ControlY = [3.0, 5.0, 4.0, 8.0, 10.0];
    private static readonly double[] ControlX = [2.0, 4.0, 3.0, 6.0, 9.0];
    private static readonly double[] TreatmentY = [6.0, 7.0, 9.0, 12.0];
    private static readonly double[] TreatmentX = [3.0, 4.0, 6.0, 8.0];

    [Fact]
    public void Adjust_TinyCase_MatchesHandAndNumpy()
    {
        var control = CovariateSample.FromValues(ControlY, ControlX);
        var treatment = CovariateSample.FromValues(TreatmentY, TreatmentX);

        var adjustment = Cuped.Adjust(control, treatment);
        var welch = Cuped.WelchTTest(control, treatment);
        var relative = Cuped.RelativeEffect(control, treatment);

        Numeric.Relative(78.0 / 69.0, adjustment.Theta, 1e-13, "theta by hand");
        Numeric.Relative(6.226086956521739, adjustment.Control.Mean, 1e-13, "adjusted control mean");
        Numeric.Relative(8.217391304347826, adjustment.Treatment.Mean, 1e-13, "adjusted treatment mean");
        Numeric.Relative(1.9913043478260875, welch.Estimate, 1e-12, "adjusted difference");
        Numeric.Relative(0.2723558219715796, welch.StandardError, 1e-11, "adjusted SE");
        Numeric.Relative(6.67031729159865, welch.DegreesOfFreedom, 1e-10, "adjusted Welch dof");
        Numeric.Relative(1.3407759435144606, welch.Lower, 1e-8, "lower (SciPy's t.ppf is good to ~1e-9)");
        Numeric.Relative(2.6418327521377143, welch.Upper, 1e-8, "upper");
        Numeric.Relative(0.00020336660925491235, welch.PValue, 1e-8, "p-value (scipy ttest_ind on the adjusted values)");
        Numeric.Relative(0.319832402234637, relative.Estimate, 1e-12, "relative lift");
        Numeric.Relative(0.05367561445445061, relative.StandardError, 1e-11, "relative SE");
        Numeric.Relative(0.1916269114588844, relative.Lower, 1e-8, "relative lower");
        Numeric.Relative(0.0006773621410204945, relative.PValue, 1e-8, "relative p-value");
    }

    [Fact]
    public void Adjust_CorrelatedCovariate_NarrowsTheIntervalAndStaysUnbiased()
    {
        // 400 simulated experiments, 500 customers per arm: Y = 20 + 0.8 (X − 20) + noise, X ~ N(20, 5²), noise ~ N(0, 3²),
        // true effect +1. Corr(X, Y) = 4/5, so CUPED should remove about ρ² = 64% of the variance.
        const int experiments = 400, perArm = 500;
        var random = new Random(2024);
        double rawSum = 0, cupedSum = 0, rawWidth = 0, cupedWidth = 0, reduction = 0;
        var y = new double[perArm];
        var x = new double[perArm];
        for (var e = 0; e < experiments; e++)
        {
            var control = Simulate(random, y, x, 0.0);
            var treatment = Simulate(random, y, x, 1.0);
            var raw = FrequentistTests.WelchTTest(control.Outcome, treatment.Outcome);
            var cuped = Cuped.WelchTTest(control, treatment);
            rawSum += raw.Estimate;
            cupedSum += cuped.Estimate;
            rawWidth += raw.Upper - raw.Lower;
            cupedWidth += cuped.Upper - cuped.Lower;
            reduction += Cuped.Adjust(control, treatment).VarianceReduction;
        }

        // Mean of 400 estimates with SE ≈ 0.2/√400 = 0.01 (CUPED) and 0.37/√400 ≈ 0.019 (raw): within 4 SE of 1.
        Numeric.Within(1.0, cupedSum / experiments, 0.04, "mean CUPED estimate");
        Numeric.Within(1.0, rawSum / experiments, 0.08, "mean raw estimate");
        Numeric.Within(0.6, cupedWidth / rawWidth, 0.03, "interval width ratio ≈ √(1 − ρ²) = 0.6");
        Numeric.Within(0.64, reduction / experiments, 0.02, "variance reduction ≈ ρ² = 0.64");
    }

    [Fact]
    public void Adjust_ConstantCovariate_ChangesNothing()
    {
        double[] x = [1, 1, 1, 1, 1];
        var control = CovariateSample.FromValues(ControlY, x);
        var treatment = CovariateSample.FromValues([6.0, 7.0, 9.0, 12.0, 5.0], x);

        var cuped = Cuped.WelchTTest(control, treatment);
        var raw = FrequentistTests.WelchTTest(control.Outcome, treatment.Outcome);

        Assert.Equal(0.0, Cuped.Theta(control, treatment));
        Assert.Equal(raw.PValue, cuped.PValue, 14);
    }

    private static CovariateSample Simulate(Random random, double[] y, double[] x, double effect)
    {
        for (var i = 0; i < y.Length; i++)
        {
            x[i] = 20.0 + (5.0 * Gaussian(random));
            y[i] = 20.0 + effect + (0.8 * (x[i] - 20.0)) + (3.0 * Gaussian(random));
        }
        return CovariateSample.FromValues(y, x);
    }

    internal static double Gaussian(Random random)
    {
        var u = 1.0 - random.NextDouble();
        var v = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u)) * Math.Cos(2.0 * Math.PI * v);
    }
}
