using Clientele.Core.Maths;

namespace Clientele.Value;

/// <summary>
/// The Gauss hypergeometric series the BG/NBD and Pareto/NBD formulas need, arranged so that every series has
/// bounded terms: large x or T never overflows, and the Pareto/NBD series has only positive terms.
/// </summary>
internal static class Hypergeometric
{
    /// <summary>The series stop when the estimated tail is below this fraction of the sum.</summary>
    private const double RelativeTolerance = 1e-16;

    /// <summary>An upper bound on the number of terms (reached only for z within about 1e-5 of 1).</summary>
    private const int MaximumTerms = 2_000_000;

    /// <summary>
    /// log ₂F₁(A, B; A + 1; z) for A &gt; 0, B &gt; 0 and 0 ≤ z &lt; 1, computed through Euler's transformation
    /// ₂F₁(A, B; A + 1; z) = (1 − z)^(1 − B) ₂F₁(1, A + 1 − B; A + 1; z), whose series has positive terms each at most z
    /// times the one before. <paramref name="logOneMinusZ"/> is log(1 − z), passed in so that callers can form it
    /// without cancellation.
    /// </summary>
    public static double LogF21WithCEqualsAPlusOne(double a, double b, double z, double logOneMinusZ)
    {
        var sum = 1.0;
        if (z > 0.0)
        {
            var term = 1.0;
            var top = a + 1.0 - b;
            var bottom = a + 1.0;
            for (var n = 0; n < MaximumTerms; n++)
            {
                term *= (top + n) / (bottom + n) * z;
                sum += term;
                if (term * z < RelativeTolerance * sum * (1.0 - z))
                {
                    break;
                }
            }
        }
        return ((1.0 - b) * logOneMinusZ) + Math.Log(sum);
    }

    /// <summary>
    /// <see cref="LogF21WithCEqualsAPlusOne"/> written as log[(1 − z)^(1 − B) H(A, B, z)] with
    /// H = Σ cₙ zⁿ, c₀ = 1, cₙ₊₁ = cₙ (A + 1 − B + n)/(A + 1 + n), returning log H and the derivatives
    /// ∂log H/∂A, ∂log H/∂B, ∂log H/∂z summed along the same series (∂log cₙ/∂A and ∂log cₙ/∂B are running sums).
    /// </summary>
    public static double LogEulerSeries(double a, double b, double z, out double dA, out double dB, out double dZ)
    {
        var top = a + 1.0 - b;
        var bottom = a + 1.0;
        var sum = 1.0;
        double sumA = 0, sumB = 0;
        // Σ n cₙ z^(n−1): the n = 1 term is c₁ even at z = 0.
        var first = top / bottom;
        var sumZ = first;
        if (z > 0.0)
        {
            var coefficient = 1.0;     // cₙ
            var power = 1.0;           // zⁿ
            double logA = 0, logB = 0; // ∂log cₙ/∂A, ∂log cₙ/∂B
            sumZ = 0.0;
            for (var n = 0; n < MaximumTerms; n++)
            {
                // One division: 1/((top + n)(bottom + n)) gives 1/(top + n), 1/(bottom + n) and their ratio.
                var t = top + n;
                var u = bottom + n;
                var inverse = 1.0 / (t * u);
                var up = u * inverse;
                logA += up - (t * inverse);
                logB -= up;
                coefficient *= t * t * inverse;
                sumZ += (n + 1.0) * coefficient * power; // (n+1) c_{n+1} z^n
                power *= z;
                var term = coefficient * power;
                sum += term;
                sumA += term * logA;
                sumB += term * logB;
                if (term * (n + 2.0) * z < RelativeTolerance * sum * (1.0 - z) * (1.0 - z))
                {
                    break;
                }
            }
        }
        dA = sumA / sum;
        dB = sumB / sum;
        dZ = sumZ / sum;
        return Math.Log(sum);
    }

