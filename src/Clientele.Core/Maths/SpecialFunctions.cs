namespace Clientele.Core.Maths;

/// <summary>
/// The special functions of every Clientele model, in one place: log Γ, ψ and ψ′ by the asymptotic (Stirling) series
/// after shifting the argument above 12, accurate to a few units in the last place for positive arguments (the value
/// models' likelihoods and Hessians); accurate log(1 + x) and e^x − 1 (the runtime's <c>double.LogP1</c>/<c>double.ExpM1</c>
/// lose precision near 0); and the regularised incomplete gamma functions by their series and continued fraction and
/// the regularised incomplete beta function by its continued fraction (modified Lentz), as in Numerical Recipes
/// §6.2–6.4, accurate to about 1e-14 relative over the ranges the experiment statistics use (each checked against SciPy
/// in the Value and Marketing tests).
/// </summary>
/// <remarks>
/// MathNet.Numerics 5.0.0 was compared on 2026-12-06 (log Γ and ψ on 0.01 … 2,000, the incomplete beta and gamma
/// functions on a grid of a, b, x, erfc up to 20): it agrees to 1.6e-12 relative at worst (next to the zeros of log Γ and
/// ψ; 5e-13 for the incomplete beta, 1e-13 for the incomplete gamma), but its log Γ took 474 ms for two million calls
/// where this one takes 327 ms (the likelihoods call it per customer group and iteration), and it has no ψ′, which the
/// analytic Hessians need. So these stay, and MathNet is not a dependency.
/// </remarks>
public static class SpecialFunctions
{
    private const double HalfLogTwoPi = 0.91893853320467274178032973640562;
    private const double Shift = 12.0;
    private const double Epsilon = 4e-16;
    private const double Tiny = 1e-300;
    private const int MaximumIterations = 100_000;

    /// <summary>log Γ(x) for x &gt; 0 (absolute error about 1e-15 for x ≤ 12, relative 1e-16 above).</summary>
    public static double LogGamma(double x)
    {
        if (!(x > 0.0))
        {
            return double.NaN;
        }
        if (double.IsPositiveInfinity(x))
        {
            return double.PositiveInfinity;
        }
        var product = 1.0;
        while (x < Shift)
        {
            product *= x;
            x += 1.0;
        }
        var inverse = 1.0 / x;
        var inverse2 = inverse * inverse;
        // Stirling series: 1/(12x) − 1/(360x³) + 1/(1260x⁵) − 1/(1680x⁷) + 1/(1188x⁹) − 691/(360360x¹¹) + 1/(156x¹³).
        var series = -691.0 / 360360.0 + (inverse2 / 156.0);
        series = 1.0 / 1188.0 + (inverse2 * series);
        series = -1.0 / 1680.0 + (inverse2 * series);
        series = 1.0 / 1260.0 + (inverse2 * series);
        series = -1.0 / 360.0 + (inverse2 * series);
        series = inverse * (1.0 / 12.0 + (inverse2 * series));
        var stirling = ((x - 0.5) * Math.Log(x)) - x + HalfLogTwoPi + series;
        return product == 1.0 ? stirling : stirling - Math.Log(product);
    }

    /// <summary>ψ(x) = d/dx log Γ(x) for x &gt; 0.</summary>
    public static double Digamma(double x)
    {
        if (!(x > 0.0))
        {
            return double.NaN;
        }
        var result = 0.0;
        while (x < Shift)
        {
            result -= 1.0 / x;
            x += 1.0;
        }
        var inverse = 1.0 / x;
        var inverse2 = inverse * inverse;
        // ln x − 1/(2x) − 1/(12x²) + 1/(120x⁴) − 1/(252x⁶) + 1/(240x⁸) − 1/(132x¹⁰) + 691/(32760x¹²) − 1/(12x¹⁴).
        var series = 691.0 / 32760.0 - (inverse2 / 12.0);
        series = 1.0 / 132.0 - (inverse2 * series);
        series = 1.0 / 240.0 - (inverse2 * series);
        series = 1.0 / 252.0 - (inverse2 * series);
        series = 1.0 / 120.0 - (inverse2 * series);
        series = inverse2 * (1.0 / 12.0 - (inverse2 * series));
        return result + Math.Log(x) - (0.5 * inverse) - series;
    }

