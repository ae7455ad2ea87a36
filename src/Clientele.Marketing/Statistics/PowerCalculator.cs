using Clientele.Core;

namespace Clientele.Marketing.Statistics;

/// <summary>
/// Sample sizes and minimum detectable effects for a two-arm test with equal arms, by the normal approximation of a
/// two-sided test at level α with power 1 − β.
/// </summary>
/// <remarks>
/// Proportions (Fleiss; R's <c>power.prop.test</c>): n = (z_{1−α/2} √(2 p̄(1 − p̄)) + z_{1−β} √(p₁(1 − p₁) + p₂(1 − p₂)))² / (p₂ − p₁)²,
/// p̄ = (p₁ + p₂)/2 — the classic 10% vs 12% at α 0.05, power 0.8 gives 3,840.85, so 3,841 per arm.
/// Means: n = 2σ² (z_{1−α/2} + z_{1−β})² / δ². Sizes are rounded up to whole customers.
/// </remarks>
public static class PowerCalculator
{
    /// <summary>Customers per arm to detect a change of a conversion rate.</summary>
    /// <param name="baselineRate">The control's conversion rate p₁, in (0, 1).</param>
    /// <param name="minimumEffect">The smallest change worth detecting: p₂ − p₁, or (p₂ − p₁)/p₁ when <paramref name="scale"/> is relative. It may be negative.</param>
    /// <param name="scale">Whether <paramref name="minimumEffect"/> is absolute or relative.</param>
    /// <param name="alpha">The two-sided significance level.</param>
    /// <param name="power">The probability of detecting the effect when it is real.</param>
    public static long SampleSizeForProportion(double baselineRate, double minimumEffect, EffectScale scale = EffectScale.Absolute, double alpha = 0.05, double power = 0.8)
    {
        var treatmentRate = TreatmentRate(baselineRate, minimumEffect, scale);
        ValidateLevels(alpha, power);
        return RoundUp(ProportionSampleSize(baselineRate, treatmentRate, alpha, power));
    }

    /// <summary>Customers per arm to detect a change of a mean with per-customer variance <paramref name="variance"/>.</summary>
    /// <param name="variance">The metric's per-customer variance σ² (assumed equal in both arms).</param>
    /// <param name="minimumEffect">The smallest change worth detecting: δ, or δ/<paramref name="baselineMean"/> when relative.</param>
    /// <param name="scale">Whether <paramref name="minimumEffect"/> is absolute or relative.</param>
    /// <param name="baselineMean">The control's mean; needed only for a relative effect.</param>
    /// <param name="alpha">The two-sided significance level.</param>
    /// <param name="power">The probability of detecting the effect when it is real.</param>
    public static long SampleSizeForMean(double variance, double minimumEffect, EffectScale scale = EffectScale.Absolute, double baselineMean = double.NaN, double alpha = 0.05, double power = 0.8)
    {
        ValidateLevels(alpha, power);
        if (!(variance > 0.0) || !double.IsFinite(variance))
        {
            throw new ClienteleException($"The variance is {variance}; it must be a positive number.");
        }
        var delta = scale == EffectScale.Relative ? RelativeToAbsolute(minimumEffect, baselineMean) : minimumEffect;
        if (!(delta != 0.0) || !double.IsFinite(delta))
        {
            throw new ClienteleException($"The minimum effect is {minimumEffect}; it must be a non-zero number.");
        }
        var z = Distributions.NormalQuantile(1.0 - (0.5 * alpha)) + Distributions.NormalQuantile(power);
        return RoundUp(2.0 * variance * z * z / (delta * delta));
    }

