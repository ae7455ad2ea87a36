namespace Clientele.Marketing.Statistics;

/// <summary>
/// Bayesian comparisons: the chance that the treatment beats the control and the expected loss of each choice, for a
/// conversion rate (Beta–binomial, computed by quadrature, not Monte Carlo) and for a mean (GrowthBook's normal
/// approximation of the effect's posterior under a flat prior).
/// </summary>
public static class BayesianTests
{
    private const int Panels = 4096;
    private const double HalfWidthInStandardDeviations = 40.0;

    /// <summary>
    /// For conversion rates with independent Beta(1, 1) priors, so posteriors Beta(1 + x, 1 + n − x): the chance that
    /// the treatment's rate is higher, P(p_T &gt; p_C), and the expected loss of each choice in absolute rate units.
    /// </summary>
    /// <remarks>
    /// With O the posterior of the arm whose posterior is narrower and I the other, P(I &gt; O) = ∫ f_O(x) (1 − I_x(α_I, β_I)) dx
    /// and E[max(O − I, 0)] = ∫ f_O(x) (x I_x(α_I, β_I) − m_I I_x(α_I + 1, β_I)) dx (m_I = α_I/(α_I + β_I)), integrated
    /// by composite Simpson's rule over 4,096 panels spanning O's mean ± 40 standard deviations (cut to [0, 1]). The
    /// outer variable is the narrower posterior so that the inner CDF is smooth on the grid's scale, also when one arm
    /// is far larger than the other. The other quantities follow from E[p_T − p_C]. The result agrees with Evan Miller's
    /// closed-form sum to about 1e-9. The credible interval of p_T − p_C is the normal approximation
    /// mean ± z × √(Var_C + Var_T) of the two Beta posteriors.
    /// </remarks>
    public static BayesianResult ChanceToBeatControl(long controlConversions, long controlCount, long treatmentConversions, long treatmentCount, double credibility = 0.95)
    {
        Validation.Proportion(controlConversions, controlCount, "control arm");
        Validation.Proportion(treatmentConversions, treatmentCount, "treatment arm");
        Validation.Confidence(credibility, "credibility");
        double ac = 1 + controlConversions, bc = 1 + controlCount - controlConversions;
        double at = 1 + treatmentConversions, bt = 1 + treatmentCount - treatmentConversions;
        var (meanC, varianceC) = BetaMoments(ac, bc);
        var (meanT, varianceT) = BetaMoments(at, bt);
        double chance, lossTreatment, lossControl;
        if (varianceC <= varianceT)
        {
            (chance, lossTreatment) = ExceedanceAndShortfall(ac, bc, at, bt);
            lossControl = Math.Max(0.0, meanT - meanC + lossTreatment);
        }
        else
        {
            var (controlWins, shortfall) = ExceedanceAndShortfall(at, bt, ac, bc);
            chance = 1.0 - controlWins;
            lossControl = shortfall;
            lossTreatment = Math.Max(0.0, lossControl - (meanT - meanC));
        }
        var z = Distributions.NormalQuantile(0.5 + (0.5 * credibility));
        var sd = Math.Sqrt(varianceC + varianceT);
        return new BayesianResult(Math.Clamp(chance, 0.0, 1.0), lossTreatment, lossControl, meanT - meanC - (z * sd), meanT - meanC + (z * sd), credibility, EffectScale.Absolute);
    }

    /// <summary>
    /// For a mean (revenue per customer), GrowthBook's Bayesian engine with a flat prior: the effect's posterior is
    /// normal with the frequentist estimate as mean and its (delta-method, for <see cref="EffectScale.Relative"/>)
    /// variance, so P(effect &gt; 0) = Φ(μ/σ), the risk of shipping is E[max(−X, 0)] = σφ(μ/σ) − μΦ(−μ/σ), of keeping the
    /// control E[max(X, 0)] = σφ(μ/σ) + μΦ(μ/σ), and the credible interval is μ ± zσ.
    /// </summary>
    public static BayesianResult ChanceToBeatControl(ArmSample control, ArmSample treatment, EffectScale scale = EffectScale.Relative, double credibility = 0.95) =>
        ChanceToBeatControl(control.Moments, treatment.Moments, scale, credibility);