    /// <summary>
    /// ψ′(x) = d²/dx² log Γ(x) for x &gt; 0: the recurrence ψ′(x) = ψ′(x + 1) + 1/x² up to x ≥ 12, then the asymptotic
    /// series (Abramowitz &amp; Stegun 6.4.12). Used by the analytic Hessians of the likelihoods.
    /// </summary>
    public static double Trigamma(double x)
    {
        if (!(x > 0.0))
        {
            return double.NaN;
        }
        var result = 0.0;
        while (x < Shift)
        {
            result += 1.0 / (x * x);
            x += 1.0;
        }
        var inverse = 1.0 / x;
        var inverse2 = inverse * inverse;
        // 1/x + 1/(2x²) + 1/(6x³) − 1/(30x⁵) + 1/(42x⁷) − 1/(30x⁹) + 5/(66x¹¹) − 691/(2730x¹³) + 7/(6x¹⁵).
        var series = -691.0 / 2730.0 + (inverse2 * 7.0 / 6.0);
        series = 5.0 / 66.0 + (inverse2 * series);
        series = -1.0 / 30.0 + (inverse2 * series);
        series = 1.0 / 42.0 + (inverse2 * series);
        series = -1.0 / 30.0 + (inverse2 * series);
        series = 1.0 / 6.0 + (inverse2 * series);
        return result + inverse + (0.5 * inverse2) + (inverse * inverse2 * series);
    }

    /// <summary>log B(a, b) = log Γ(a) + log Γ(b) − log Γ(a + b).</summary>
    public static double LogBeta(double a, double b) => LogGamma(a) + LogGamma(b) - LogGamma(a + b);

    /// <summary>log(1 + x) for x &gt; −1, accurate near 0 (Kahan's correction).</summary>
    public static double Log1P(double x)
    {
        var u = 1.0 + x;
        if (u == 1.0)
        {
            return x;
        }
        var log = Math.Log(u);
        return double.IsInfinity(u) ? log : log * x / (u - 1.0);
    }

    /// <summary>e^x − 1, accurate near 0 (Kahan's correction).</summary>
    public static double ExpM1(double x)
    {
        if (Math.Abs(x) < 1e-5)
        {
            return x * (1.0 + (x * (0.5 + (x / 6.0))));
        }
        var u = Math.Exp(x);
        if (u == 1.0)
        {
            return x;
        }
        var uMinusOne = u - 1.0;
        if (uMinusOne == -1.0 || double.IsInfinity(u))
        {
            return uMinusOne;
        }
        return uMinusOne * x / Math.Log(u);
    }

    /// <summary>(e^x − 1) / x, with its limit 1 at x = 0.</summary>
    public static double ExpM1OverX(double x) => Math.Abs(x) < 1e-8 ? 1.0 + (0.5 * x) : ExpM1(x) / x;

    /// <summary>log(e^a + e^b) without overflow.</summary>
    public static double LogAddExp(double a, double b)
    {
        var max = Math.Max(a, b);
        if (double.IsNegativeInfinity(max))
        {
            return double.NegativeInfinity;
        }
        return max + Log1P(Math.Exp(-Math.Abs(a - b)));
    }

    /// <summary>log(e^a − e^b) for a ≥ b; −∞ when a ≤ b.</summary>
    public static double LogSubExp(double a, double b)
    {
        if (!(a > b))
        {
            return double.NegativeInfinity;
        }
        var d = b - a;
        // log(1 − e^d) computed by the two accurate forms (Mächler 2012).
        return a + (d > -0.6931471805599453 ? Math.Log(-ExpM1(d)) : Log1P(-Math.Exp(d)));
    }

    /// <summary>log(1 + e^x) without overflow.</summary>
    public static double Softplus(double x) => x > 0 ? x + Log1P(Math.Exp(-x)) : Log1P(Math.Exp(x));

    /// <summary>1 / (1 + e^x) without overflow.</summary>
    public static double LogisticOfNegative(double x)
    {
        if (x > 0)
        {
            var e = Math.Exp(-x);
            return e / (1.0 + e);
        }
        return 1.0 / (1.0 + Math.Exp(x));
    }

    /// <summary>The regularised lower incomplete gamma function P(a, x) = γ(a, x)/Γ(a), for a &gt; 0, x ≥ 0.</summary>
    public static double RegularizedGammaP(double a, double x)
    {
        if (x <= 0.0)
        {
            return 0.0;
        }
        if (double.IsPositiveInfinity(x))
        {
            return 1.0;
        }
        return x < a + 1.0 ? GammaSeries(a, x) : 1.0 - GammaContinuedFraction(a, x);
    }

