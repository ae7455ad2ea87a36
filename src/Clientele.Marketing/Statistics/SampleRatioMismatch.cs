using Clientele.Core;

namespace Clientele.Marketing.Statistics;

/// <summary>
/// The sample-ratio-mismatch (SRM) check: are the arms as large as the planned split says? A mismatch means assignment
/// or logging is broken, and the effects are not to be trusted whatever their p-values.
/// </summary>
/// <remarks>
/// The default threshold, p &lt; 0.001, is GrowthBook's: a strict level because the check runs on every experiment, all
/// the time, and a false alarm throws away a good experiment. The p-value is the chi-square survival function, the
/// regularised upper incomplete gamma function Q(df/2, χ²/2), as <c>scipy.stats.chisquare(observed, expected)</c>.
/// </remarks>
public static class SampleRatioMismatch
{
    /// <summary>The default p-value threshold: GrowthBook's 0.001.</summary>
    public const double DefaultThreshold = 0.001;

    /// <summary>Tests the observed arm sizes against the planned weights (any positive scale; they are normalised).</summary>
    /// <exception cref="ClienteleException">Fewer than 2 arms, lengths differ, a negative count, a non-positive weight, or no customers.</exception>
    public static SampleRatioMismatchResult Test(ReadOnlySpan<long> observed, ReadOnlySpan<double> expectedWeights, double threshold = DefaultThreshold)
    {
        if (observed.Length != expectedWeights.Length)
        {
            throw new ClienteleException($"The sample-ratio check got {observed.Length} arm counts but {expectedWeights.Length} weights; there must be one weight per arm.");
        }
        if (observed.Length < 2)
        {
            throw new ClienteleException($"The sample-ratio check needs at least 2 arms; got {observed.Length}.");
        }
        if (!(threshold > 0.0 && threshold < 1.0))
        {
            throw new ClienteleException($"The sample-ratio threshold is {threshold}; it must be strictly between 0 and 1 (GrowthBook uses 0.001).");
        }
        long total = 0;
        var weightSum = 0.0;
        for (var i = 0; i < observed.Length; i++)
        {
            if (observed[i] < 0)
            {
                throw new ClienteleException($"Arm {i} has a negative count ({observed[i]}).");
            }
            if (!(expectedWeights[i] > 0.0) || !double.IsFinite(expectedWeights[i]))
            {
                throw new ClienteleException($"Arm {i} has weight {expectedWeights[i]}; each weight must be a positive number.");
            }
            total += observed[i];
            weightSum += expectedWeights[i];
        }
        if (total == 0)
        {
            throw new ClienteleException("The sample-ratio check got no customers in any arm.");
        }
        var expected = new double[observed.Length];
        var chiSquare = 0.0;
        for (var i = 0; i < observed.Length; i++)
        {
            expected[i] = total * expectedWeights[i] / weightSum;
            var difference = observed[i] - expected[i];
            chiSquare += difference * difference / expected[i];
        }
        var dof = observed.Length - 1;
        var p = Distributions.ChiSquareSurvival(chiSquare, dof);
        return new SampleRatioMismatchResult(chiSquare, dof, p, p < threshold, threshold, expected);
    }
}
