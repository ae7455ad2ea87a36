using Clientele.Core.Maths;

namespace Clientele.Marketing.Statistics;

/// <summary>
/// The distributions the tests read: standard normal, Student's t, chi-square and beta, each built on
/// <see cref="SpecialFunctions"/>. Survival functions are computed directly (not as 1 − CDF) so that small p-values
/// keep their relative accuracy.
/// </summary>
public static class Distributions
{
    private const double SqrtTwo = 1.4142135623730950488016887242097;
    private const double SqrtTwoPi = 2.5066282746310005024157652848110;

    /// <summary>Φ(z), the standard normal CDF.</summary>
    public static double NormalCdf(double z) => 0.5 * SpecialFunctions.Erfc(-z / SqrtTwo);

    /// <summary>1 − Φ(z), the standard normal survival function.</summary>
    public static double NormalSurvival(double z) => 0.5 * SpecialFunctions.Erfc(z / SqrtTwo);

    /// <summary>φ(z), the standard normal density.</summary>
    public static double NormalPdf(double z) => Math.Exp(-0.5 * z * z) / SqrtTwoPi;

    /// <summary>
    /// Φ⁻¹(p): a start from Abramowitz and Stegun 26.2.23 (error below 4.5e-4), then Halley steps on the lower tail
    /// until the change is below 1e-15 relative, which reaches the accuracy of <see cref="NormalCdf"/>.
    /// </summary>
    public static double NormalQuantile(double p)
    {
        if (double.IsNaN(p) || p < 0.0 || p > 1.0)
        {
            return double.NaN;
        }
        if (p == 0.0)
        {
            return double.NegativeInfinity;
        }
        if (p == 1.0)
        {
            return double.PositiveInfinity;
        }
        if (p > 0.5)
        {
            return -NormalQuantile(1.0 - p);
        }
        if (p == 0.5)
        {
            return 0.0;
        }
        var t = Math.Sqrt(-2.0 * Math.Log(p));
        var x = -(t - ((2.515517 + (0.802853 * t) + (0.010328 * t * t)) / (1.0 + (1.432788 * t) + (0.189269 * t * t) + (0.001308 * t * t * t))));
        for (var i = 0; i < 8; i++)
        {
            var error = NormalCdf(x) - p;
            var u = error * SqrtTwoPi * Math.Exp(0.5 * x * x);
            var step = u / (1.0 + (0.5 * x * u));
            x -= step;
            if (Math.Abs(step) <= 1e-15 * Math.Max(1.0, Math.Abs(x)))
            {
                break;
            }
        }
        return x;
    }

    /// <summary>The density of Student's t with <paramref name="degreesOfFreedom"/> ν at <paramref name="t"/>.</summary>
    public static double StudentTPdf(double t, double degreesOfFreedom)
    {
        var nu = degreesOfFreedom;
        if (IsEffectivelyNormal(nu))
        {
            return NormalPdf(t);
        }
        var logDensity = SpecialFunctions.LogGamma(0.5 * (nu + 1.0)) - SpecialFunctions.LogGamma(0.5 * nu) - (0.5 * Math.Log(nu * Math.PI))
            - (0.5 * (nu + 1.0) * SpecialFunctions.Log1P(t * t / nu));
        return Math.Exp(logDensity);
    }

    /// <summary>
    /// P(T &gt; t) for Student's t with ν degrees of freedom (ν &gt; 0, not necessarily whole, as Welch's ν is):
    /// ½ I_{ν/(ν+t²)}(ν/2, ½) for t ≥ 0. Above 1e10 degrees of freedom the normal is used.
    /// </summary>
    public static double StudentTSurvival(double t, double degreesOfFreedom)
    {
        if (double.IsNaN(t) || !(degreesOfFreedom > 0.0))
        {
            return double.NaN;
        }
        if (IsEffectivelyNormal(degreesOfFreedom))
        {
            return NormalSurvival(t);
        }
        var tail = 0.5 * TwoSidedTail(Math.Abs(t), degreesOfFreedom);
        return t >= 0.0 ? tail : 1.0 - tail;
    }

    /// <summary>P(T ≤ t) for Student's t with ν degrees of freedom.</summary>
    public static double StudentTCdf(double t, double degreesOfFreedom) => StudentTSurvival(-t, degreesOfFreedom);

    /// <summary>P(|T| ≥ |t|), the two-sided p-value of a t statistic.</summary>
    public static double StudentTTwoSidedPValue(double t, double degreesOfFreedom)
    {
        if (double.IsNaN(t) || !(degreesOfFreedom > 0.0))
        {
            return double.NaN;
        }
        if (IsEffectivelyNormal(degreesOfFreedom))
        {
            return Math.Min(1.0, 2.0 * NormalSurvival(Math.Abs(t)));
        }
        return Math.Min(1.0, TwoSidedTail(Math.Abs(t), degreesOfFreedom));
    }

