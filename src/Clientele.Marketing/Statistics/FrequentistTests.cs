using Clientele.Core;

namespace Clientele.Marketing.Statistics;

/// <summary>
/// Frequentist comparisons of a treatment arm with the control: the two-proportion z-test, Welch's t-test on the
/// difference of means, and the relative lift with a delta-method standard error as GrowthBook's gbstats computes it.
/// All are two-sided; the effect is treatment minus control (or over control).
/// </summary>
public static class FrequentistTests
{
    /// <summary>
    /// The two-proportion z-test of the absolute difference of conversion rates p_T − p_C.
    /// </summary>
    /// <remarks>
    /// The p-value uses the pooled standard error √(p̄(1 − p̄)(1/n_C + 1/n_T)), p̄ = (x_C + x_T)/(n_C + n_T), as
    /// statsmodels' <c>proportions_ztest</c> does by default (the null hypothesis says the rates are equal, so they are
    /// estimated together). The interval is the Wald interval with the unpooled standard error
    /// √(p_C(1 − p_C)/n_C + p_T(1 − p_T)/n_T) (statsmodels' <c>confint_proportions_2indep(method="wald")</c>), which is the
    /// <see cref="EffectEstimate.StandardError"/> reported; <see cref="EffectEstimate.Statistic"/> is the pooled z. The two
    /// can disagree at the margin (a p-value just below α with an interval just touching 0); that is the convention.
    /// When both arms convert all or none, the difference is 0 with p = 1.
    /// </remarks>
    public static EffectEstimate TwoProportionZTest(long controlConversions, long controlCount, long treatmentConversions, long treatmentCount, double confidence = 0.95)
    {
        Validation.Proportion(controlConversions, controlCount, "control arm");
        Validation.Proportion(treatmentConversions, treatmentCount, "treatment arm");
        Validation.Confidence(confidence);
        var pc = (double)controlConversions / controlCount;
        var pt = (double)treatmentConversions / treatmentCount;
        var difference = pt - pc;
        var pooled = (double)(controlConversions + treatmentConversions) / (controlCount + treatmentCount);
        var pooledSe = Math.Sqrt(pooled * (1.0 - pooled) * ((1.0 / controlCount) + (1.0 / treatmentCount)));
        var se = Math.Sqrt((pc * (1.0 - pc) / controlCount) + (pt * (1.0 - pt) / treatmentCount));
        double z, p;
        if (pooledSe > 0.0)
        {
            z = difference / pooledSe;
            p = Math.Min(1.0, 2.0 * Distributions.NormalSurvival(Math.Abs(z)));
        }
        else
        {
            z = 0.0;
            p = 1.0;
        }
        var q = Distributions.NormalQuantile(0.5 + (0.5 * confidence));
        return new EffectEstimate(difference, se, difference - (q * se), difference + (q * se), p, confidence) { Statistic = z };
    }

    /// <summary>Welch's t-test of the difference of means, treatment − control.</summary>
    /// <remarks>
    /// SE = √(s_C²/n_C + s_T²/n_T); degrees of freedom by Welch–Satterthwaite,
    /// ν = (s_C²/n_C + s_T²/n_T)² / ((s_C²/n_C)²/(n_C − 1) + (s_T²/n_T)²/(n_T − 1)); the interval is
    /// estimate ± t_{ν, (1+confidence)/2} × SE and the p-value 2 P(T_ν &gt; |estimate/SE|), as
    /// <c>scipy.stats.ttest_ind(treatment, control, equal_var=False)</c>. When both arms are constant the standard error
    /// is 0: the interval collapses to the difference and p is 1 for no difference, 0 otherwise.
    /// </remarks>
    public static EffectEstimate WelchTTest(ArmSample control, ArmSample treatment, double confidence = 0.95) =>
        WelchTTest(control.Moments, treatment.Moments, confidence);

    /// <summary>Welch's t-test on moments (for example CUPED-adjusted ones); see the <see cref="ArmSample"/> overload.</summary>
    public static EffectEstimate WelchTTest(ArmMoments control, ArmMoments treatment, double confidence = 0.95)
    {
        Validation.Moments(control, "control");
        Validation.Moments(treatment, "treatment");
        Validation.Confidence(confidence);
        var difference = treatment.Mean - control.Mean;
        var variance = control.VarianceOfMean + treatment.VarianceOfMean;
        var dof = WelchDegreesOfFreedom(control, treatment);
        return FromT(difference, Math.Sqrt(variance), dof, confidence);
    }

