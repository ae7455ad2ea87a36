using Clientele.Core.Maths;

namespace Clientele.Value;

/// <summary>
/// The BG/NBD log-likelihood (Fader, Hardie &amp; Lee 2005, eq. 6) and its analytic gradient, in log space:
/// LL = A₁ + A₂ + log(e^A₃ + δ(x&gt;0) e^A₄) with A₁ = log Γ(r+x) − log Γ(r) + r log α,
/// A₂ = log Γ(a+b) + log Γ(b+x) − log Γ(b) − log Γ(a+b+x), A₃ = −(r+x) log(α+T),
/// A₄ = log a − log(b+x−1) − (r+x) log(α+t_x). Terms that depend on x alone are computed once per distinct x,
/// so a row costs two logarithms and one exponential (one logarithm when x = 0). The scalar <see cref="Math.Log(double)"/>
/// and <see cref="Math.Exp"/> are used on purpose: the vectorised ones give results that differ in the last bit
/// between the JIT's tiers, and a fit should be reproducible bit for bit. The exact Hessian (for the standard errors)
/// comes from one more pass: with d = A₄ − A₃ and π = σ(d), ∇²LL = ∇²(A₁ + A₂ + A₃) + π(1 − π) ∇d ∇dᵀ + π ∇²d.
/// </summary>
internal sealed class BetaGeoLikelihood(CustomerGroups groups) : ILogLikelihoodWithHessian
{
    public int NumberOfCustomers => groups.NumberOfCustomers;

    /// <summary>Per distinct x: the constant part of the row's log-likelihood and of each gradient component.</summary>
    private sealed class Tables(int n)
    {
        public readonly double[] Constant = new double[n];
        public readonly double[] DigammaR = new double[n];
        public readonly double[] DigammaA = new double[n];
        public readonly double[] DigammaB = new double[n];
        public readonly double[] LogARatio = new double[n];
        public readonly double[] InverseBxMinusOne = new double[n];
    }

    public double Evaluate(ReadOnlySpan<double> parameters, Span<double> gradient)
    {
        var r = parameters[0];
        var alpha = parameters[1];
        var a = parameters[2];
        var b = parameters[3];
        var tables = BuildTables(r, alpha, a, b);
        Span<double> totals = stackalloc double[5];
        var logAlpha = Math.Log(alpha);
        var wantGradient = gradient.Length > 0;
        BlockParallel.Sum(
            groups.Count,
            (start, end, sums) => Block(start, end, sums, r, alpha, a, logAlpha, tables, wantGradient),
            totals);
        if (wantGradient)
        {
            totals.Slice(1, 4).CopyTo(gradient);
        }
        return totals[0];
    }

    public double EvaluateHessian(ReadOnlySpan<double> parameters, Span<double> gradient, double[,] hessian)
    {
        var r = parameters[0];
        var alpha = parameters[1];
        var a = parameters[2];
        var b = parameters[3];
        var tables = BuildTables(r, alpha, a, b);
        var xs = groups.DistinctFrequencies;
        var trigammaR = new double[xs.Length];
        var trigammaA = new double[xs.Length];
        var trigammaB = new double[xs.Length];
        var psi1R = SpecialFunctions.Trigamma(r);
        var psi1B = SpecialFunctions.Trigamma(b);
        var psi1AB = SpecialFunctions.Trigamma(a + b);
        for (var k = 0; k < xs.Length; k++)
        {
            var x = xs[k];
            if (x == 0)
            {
                continue;
            }
            var psi1ABX = SpecialFunctions.Trigamma(a + b + x);
            trigammaR[k] = SpecialFunctions.Trigamma(r + x) - psi1R;
            trigammaA[k] = psi1AB - psi1ABX;
            trigammaB[k] = psi1AB + SpecialFunctions.Trigamma(b + x) - psi1B - psi1ABX;
        }
        var logAlpha = Math.Log(alpha);
        // totals: LL, 4 gradient components, then the 10 entries of the upper triangle row by row.
        Span<double> totals = stackalloc double[15];
        BlockParallel.Sum(
            groups.Count,
            (start, end, sums) => HessianBlock(start, end, sums, r, alpha, a, logAlpha, tables, trigammaR, trigammaA, trigammaB),
            totals);
        totals.Slice(1, 4).CopyTo(gradient);
        var entry = 5;
        for (var i = 0; i < 4; i++)
        {
            for (var j = i; j < 4; j++)
            {
                hessian[i, j] = totals[entry];
                hessian[j, i] = totals[entry];
                entry++;
            }
        }
        return totals[0];
    }