    /// <summary>
    /// The quantile of Student's t: exact for ν = 1 and 2; otherwise a Cornish–Fisher start from the normal quantile,
    /// refined by safeguarded Newton steps on the survival function (bisection whenever a step leaves the bracket).
    /// </summary>
    public static double StudentTQuantile(double p, double degreesOfFreedom)
    {
        var nu = degreesOfFreedom;
        if (double.IsNaN(p) || p < 0.0 || p > 1.0 || !(nu > 0.0))
        {
            return double.NaN;
        }
        if (p == 0.0)
        {
            return double.NegativeInfinity;
        }
        if (p == 1.0)
        {
            return double.PositiveInfinity;
        }
        if (IsEffectivelyNormal(nu))
        {
            return NormalQuantile(p);
        }
        if (p < 0.5)
        {
            return -StudentTQuantile(1.0 - p, nu);
        }
        if (p == 0.5)
        {
            return 0.0;
        }
        if (nu == 1.0)
        {
            return 1.0 / Math.Tan(Math.PI * (1.0 - p));
        }
        if (nu == 2.0)
        {
            return (2.0 * p - 1.0) / Math.Sqrt(2.0 * p * (1.0 - p));
        }
        var upper = 1.0 - p;
        var z = NormalQuantile(p);
        var z2 = z * z;
        var g1 = ((z2 + 1.0) * z) / 4.0;
        var g2 = (((5.0 * z2 + 16.0) * z2 + 3.0) * z) / 96.0;
        var g3 = ((((3.0 * z2 + 19.0) * z2 + 17.0) * z2 - 15.0) * z) / 384.0;
        var t = z + (g1 / nu) + (g2 / (nu * nu)) + (g3 / (nu * nu * nu));
        if (!(t > 0.0) || double.IsInfinity(t))
        {
            t = z;
        }
        double low = 0.0, high = double.PositiveInfinity;
        for (var i = 0; i < 200; i++)
        {
            var excess = StudentTSurvival(t, nu) - upper;
            if (excess > 0.0)
            {
                low = t;
            }
            else if (excess < 0.0)
            {
                high = t;
            }
            else
            {
                return t;
            }
            var density = StudentTPdf(t, nu);
            var next = density > 0.0 ? t + (excess / density) : double.NaN;
            if (!(next > low && next < high))
            {
                next = double.IsPositiveInfinity(high) ? 2.0 * Math.Max(t, 1.0) : 0.5 * (low + high);
            }
            if (Math.Abs(next - t) <= 1e-14 * Math.Max(1.0, Math.Abs(t)))
            {
                return next;
            }
            t = next;
        }
        return t;
    }

    /// <summary>P(X &gt; x) for the chi-square distribution with k degrees of freedom: Q(k/2, x/2).</summary>
    public static double ChiSquareSurvival(double x, double degreesOfFreedom) =>
        !(degreesOfFreedom > 0.0) || double.IsNaN(x) ? double.NaN : SpecialFunctions.RegularizedGammaQ(0.5 * degreesOfFreedom, 0.5 * Math.Max(x, 0.0));

    /// <summary>The beta distribution's CDF I_x(a, b).</summary>
    public static double BetaCdf(double x, double a, double b) => x <= 0.0 ? 0.0 : x >= 1.0 ? 1.0 : SpecialFunctions.RegularizedBeta(a, b, x);

    /// <summary>The beta distribution's density.</summary>
    public static double BetaPdf(double x, double a, double b)
    {
        if (x < 0.0 || x > 1.0)
        {
            return 0.0;
        }
        // (a − 1) log x is taken as 0 when a = 1, also at x = 0 (where 0 × −∞ would give NaN); likewise for b.
        var left = a == 1.0 ? 0.0 : (a - 1.0) * Math.Log(x);
        var right = b == 1.0 ? 0.0 : (b - 1.0) * SpecialFunctions.Log1P(-x);
        var logDensity = left + right - SpecialFunctions.LogBeta(a, b);
        return Math.Exp(logDensity);
    }

    private static bool IsEffectivelyNormal(double nu) => nu > 1e10;

    /// <summary>P(|T| ≥ t) for t ≥ 0 = I_{ν/(ν+t²)}(ν/2, ½), with 1 − x = t²/(ν+t²) passed exactly.</summary>
    private static double TwoSidedTail(double t, double nu)
    {
        if (double.IsPositiveInfinity(t))
        {
            return 0.0;
        }
        var t2 = t * t;
        var x = nu / (nu + t2);
        var y = t2 / (nu + t2);
        return SpecialFunctions.RegularizedBeta(0.5 * nu, 0.5, x, y);
    }
}