    /// <summary>The smallest absolute rate increase p₂ − p₁ &gt; 0 detectable with <paramref name="customersPerArm"/> customers per arm.</summary>
    public static double MinimumDetectableEffectForProportion(double baselineRate, long customersPerArm, double alpha = 0.05, double power = 0.8)
    {
        ValidateRate(baselineRate, "baseline rate");
        ValidateLevels(alpha, power);
        if (customersPerArm < 2)
        {
            throw new ClienteleException($"The arms have {customersPerArm} customers; at least 2 are needed.");
        }
        // n(δ) decreases in δ on (0, 1 − p₁): bisect for n(δ) = customersPerArm.
        double low = 0.0, high = 1.0 - baselineRate;
        if (ProportionSampleSize(baselineRate, baselineRate + high, alpha, power) > customersPerArm)
        {
            throw new ClienteleException($"Even a rise of the rate from {baselineRate} to 1 cannot be detected with {customersPerArm} customers per arm.");
        }
        for (var i = 0; i < 200 && high - low > 1e-15; i++)
        {
            var middle = 0.5 * (low + high);
            if (ProportionSampleSize(baselineRate, baselineRate + middle, alpha, power) > customersPerArm)
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }
        return 0.5 * (low + high);
    }

    /// <summary>The smallest absolute change δ = (z_{1−α/2} + z_{1−β}) √(2σ²/n) detectable in a mean.</summary>
    public static double MinimumDetectableEffectForMean(double variance, long customersPerArm, double alpha = 0.05, double power = 0.8)
    {
        ValidateLevels(alpha, power);
        if (!(variance > 0.0) || !double.IsFinite(variance) || customersPerArm < 2)
        {
            throw new ClienteleException($"The variance is {variance} and the arms have {customersPerArm} customers; a positive variance and at least 2 customers are needed.");
        }
        var z = Distributions.NormalQuantile(1.0 - (0.5 * alpha)) + Distributions.NormalQuantile(power);
        return z * Math.Sqrt(2.0 * variance / customersPerArm);
    }

    private static double ProportionSampleSize(double p1, double p2, double alpha, double power)
    {
        var za = Distributions.NormalQuantile(1.0 - (0.5 * alpha));
        var zb = Distributions.NormalQuantile(power);
        var mean = 0.5 * (p1 + p2);
        var numerator = (za * Math.Sqrt(2.0 * mean * (1.0 - mean))) + (zb * Math.Sqrt((p1 * (1.0 - p1)) + (p2 * (1.0 - p2))));
        var delta = p2 - p1;
        return numerator * numerator / (delta * delta);
    }

    private static double TreatmentRate(double baselineRate, double minimumEffect, EffectScale scale)
    {
        ValidateRate(baselineRate, "baseline rate");
        var treatmentRate = scale == EffectScale.Relative ? baselineRate * (1.0 + minimumEffect) : baselineRate + minimumEffect;
        if (!(minimumEffect != 0.0) || !(treatmentRate > 0.0 && treatmentRate < 1.0))
        {
            throw new ClienteleException($"A minimum effect of {minimumEffect} ({scale}) on a rate of {baselineRate} gives {treatmentRate}; the effect must be non-zero and the new rate strictly between 0 and 1.");
        }
        return treatmentRate;
    }

    private static double RelativeToAbsolute(double relative, double baselineMean)
    {
        if (!double.IsFinite(baselineMean) || baselineMean == 0.0)
        {
            throw new ClienteleException($"A relative minimum effect needs the baseline mean; it is {baselineMean}.");
        }
        return relative * Math.Abs(baselineMean);
    }

    private static void ValidateRate(double rate, string name)
    {
        if (!(rate > 0.0 && rate < 1.0))
        {
            throw new ClienteleException($"The {name} is {rate}; it must be strictly between 0 and 1.");
        }
    }

    private static void ValidateLevels(double alpha, double power)
    {
        if (!(alpha > 0.0 && alpha < 1.0))
        {
            throw new ClienteleException($"alpha is {alpha}; it must be strictly between 0 and 1 (e.g. 0.05).");
        }
        if (!(power > 0.0 && power < 1.0))
        {
            throw new ClienteleException($"power is {power}; it must be strictly between 0 and 1 (e.g. 0.8).");
        }
    }

    private static long RoundUp(double n)
    {
        if (!(n < 1e15))
        {
            throw new ClienteleException($"The effect is too small to detect: it would take {n:G3} customers per arm.");
        }
        return Math.Max(2L, (long)Math.Ceiling(n - 1e-9));
    }
}
