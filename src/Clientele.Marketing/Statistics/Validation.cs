using Clientele.Core;

namespace Clientele.Marketing.Statistics;

/// <summary>The input checks the statistics share; each failure is a <see cref="ClienteleException"/> naming the value.</summary>
internal static class Validation
{
    public static void Confidence(double confidence, string name = "confidence")
    {
        if (!(confidence > 0.0 && confidence < 1.0))
        {
            throw new ClienteleException($"The {name} level is {confidence}; it must be strictly between 0 and 1 (e.g. 0.95).");
        }
    }

    public static void Proportion(long conversions, long count, string arm)
    {
        if (count < 1)
        {
            throw new ClienteleException($"The {arm} has {count} customers; a conversion rate needs at least one.");
        }
        if (conversions < 0 || conversions > count)
        {
            throw new ClienteleException($"The {arm} has {conversions} conversions out of {count} customers; conversions must be between 0 and the count.");
        }
    }

    public static void Moments(ArmMoments arm, string name)
    {
        if (arm.Count < 2)
        {
            throw new ClienteleException($"The {name} arm has {arm.Count} customers; a mean's standard error needs at least 2.");
        }
        if (!double.IsFinite(arm.Mean) || !double.IsFinite(arm.Variance) || arm.Variance < 0.0)
        {
            throw new ClienteleException($"The {name} arm has mean {arm.Mean} and variance {arm.Variance}; both must be finite and the variance non-negative.");
        }
    }
}
