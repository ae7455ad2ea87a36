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
        var value = Evaluate(parameters, gradient);
        var p = parameters[0];
        var q = parameters[1];
        var gamma = parameters[2];
        var xs = _groups.DistinctFrequencies;
        var trigammaP = new double[xs.Length];
        var trigammaPQ = new double[xs.Length];
        var trigammaQ = new double[xs.Length];
        var psi1Q = SpecialFunctions.Trigamma(q);
        for (var k = 0; k < xs.Length; k++)
        {
            var x = xs[k];
            var psi1PxQ = SpecialFunctions.Trigamma((p * x) + q);
            trigammaP[k] = x * x * (psi1PxQ - SpecialFunctions.Trigamma(p * x));
            trigammaPQ[k] = x * psi1PxQ;
            trigammaQ[k] = psi1PxQ - psi1Q;
        }
        var inverseGamma = 1.0 / gamma;
        // The six entries of the upper triangle: pp, pq, pγ, qq, qγ, γγ.
        Span<double> totals = stackalloc double[6];
        BlockParallel.Sum(
            _groups.Count,
            (start, end, sums) =>
            {
                double pp = 0, pq = 0, pg = 0, qq = 0, qg = 0, gg = 0;
                for (var i = start; i < end; i++)
                {
                    var k = _groups.FrequencyIndex[i];
                    var x = _groups.Frequency[i];
                    var w = _groups.Weight[i];
                    var inverseTotal = 1.0 / ((x * _groups.Recency[i]) + gamma);
                    pp += w * trigammaP[k];
                    pq += w * trigammaPQ[k];
                    pg -= w * x * inverseTotal;
                    qq += w * trigammaQ[k];
                    qg += w * (inverseGamma - inverseTotal);
                    gg += w * ((-q * inverseGamma * inverseGamma) + (((p * x) + q) * inverseTotal * inverseTotal));
                }
                sums[0] += pp;
                sums[1] += pq;
                sums[2] += pg;
                sums[3] += qq;
                sums[4] += qg;
                sums[5] += gg;
            },
            totals);
        var entry = 0;
        for (var i = 0; i < 3; i++)
        {
            for (var j = i; j < 3; j++)
            {
                hessian[i, j] = totals[entry];
                hessian[j, i] = totals[entry];
                entry++;
            }
        }
        return value;
    }
}