    private void HessianBlock(
        int start, int end, Span<double> sums, double r, double alpha, double a, double logAlpha, Tables t,
        double[] trigammaR, double[] trigammaA, double[] trigammaB)
    {
        var frequency = groups.Frequency;
        var recency = groups.Recency;
        var age = groups.Age;
        var weight = groups.Weight;
        var index = groups.FrequencyIndex;
        var inverseAlpha = 1.0 / alpha;
        var inverseA = 1.0 / a;
        double ll = 0, gr = 0, gAlpha = 0, ga = 0, gb = 0;
        double hrr = 0, hrAlpha = 0, hra = 0, hrb = 0, hAlphaAlpha = 0, hAlphaA = 0, hAlphaB = 0, haa = 0, hab = 0, hbb = 0;
        for (var i = start; i < end; i++)
        {
            var k = index[i];
            var x = frequency[i];
            var rx = r + x;
            var w = weight[i];
            var u = Math.Log(alpha + age[i]);
            var p = 1.0 / (alpha + age[i]);
            if (x == 0)
            {
                ll += w * (t.Constant[k] - (rx * u));
                gr += w * (logAlpha - u);
                gAlpha += w * ((r * inverseAlpha) - (r * p));
                hrAlpha += w * (inverseAlpha - p);
                hAlphaAlpha += w * ((-r * inverseAlpha * inverseAlpha) + (r * p * p));
                continue;
            }
            var v = Math.Log(alpha + recency[i]);
            var q = 1.0 / (alpha + recency[i]);
            var d = (rx * (u - v)) + t.LogARatio[k];
            var e = Math.Exp(-Math.Abs(d));
            ll += w * (t.Constant[k] - (rx * u) + Math.Max(d, 0.0) + SpecialFunctions.Log1P(e));
            var pi = d > 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
            var stay = 1.0 - pi;
            var c = t.InverseBxMinusOne[k];
            gr += w * (t.DigammaR[k] + logAlpha - (stay * u) - (pi * v));
            gAlpha += w * ((r * inverseAlpha) - (rx * ((stay * p) + (pi * q))));
            ga += w * (t.DigammaA[k] + (pi * inverseA));
            gb += w * (t.DigammaB[k] - (pi * c));
            // ∇d = (u − v, (r + x)(p − q), 1/a, −1/(b + x − 1)); s = π(1 − π).
            var s = pi * stay;
            var dr = u - v;
            var dAlpha = rx * (p - q);
            var ws = w * s;
            hrr += w * trigammaR[k] + (ws * dr * dr);
            hrAlpha += w * (inverseAlpha - p + (pi * (p - q))) + (ws * dr * dAlpha);
            hra += ws * dr * inverseA;
            hrb -= ws * dr * c;
            hAlphaAlpha += w * ((-r * inverseAlpha * inverseAlpha) + (rx * p * p) + (pi * rx * ((q * q) - (p * p)))) + (ws * dAlpha * dAlpha);
            hAlphaA += ws * dAlpha * inverseA;
            hAlphaB -= ws * dAlpha * c;
            haa += w * (trigammaA[k] - (pi * inverseA * inverseA)) + (ws * inverseA * inverseA);
            hab += (w * trigammaA[k]) - (ws * inverseA * c);
            hbb += w * (trigammaB[k] + (pi * c * c)) + (ws * c * c);
        }
        sums[0] += ll;
        sums[1] += gr;
        sums[2] += gAlpha;
        sums[3] += ga;
        sums[4] += gb;
        sums[5] += hrr;
        sums[6] += hrAlpha;
        sums[7] += hra;
        sums[8] += hrb;
        sums[9] += hAlphaAlpha;
        sums[10] += hAlphaA;
        sums[11] += hAlphaB;
        sums[12] += haa;
        sums[13] += hab;
        sums[14] += hbb;
    }

