using Clientele.Core.Maths;

namespace Clientele.Value;

/// <summary>
/// The Gamma-Gamma log-likelihood of the repeat buyers' mean spend m over x transactions (Fader, Hardie &amp; Lee 2005,
/// "The Gamma-Gamma Model of Monetary Value", eq. 3, as in lifetimes):
/// LL = log Γ(px+q) − log Γ(px) − log Γ(q) + q log γ + (px−1) log m + px log x − (px+q) log(xm+γ),
/// with its analytic gradient and exact Hessian, over groups of identical (x, m).
/// </summary>
internal sealed class GammaGammaLikelihood : ILogLikelihoodWithHessian
{
    private readonly CustomerGroups _groups;
    private readonly double[] _logSpend;
    private readonly double[] _logFrequency;

    public GammaGammaLikelihood(CustomerGroups groups)
    {
        _groups = groups;
        _logSpend = groups.Recency.Select(v => Math.Log(v)).ToArray();
        _logFrequency = groups.DistinctFrequencies.Select(v => Math.Log(v)).ToArray();
    }

    public int NumberOfCustomers => _groups.NumberOfCustomers;

    public double Evaluate(ReadOnlySpan<double> parameters, Span<double> gradient)
    {
        var p = parameters[0];
        var q = parameters[1];
        var gamma = parameters[2];
        var xs = _groups.DistinctFrequencies;
        var constant = new double[xs.Length];
        var digammaP = new double[xs.Length];
        var digammaQ = new double[xs.Length];
        var lgQ = SpecialFunctions.LogGamma(q);
        var psiQ = SpecialFunctions.Digamma(q);
        for (var k = 0; k < xs.Length; k++)
        {
            var px = p * xs[k];
            var psiPxQ = SpecialFunctions.Digamma(px + q);
            constant[k] = SpecialFunctions.LogGamma(px + q) - SpecialFunctions.LogGamma(px) - lgQ + (px * _logFrequency[k]);
            digammaP[k] = xs[k] * (psiPxQ - SpecialFunctions.Digamma(px) + _logFrequency[k]);
            digammaQ[k] = psiPxQ - psiQ;
        }
        var logGamma = Math.Log(gamma);
        Span<double> totals = stackalloc double[4];
        BlockParallel.Sum(
            _groups.Count,
            (start, end, sums) =>
            {
                double ll = 0, gp = 0, gq = 0, gg = 0;
                for (var i = start; i < end; i++)
                {
                    var k = _groups.FrequencyIndex[i];
                    var x = _groups.Frequency[i];
                    var w = _groups.Weight[i];
                    var px = p * x;
                    var total = (x * _groups.Recency[i]) + gamma;
                    var logTotal = Math.Log(total);
                    ll += w * (constant[k] + (q * logGamma) + ((px - 1.0) * _logSpend[i]) - ((px + q) * logTotal));
                    gp += w * (digammaP[k] + (x * (_logSpend[i] - logTotal)));
                    gq += w * (digammaQ[k] + logGamma - logTotal);
                    gg += w * ((q / gamma) - ((px + q) / total));
                }
                sums[0] += ll;
                sums[1] += gp;
                sums[2] += gq;
                sums[3] += gg;
            },
            totals);
        if (gradient.Length > 0)
        {
            totals.Slice(1, 3).CopyTo(gradient);
        }
        return totals[0];
    }

    public double EvaluateHessian(ReadOnlySpan<double> parameters, Span<double> gradient, double[,] hessian)
    {
        var p = parameters[0];
        var q = parameters[1];
        var gamma = parameters[2];
        var xs = _groups.DistinctFrequencies;
        var constant = new double[xs.Length];
        var digammaP = new double[xs.Length];
        var digammaQ = new double[xs.Length];
        var trigammaP = new double[xs.Length];
        var trigammaPQ = new double[xs.Length];
        var trigammaQ = new double[xs.Length];
        var lgQ = SpecialFunctions.LogGamma(q);
        var psiQ = SpecialFunctions.Digamma(q);
        var psi1Q = SpecialFunctions.Trigamma(q);
        for (var k = 0; k < xs.Length; k++)
        {
            var x = xs[k];
            var px = p * x;
            var psiPxQ = SpecialFunctions.Digamma(px + q);
            var psi1PxQ = SpecialFunctions.Trigamma(px + q);
            constant[k] = SpecialFunctions.LogGamma(px + q) - SpecialFunctions.LogGamma(px) - lgQ + (px * _logFrequency[k]);
            digammaP[k] = x * (psiPxQ - SpecialFunctions.Digamma(px) + _logFrequency[k]);
            digammaQ[k] = psiPxQ - psiQ;
            trigammaP[k] = x * x * (psi1PxQ - SpecialFunctions.Trigamma(px));
            trigammaPQ[k] = x * psi1PxQ;
            trigammaQ[k] = psi1PxQ - psi1Q;
        }
        var logGamma = Math.Log(gamma);
        var inverseGamma = 1.0 / gamma;
        // LL, the 3 gradient components, then the six entries of the upper triangle: pp, pq, pγ, qq, qγ, γγ.
        Span<double> totals = stackalloc double[10];
        BlockParallel.Sum(
            _groups.Count,
            (start, end, sums) =>
            {
                double ll = 0, gp = 0, gq = 0, gg = 0, pp = 0, pq = 0, pg = 0, qq = 0, qg = 0, hgg = 0;
                for (var i = start; i < end; i++)
                {
                    var k = _groups.FrequencyIndex[i];
                    var x = _groups.Frequency[i];
                    var w = _groups.Weight[i];
                    var px = p * x;
                    var total = (x * _groups.Recency[i]) + gamma;
                    var logTotal = Math.Log(total);
                    var inverseTotal = 1.0 / total;
                    ll += w * (constant[k] + (q * logGamma) + ((px - 1.0) * _logSpend[i]) - ((px + q) * logTotal));
                    gp += w * (digammaP[k] + (x * (_logSpend[i] - logTotal)));
                    gq += w * (digammaQ[k] + logGamma - logTotal);
                    gg += w * ((q * inverseGamma) - ((px + q) * inverseTotal));
                    pp += w * trigammaP[k];
                    pq += w * trigammaPQ[k];
                    pg -= w * x * inverseTotal;
                    qq += w * trigammaQ[k];
                    qg += w * (inverseGamma - inverseTotal);
                    hgg += w * ((-q * inverseGamma * inverseGamma) + ((px + q) * inverseTotal * inverseTotal));
                }
                sums[0] += ll;
                sums[1] += gp;
                sums[2] += gq;
                sums[3] += gg;
                sums[4] += pp;
                sums[5] += pq;
                sums[6] += pg;
                sums[7] += qq;
                sums[8] += qg;
                sums[9] += hgg;
            },
            totals);
        totals.Slice(1, 3).CopyTo(gradient);
        var entry = 4;
        for (var i = 0; i < 3; i++)
        {
            for (var j = i; j < 3; j++)
            {
                hessian[i, j] = totals[entry];
                hessian[j, i] = totals[entry];
                entry++;
            }
        }
        return totals[0];
    }
}
