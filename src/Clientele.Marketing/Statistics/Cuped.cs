namespace Clientele.Marketing.Statistics;

/// <summary>
/// CUPED (Deng, Xu, Kohavi and Walker, "Improving the sensitivity of online controlled experiments by utilizing
/// pre-experiment data", WSDM 2013): each customer's metric Y is replaced by Y − θ(X − E X), where X is the same
/// customer's pre-period value. Because X was fixed before assignment, the adjustment has mean 0 in every arm, so the
/// effect estimate stays unbiased while its variance shrinks by the factor 1 − ρ²(X, Y).
/// </summary>
/// <remarks>
/// θ = Cov(Y, X)/Var(X) is estimated once from both arms pooled (GrowthBook's <c>compute_theta</c> on the joint
/// statistic), so both arms get the same adjustment. Per arm the adjusted mean is ȳ − θ(x̄ − x̄_pooled) and the
/// adjusted variance s²_Y + θ² s²_X − 2θ s_XY. The absolute effect is Welch's test on the adjusted moments; the
/// relative effect is the delta-method lift on them (the centred adjusted control mean estimates the control mean).
/// </remarks>
public static class Cuped
{
    /// <summary>θ = Cov(Y, X)/Var(X) over the two arms together; 0 when the covariate is constant.</summary>
    public static double Theta(CovariateSample control, CovariateSample treatment)
    {
        var pooled = control.Combine(treatment);
        var varianceX = pooled.Covariate.Variance;
        return varianceX > 0.0 ? pooled.Covariance / varianceX : 0.0;
    }

    /// <summary>Adjusts both arms with the pooled θ.</summary>
    public static CupedAdjustment Adjust(CovariateSample control, CovariateSample treatment)
    {
        Validation.Moments(control.Outcome.Moments, "control");
        Validation.Moments(treatment.Outcome.Moments, "treatment");
        var theta = Theta(control, treatment);
        var pooledMeanX = (control.SumX + treatment.SumX) / (control.Count + treatment.Count);
        var adjustedControl = AdjustArm(control, theta, pooledMeanX);
        var adjustedTreatment = AdjustArm(treatment, theta, pooledMeanX);
        var raw = control.Outcome.VarianceOfMean + treatment.Outcome.VarianceOfMean;
        var adjusted = adjustedControl.VarianceOfMean + adjustedTreatment.VarianceOfMean;
        return new CupedAdjustment(theta, adjustedControl, adjustedTreatment, raw > 0.0 ? 1.0 - (adjusted / raw) : 0.0);
    }

    /// <summary>Welch's test of the difference of CUPED-adjusted means.</summary>
    public static EffectEstimate WelchTTest(CovariateSample control, CovariateSample treatment, double confidence = 0.95)
    {
        var adjustment = Adjust(control, treatment);
        return FrequentistTests.WelchTTest(adjustment.Control, adjustment.Treatment, confidence);
    }

    /// <summary>The delta-method relative lift of CUPED-adjusted means.</summary>
    public static EffectEstimate RelativeEffect(CovariateSample control, CovariateSample treatment, double confidence = 0.95)
    {
        var adjustment = Adjust(control, treatment);
        return FrequentistTests.RelativeEffect(adjustment.Control, adjustment.Treatment, confidence);
    }

    private static ArmMoments AdjustArm(CovariateSample arm, double theta, double pooledMeanX)
    {
        var outcome = arm.Outcome;
        var covariate = arm.Covariate;
        var mean = outcome.Mean - (theta * (covariate.Mean - pooledMeanX));
        var variance = outcome.Variance + (theta * theta * covariate.Variance) - (2.0 * theta * arm.Covariance);
        return new ArmMoments(arm.Count, mean, Math.Max(0.0, variance));
    }
}