    /// <summary>
    /// The relative lift (m_T − m_C)/|m_C| with a delta-method standard error, as GrowthBook's frequentist engine
    /// (gbstats <c>TwoSidedTTest</c> with <c>relative=True</c>) computes it.
    /// </summary>
    /// <remarks>
    /// Var ≈ (s_T²/n_T)/m_C² + (s_C²/n_C)·m_T²/m_C⁴ (first-order Taylor expansion of m_T/m_C for independent arms);
    /// the reference distribution is Student's t with the Welch–Satterthwaite degrees of freedom of the raw means, so
    /// the interval is estimate ± t_{ν} × SE and p = 2 P(T_ν &gt; |estimate/SE|). With a positive control mean this is
    /// exactly GrowthBook's (m_T − m_C)/m_C; dividing by |m_C| keeps "positive means the treatment is higher" when the
    /// metric's control mean is negative. GrowthBook's published case (control: n 3407, Σ 1396.87, Σ² 52377.9767;
    /// treatment: n 3461, Σ 2422.7, Σ² 134698.29) gives 0.70732, (−0.03526, 1.44989), p 0.06191.
    /// </remarks>
    /// <exception cref="ClienteleException">The control mean is 0, so a relative change is undefined.</exception>
    public static EffectEstimate RelativeEffect(ArmSample control, ArmSample treatment, double confidence = 0.95) =>
        RelativeEffect(control.Moments, treatment.Moments, confidence);

    /// <summary>
    /// The delta-method relative lift of a conversion rate, (p_T − p_C)/p_C, with each arm's variance p(1 − p) as
    /// GrowthBook's <c>ProportionStatistic</c> (see <see cref="ArmMoments.FromProportion"/>).
    /// </summary>
    /// <exception cref="ClienteleException">The control has no conversions, so a relative change is undefined.</exception>
    public static EffectEstimate RelativeEffect(long controlConversions, long controlCount, long treatmentConversions, long treatmentCount, double confidence = 0.95) =>
        RelativeEffect(ArmMoments.FromProportion(controlConversions, controlCount), ArmMoments.FromProportion(treatmentConversions, treatmentCount), confidence);

    /// <summary>The delta-method relative lift on moments (for example CUPED-adjusted ones); see the <see cref="ArmSample"/> overload.</summary>
    public static EffectEstimate RelativeEffect(ArmMoments control, ArmMoments treatment, double confidence = 0.95)
    {
        Validation.Moments(control, "control");
        Validation.Moments(treatment, "treatment");
        Validation.Confidence(confidence);
        if (control.Mean == 0.0)
        {
            throw new ClienteleException("The control arm's mean is 0, so a relative effect (treatment − control)/control is undefined; use the absolute effect.");
        }
        var (estimate, variance) = RelativeDeltaMethod(control, treatment);
        return FromT(estimate, Math.Sqrt(variance), WelchDegreesOfFreedom(control, treatment), confidence);
    }

    /// <summary>The lift (m_T − m_C)/|m_C| and its delta-method variance.</summary>
    internal static (double Estimate, double Variance) RelativeDeltaMethod(ArmMoments control, ArmMoments treatment)
    {
        var mc = control.Mean;
        var mt = treatment.Mean;
        var mc2 = mc * mc;
        var estimate = (mt - mc) / Math.Abs(mc);
        var variance = (treatment.VarianceOfMean / mc2) + (control.VarianceOfMean * mt * mt / (mc2 * mc2));
        return (estimate, variance);
    }

    /// <summary>The Welch–Satterthwaite degrees of freedom; n_C + n_T − 2 when both variances are 0.</summary>
    internal static double WelchDegreesOfFreedom(ArmMoments control, ArmMoments treatment)
    {
        var vc = control.VarianceOfMean;
        var vt = treatment.VarianceOfMean;
        var denominator = (vc * vc / (control.Count - 1)) + (vt * vt / (treatment.Count - 1));
        return denominator > 0.0 ? (vc + vt) * (vc + vt) / denominator : control.Count + treatment.Count - 2;
    }

    /// <summary>An estimate with a t-based interval and two-sided p-value.</summary>
    internal static EffectEstimate FromT(double estimate, double standardError, double degreesOfFreedom, double confidence)
    {
        if (!(standardError > 0.0))
        {
            return new EffectEstimate(estimate, 0.0, estimate, estimate, estimate == 0.0 ? 1.0 : 0.0, confidence)
            {
                DegreesOfFreedom = degreesOfFreedom,
                Statistic = estimate == 0.0 ? 0.0 : Math.CopySign(double.PositiveInfinity, estimate),
            };
        }
        var t = estimate / standardError;
        var q = Distributions.StudentTQuantile(0.5 + (0.5 * confidence), degreesOfFreedom);
        return new EffectEstimate(
            estimate,
            standardError,
            estimate - (q * standardError),
            estimate + (q * standardError),
            Distributions.StudentTTwoSidedPValue(t, degreesOfFreedom),
            confidence)
        {
            DegreesOfFreedom = degreesOfFreedom,
            Statistic = t,
        };
    }
}
