using Clientele.Core.Maths;

namespace Clientele.Value;

/// <summary>
/// The Pareto/NBD log-likelihood in the form of Fader, Hardie &amp; Lee (2005), "A Note on Deriving the Pareto/NBD
/// Model and Related Expressions", eq. 19–22:
/// L = Γ(r+x) α^r β^s / Γ(r) × [ 1/((α+T)^(r+x) (β+T)^s) + s/(r+s+x) A₀ ], summed in log space over groups of identical
/// (x, t_x, T) on all cores, with its analytic gradient. A₀ is evaluated by <see cref="LogA0"/>.
/// </summary>
internal sealed class ParetoNbdLikelihood(CustomerGroups groups) : ILogLikelihood
{
    public int NumberOfCustomers => groups.NumberOfCustomers;

    public double Evaluate(ReadOnlySpan<double> parameters, Span<double> gradient)
    {
        var r = parameters[0];
        var alpha = parameters[1];
        var s = parameters[2];
        var beta = parameters[3];
        var xs = groups.DistinctFrequencies;
        var constant = new double[xs.Length];
        var logWeight = new double[xs.Length];
        var digammaR = new double[xs.Length];
        var inverseRsx = new double[xs.Length];
        var lgR = SpecialFunctions.LogGamma(r);
        var psiR = SpecialFunctions.Digamma(r);
        var logAlpha = Math.Log(alpha);
        var logBeta = Math.Log(beta);
        var prefix = (r * logAlpha) + (s * logBeta) - lgR;
        var logS = Math.Log(s);
        for (var k = 0; k < xs.Length; k++)
        {
            constant[k] = SpecialFunctions.LogGamma(r + xs[k]) + prefix;
            logWeight[k] = logS - Math.Log(r + s + xs[k]);
            digammaR[k] = SpecialFunctions.Digamma(r + xs[k]) - psiR;
            inverseRsx[k] = 1.0 / (r + s + xs[k]);
        }
        var wantGradient = gradient.Length > 0;
        Span<double> totals = stackalloc double[5];
        BlockParallel.Sum(
            groups.Count,
            (start, end, sums) =>
            {
                Span<double> d = stackalloc double[4];
                double ll = 0, gr = 0, gAlpha = 0, gs = 0, gBeta = 0;
                for (var i = start; i < end; i++)
                {
                    var k = groups.FrequencyIndex[i];
                    var x = groups.Frequency[i];
                    var age = groups.Age[i];
                    var w = groups.Weight[i];
                    var logAlphaT = Math.Log(alpha + age);
                    var logBetaT = Math.Log(beta + age);
                    var alive = (-(r + x) * logAlphaT) - (s * logBetaT);
                    var logA0 = LogA0(r, alpha, s, beta, x, groups.Recency[i], age, wantGradient ? d : []);
                    var dead = logWeight[k] + logA0;
                    var total = SpecialFunctions.LogAddExp(alive, dead);
                    ll += w * (constant[k] + total);
                    if (!wantGradient)
                    {
                        continue;
                    }
                    var wAlive = Math.Exp(alive - total);
                    var wDead = double.IsNegativeInfinity(logA0) ? 0.0 : Math.Exp(dead - total);
                    gr += w * (digammaR[k] + logAlpha - (wAlive * logAlphaT) + (wDead * (d[0] - inverseRsx[k])));
                    gAlpha += w * ((r / alpha) - (wAlive * (r + x) / (alpha + age)) + (wDead * d[1]));
                    gs += w * (logBeta - (wAlive * logBetaT) + (wDead * ((1.0 / s) - inverseRsx[k] + d[2])));
                    gBeta += w * ((s / beta) - (wAlive * s / (beta + age)) + (wDead * d[3]));
                }
                sums[0] += ll;
                sums[1] += gr;
                sums[2] += gAlpha;
                sums[3] += gs;
                sums[4] += gBeta;
            },
            totals);
        if (wantGradient)
        {
            totals.Slice(1, 4).CopyTo(gradient);
        }
        return totals[0];
    }