    private Tables BuildTables(double r, double alpha, double a, double b)
    {
        var xs = groups.DistinctFrequencies;
        var t = new Tables(xs.Length);
        var logAlpha = Math.Log(alpha);
        var logA = Math.Log(a);
        var lgR = SpecialFunctions.LogGamma(r);
        var lgB = SpecialFunctions.LogGamma(b);
        var lgAB = SpecialFunctions.LogGamma(a + b);
        var psiR = SpecialFunctions.Digamma(r);
        var psiB = SpecialFunctions.Digamma(b);
        var psiAB = SpecialFunctions.Digamma(a + b);
        for (var k = 0; k < xs.Length; k++)
        {
            var x = xs[k];
            if (x == 0)
            {
                t.Constant[k] = r * logAlpha;
                continue;
            }
            t.Constant[k] = SpecialFunctions.LogGamma(r + x) - lgR + (r * logAlpha)
                + lgAB + SpecialFunctions.LogGamma(b + x) - lgB - SpecialFunctions.LogGamma(a + b + x);
            var psiABX = SpecialFunctions.Digamma(a + b + x);
            t.DigammaR[k] = SpecialFunctions.Digamma(r + x) - psiR;
            t.DigammaA[k] = psiAB - psiABX;
            t.DigammaB[k] = psiAB + SpecialFunctions.Digamma(b + x) - psiB - psiABX;
            t.LogARatio[k] = logA - Math.Log(b + x - 1.0);
            t.InverseBxMinusOne[k] = 1.0 / (b + x - 1.0);
        }
        return t;
    }

    private void Block(int start, int end, Span<double> sums, double r, double alpha, double a, double logAlpha, Tables t, bool wantGradient)
    {
        var frequency = groups.Frequency;
        var recency = groups.Recency;
        var age = groups.Age;
        var weight = groups.Weight;
        var index = groups.FrequencyIndex;
        double ll = 0, gr = 0, gAlpha = 0, ga = 0, gb = 0;
        for (var i = start; i < end; i++)
        {
            var k = index[i];
            var x = frequency[i];
            var rx = r + x;
            var w = weight[i];
            var u = Math.Log(alpha + age[i]);
            if (x == 0)
            {
                // A₄ is absent: LL = r log α − r log(α + T).
                ll += w * (t.Constant[k] - (rx * u));
                if (wantGradient)
                {
                    gr += w * (logAlpha - u);
                    gAlpha += w * ((r / alpha) - (r / (alpha + age[i])));
                }
                continue;
            }
            var v = Math.Log(alpha + recency[i]);
            // d = A₄ − A₃ = (r + x)(u − v) + log a − log(b + x − 1); log(e^A₃ + e^A₄) = A₃ + max(d, 0) + log(1 + e^−|d|).
            var d = (rx * (u - v)) + t.LogARatio[k];
            var e = Math.Exp(-Math.Abs(d));
            ll += w * (t.Constant[k] - (rx * u) + Math.Max(d, 0.0) + SpecialFunctions.Log1P(e));
            if (!wantGradient)
            {
                continue;
            }
            // π: the share of the "dropped out after the last purchase" branch A₄.
            var pi = d > 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
            var stay = 1.0 - pi;
            gr += w * (t.DigammaR[k] + logAlpha - (stay * u) - (pi * v));
            gAlpha += w * ((r / alpha) - (rx * ((stay / (alpha + age[i])) + (pi / (alpha + recency[i])))));
            ga += w * (t.DigammaA[k] + (pi / a));
            gb += w * (t.DigammaB[k] - (pi * t.InverseBxMinusOne[k]));
        }
        sums[0] += ll;
        sums[1] += gr;
        sums[2] += gAlpha;
        sums[3] += ga;
        sums[4] += gb;
    }
}