    /// <summary>The regularised upper incomplete gamma function Q(a, x) = Γ(a, x)/Γ(a) = 1 − P(a, x).</summary>
    public static double RegularizedGammaQ(double a, double x)
    {
        if (x <= 0.0)
        {
            return 1.0;
        }
        if (double.IsPositiveInfinity(x))
        {
            return 0.0;
        }
        return x < a + 1.0 ? 1.0 - GammaSeries(a, x) : GammaContinuedFraction(a, x);
    }

    /// <summary>erfc(x) = Q(1/2, x²) for x ≥ 0 and 2 − erfc(−x) below; keeps its relative accuracy in the upper tail.</summary>
    public static double Erfc(double x) => x >= 0.0 ? RegularizedGammaQ(0.5, x * x) : 1.0 + RegularizedGammaP(0.5, x * x);

    /// <summary>
    /// The regularised incomplete beta function I_x(a, b), with <paramref name="y"/> = 1 − x given separately so that a
    /// caller who knows 1 − x more accurately than x (the t distribution's tail) loses nothing to cancellation.
    /// </summary>
    public static double RegularizedBeta(double a, double b, double x, double y)
    {
        if (x <= 0.0)
        {
            return 0.0;
        }
        if (y <= 0.0)
        {
            return 1.0;
        }
        var logFront = (a * Math.Log(x)) + (b * Math.Log(y)) - LogBeta(a, b);
        if (x < (a + 1.0) / (a + b + 2.0))
        {
            return Math.Exp(logFront) * BetaContinuedFraction(a, b, x) / a;
        }
        return 1.0 - (Math.Exp(logFront) * BetaContinuedFraction(b, a, y) / b);
    }

    /// <summary>I_x(a, b) for 0 ≤ x ≤ 1.</summary>
    public static double RegularizedBeta(double a, double b, double x) => RegularizedBeta(a, b, x, 1.0 - x);

    private static double GammaSeries(double a, double x)
    {
        var term = 1.0 / a;
        var sum = term;
        var ap = a;
        for (var n = 0; n < MaximumIterations; n++)
        {
            ap += 1.0;
            term *= x / ap;
            sum += term;
            if (Math.Abs(term) < Math.Abs(sum) * Epsilon)
            {
                break;
            }
        }
        return sum * Math.Exp(-x + (a * Math.Log(x)) - LogGamma(a));
    }

    private static double GammaContinuedFraction(double a, double x)
    {
        var b = x + 1.0 - a;
        var c = 1.0 / Tiny;
        var d = 1.0 / b;
        var h = d;
        for (var i = 1; i < MaximumIterations; i++)
        {
            var an = -i * (i - a);
            b += 2.0;
            d = (an * d) + b;
            if (Math.Abs(d) < Tiny)
            {
                d = Tiny;
            }
            c = b + (an / c);
            if (Math.Abs(c) < Tiny)
            {
                c = Tiny;
            }
            d = 1.0 / d;
            var delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1.0) < Epsilon)
            {
                break;
            }
        }
        return Math.Exp(-x + (a * Math.Log(x)) - LogGamma(a)) * h;
    }

    private static double BetaContinuedFraction(double a, double b, double x)
    {
        var qab = a + b;
        var qap = a + 1.0;
        var qam = a - 1.0;
        var c = 1.0;
        var d = 1.0 - (qab * x / qap);
        if (Math.Abs(d) < Tiny)
        {
            d = Tiny;
        }
        d = 1.0 / d;
        var h = d;
        for (var m = 1; m < MaximumIterations; m++)
        {
            var m2 = 2 * m;
            var aa = m * (b - m) * x / ((qam + m2) * (a + m2));
            d = 1.0 + (aa * d);
            if (Math.Abs(d) < Tiny)
            {
                d = Tiny;
            }
            c = 1.0 + (aa / c);
            if (Math.Abs(c) < Tiny)
            {
                c = Tiny;
            }
            d = 1.0 / d;
            h *= d * c;
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
            d = 1.0 + (aa * d);
            if (Math.Abs(d) < Tiny)
            {
                d = Tiny;
            }
            c = 1.0 + (aa / c);
            if (Math.Abs(c) < Tiny)
            {
                c = Tiny;
            }
            d = 1.0 / d;
            var delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1.0) < Epsilon)
            {
                break;
            }
        }
        return h;
    }
}