    /// <summary>
    /// log A₀ (FHL note, eq. 21 and 22). For α ≥ β,
    /// A₀ = ₂F₁(r+s+x, s+1; r+s+x+1; (α−β)/(α+t_x)) / (α+t_x)^(r+s+x) − ₂F₁(r+s+x, s+1; r+s+x+1; (α−β)/(α+T)) / (α+T)^(r+s+x);
    /// for α &lt; β the same with β in place of α and r+x in place of s+1. Both ₂F₁ have c = a + 1 and 0 ≤ z &lt; 1, and
    /// are evaluated in log space through Euler's transformation (a positive-term series); the difference is a
    /// log-sub-exp. −∞ when t_x = T (A₀ = 0). When <paramref name="gradient"/> is not empty, it receives
    /// ∂log A₀/∂(r, α, s, β) (0 when A₀ = 0).
    /// </summary>
    public static double LogA0(double r, double alpha, double s, double beta, double x, double recency, double age, Span<double> gradient)
    {
        var alphaHigh = alpha >= beta;
        if (gradient.IsEmpty)
        {
            return SpecialFunctions.LogSubExp(Term(alphaHigh, r, alpha, s, beta, x, recency), Term(alphaHigh, r, alpha, s, beta, x, age));
        }
        Span<double> atAge = stackalloc double[4];
        var first = TermWithGradient(alphaHigh, r, alpha, s, beta, x, recency, gradient);
        var second = TermWithGradient(alphaHigh, r, alpha, s, beta, x, age, atAge);
        if (!(first > second))
        {
            gradient.Clear();
            return double.NegativeInfinity;
        }
        // d log(e^M₁ − e^M₂) = (dM₁ − ρ dM₂)/(1 − ρ), ρ = e^(M₂ − M₁).
        var rho = Math.Exp(second - first);
        var scale = -1.0 / SpecialFunctions.ExpM1(second - first);
        for (var i = 0; i < 4; i++)
        {
            gradient[i] = (gradient[i] - (rho * atAge[i])) * scale;
        }
        return SpecialFunctions.LogSubExp(first, second);
    }

    /// <summary>log of ₂F₁(A, B; A+1; z)/(m + t)^A for one of the two terms of A₀.</summary>
    private static double Term(bool alphaHigh, double r, double alpha, double s, double beta, double x, double t)
    {
        var (high, low, b) = alphaHigh ? (alpha, beta, s + 1.0) : (beta, alpha, r + x);
        var a = r + s + x;
        var logHigh = Math.Log(high + t);
        var z = (high - low) / (high + t);
        return Hypergeometric.LogF21WithCEqualsAPlusOne(a, b, z, Math.Log(low + t) - logHigh) - (a * logHigh);
    }

    /// <summary><see cref="Term"/> and its derivatives with respect to (r, α, s, β).</summary>
    private static double TermWithGradient(bool alphaHigh, double r, double alpha, double s, double beta, double x, double t, Span<double> d)
    {
        var a = r + s + x;
        var logAlphaT = Math.Log(alpha + t);
        var logBetaT = Math.Log(beta + t);
        if (alphaHigh)
        {
            // M = −s (log(β+t) − log(α+t)) + log H(A, s+1, z) − A log(α+t), z = (α−β)/(α+t).
            var z = (alpha - beta) / (alpha + t);
            var logH = Hypergeometric.LogEulerSeries(a, s + 1.0, z, out var hA, out var hB, out var hZ);
            d[0] = hA - logAlphaT;
            d[1] = (s / (alpha + t)) + (hZ * (beta + t) / ((alpha + t) * (alpha + t))) - (a / (alpha + t));
            d[2] = -logBetaT + hA + hB;
            d[3] = (-s / (beta + t)) - (hZ / (alpha + t));
            return (-s * (logBetaT - logAlphaT)) + logH - (a * logAlphaT);
        }
        else
        {
            // M = (1 − r − x)(log(α+t) − log(β+t)) + log H(A, r+x, z) − A log(β+t), z = (β−α)/(β+t).
            var z = (beta - alpha) / (beta + t);
            var logH = Hypergeometric.LogEulerSeries(a, r + x, z, out var hA, out var hB, out var hZ);
            var power = 1.0 - r - x;
            d[0] = -logAlphaT + hA + hB;
            d[1] = (power / (alpha + t)) - (hZ / (beta + t));
            d[2] = hA - logBetaT;
            d[3] = (-power / (beta + t)) + (hZ * (alpha + t) / ((beta + t) * (beta + t))) - (a / (beta + t));
            return (power * (logAlphaT - logBetaT)) + logH - (a * logBetaT);
        }
    }
}