    /// <summary>
    /// The BG/NBD expectation kernel K = (a + b + x − 1)/(a − 1) × [1 − (1 − z)^(r + x) ₂F₁(r + x, b + x; a + b + x − 1; z)]
    /// (Fader, Hardie &amp; Lee 2005, eq. 9 and 10, with z = t/(α + T + t)). Euler's transformation turns the bracket
    /// into 1 − (1 − z)^(a − 1) ₂F₁(a + b − 1 − r, a − 1; a + b + x − 1; z), whose parameters do not grow with x; the
    /// factor a − 1 is then cancelled analytically, so a = 1 is no special case.
    /// <para>
    /// When (a − 1) z is large (a fit whose a and b run off together: dropout the same for everyone), the transformed
    /// series' terms grow like ((a − 1) z)ⁿ/n! before they fall, past any number of terms and past double's range; the
    /// series as eq. 10 writes it then converges fast (its terms shrink like (b/(a + b)) z), and is summed instead.
    /// </para>
    /// </summary>
    /// <param name="logOneMinusZ">log(1 − z) = −log(1 + t/(α + T)).</param>
    public static double BetaGeoExpectationKernel(double r, double a, double b, double x, double z, double logOneMinusZ)
    {
        if (z <= 0.0)
        {
            return 0.0;
        }
        if ((a - 1.0) * z > DirectSeriesAbove)
        {
            return BetaGeoExpectationKernelDirect(r, a, b, x, z, logOneMinusZ);
        }
        var epsilon = a - 1.0;
        var c = a + b + x - 1.0;
        var aPrime = a + b - 1.0 - r;
        // G' = c Σ_{n≥1} (a')_n (1 + ε)_{n−1} / ((c)_n n!) zⁿ; its first term is a' z.
        var term = aPrime * z;
        var sum = term;
        for (var n = 1; n < MaximumTerms; n++)
        {
            var ratio = (aPrime + n) * (epsilon + n) / ((c + n) * (n + 1.0)) * z;
            term *= ratio;
            sum += term;
            var absoluteRatio = Math.Abs(ratio);
            if (n > 2 && absoluteRatio < 1.0
                && Math.Abs(term) * absoluteRatio / (1.0 - absoluteRatio) <= RelativeTolerance * Math.Abs(sum))
            {
                break;
            }
            if (term == 0.0)
            {
                break;
            }
        }
        var power = Math.Exp(epsilon * logOneMinusZ);
        return (-c * logOneMinusZ * SpecialFunctions.ExpM1OverX(epsilon * logOneMinusZ)) - (power * sum);
    }

    /// <summary>Where the transformed series stops being the better one: (a − 1) z above this sums eq. 10's series.</summary>
    internal const double DirectSeriesAbove = 30.0;

    /// <summary>
    /// K = (a + b + x − 1)/(a − 1) × [1 − (1 − z)^(r + x) ₂F₁(r + x, b + x; a + b + x − 1; z)] summed as written, for
    /// a − 1 large (then the factor is finite and the bracket is no difference of near-equal numbers unless z is tiny).
    /// </summary>
    internal static double BetaGeoExpectationKernelDirect(double r, double a, double b, double x, double z, double logOneMinusZ)
    {
        var p = r + x;
        var q = b + x;
        var c = a + b + x - 1.0;
        var term = 1.0;
        var sum = 1.0;
        for (var n = 0; n < MaximumTerms; n++)
        {
            var ratio = (p + n) * (q + n) / ((c + n) * (n + 1.0)) * z;
            term *= ratio;
            sum += term;
            // Each factor of the ratio tends monotonically to 1, so no later ratio exceeds this bound: the tail is below
            // term × bound / (1 − bound).
            var bound = z * Math.Max(1.0, (p + n + 1.0) / (n + 2.0)) * Math.Max(1.0, (q + n + 1.0) / (c + n + 1.0));
            if (bound < 1.0 && term * bound / (1.0 - bound) <= RelativeTolerance * sum)
            {
                break;
            }
        }
        return c / (a - 1.0) * -SpecialFunctions.ExpM1(p * logOneMinusZ + Math.Log(sum));
    }
}