    /// <summary>As the <see cref="ArmSample"/> overload, on moments (for example CUPED-adjusted ones).</summary>
    public static BayesianResult ChanceToBeatControl(ArmMoments control, ArmMoments treatment, EffectScale scale = EffectScale.Relative, double credibility = 0.95)
    {
        Validation.Moments(control, "control");
        Validation.Moments(treatment, "treatment");
        Validation.Confidence(credibility, "credibility");
        double mean, variance;
        if (scale == EffectScale.Relative)
        {
            if (control.Mean == 0.0)
            {
                throw new Core.ClienteleException("The control arm's mean is 0, so a relative effect is undefined; use EffectScale.Absolute.");
            }
            (mean, variance) = FrequentistTests.RelativeDeltaMethod(control, treatment);
        }
        else
        {
            mean = treatment.Mean - control.Mean;
            variance = control.VarianceOfMean + treatment.VarianceOfMean;
        }
        return FromNormalPosterior(mean, Math.Sqrt(variance), credibility, scale);
    }

    /// <summary>The chance, losses and interval of a normal posterior N(μ, σ²) of the effect.</summary>
    internal static BayesianResult FromNormalPosterior(double mean, double sd, double credibility, EffectScale scale)
    {
        if (!(sd > 0.0))
        {
            var chance = mean > 0.0 ? 1.0 : mean < 0.0 ? 0.0 : 0.5;
            return new BayesianResult(chance, Math.Max(-mean, 0.0), Math.Max(mean, 0.0), mean, mean, credibility, scale);
        }
        var standardized = mean / sd;
        var pdf = Distributions.NormalPdf(standardized);
        var chanceToBeat = Distributions.NormalCdf(standardized);
        var lossTreatment = (sd * pdf) - (mean * Distributions.NormalCdf(-standardized));
        var lossControl = (sd * pdf) + (mean * chanceToBeat);
        var z = Distributions.NormalQuantile(0.5 + (0.5 * credibility));
        return new BayesianResult(chanceToBeat, lossTreatment, lossControl, mean - (z * sd), mean + (z * sd), credibility, scale);
    }

    /// <summary>
    /// For O ~ Beta(ao, bo) and an independent I ~ Beta(ai, bi): P(I &gt; O) and E[max(O − I, 0)], by Simpson's rule
    /// over O's mean ± 40 standard deviations.
    /// </summary>
    private static (double Exceedance, double Shortfall) ExceedanceAndShortfall(double ao, double bo, double ai, double bi)
    {
        var (meanO, varianceO) = BetaMoments(ao, bo);
        var meanI = ai / (ai + bi);
        var sdO = Math.Sqrt(varianceO);
        var low = Math.Max(0.0, meanO - (HalfWidthInStandardDeviations * sdO));
        var high = Math.Min(1.0, meanO + (HalfWidthInStandardDeviations * sdO));
        var h = (high - low) / Panels;
        // Where O's density is below 1e-18 of its peak the integrand (density × a factor ≤ 1) adds less than 1e-16 in
        // all, so the incomplete beta functions, the costly part, are only evaluated inside that region.
        var cutoff = 1e-18 * Distributions.BetaPdf(Math.Clamp((ao - 1.0) / (ao + bo - 2.0), low, high), ao, bo);
        double exceedance = 0.0, shortfall = 0.0;
        for (var i = 0; i <= Panels; i++)
        {
            var x = i == Panels ? high : low + (i * h);
            var density = Distributions.BetaPdf(x, ao, bo);
            if (!(density > cutoff))
            {
                continue;
            }
            var weight = i == 0 || i == Panels ? 1.0 : (i % 2 == 1 ? 4.0 : 2.0);
            var cdfI = Distributions.BetaCdf(x, ai, bi);
            exceedance += weight * density * (1.0 - cdfI);
            shortfall += weight * density * ((x * cdfI) - (meanI * Distributions.BetaCdf(x, ai + 1.0, bi)));
        }
        return (exceedance * h / 3.0, Math.Max(0.0, shortfall * h / 3.0));
    }

    private static (double Mean, double Variance) BetaMoments(double a, double b)
    {
        var total = a + b;
        return (a / total, a * b / (total * total * (total + 1.0)));
    }
}
