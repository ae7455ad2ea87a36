using Clientele.Core;

namespace Clientele.Recommend.Evaluation;

/// <summary>Settings of <see cref="BaselineComparison.Compare"/>: when a difference from the baseline counts as real.</summary>
public sealed record BaselineComparisonOptions
{
    /// <summary>Gets the number of bootstrap resamples of the test customers.</summary>
    /// <value>The default value is 2000 (the 2.5 % and 97.5 % percentiles then rest on 50 resamples each).</value>
    public int Resamples { get; init; } = 2000;

    /// <summary>Gets the two-sided level of the interval and of the sign test.</summary>
    /// <value>The default value is 0.05 (a 95 % interval); in (0, 1).</value>
    public double SignificanceLevel { get; init; } = 0.05;

    /// <summary>Gets the seed of the resampling.</summary>
    /// <value>The default value is <see cref="RandomSeed.Default"/>.</value>
    public int Seed { get; init; } = RandomSeed.Default;

    /// <summary>Throws <see cref="ArgumentException"/> when a setting is out of range.</summary>
    public void Validate()
    {
        if (Resamples < 100)
        {
            throw new ArgumentException($"{nameof(Resamples)} must be at least 100, got {Resamples}.", nameof(Resamples));
        }
        if (!(SignificanceLevel is > 0 and < 1))
        {
            throw new ArgumentException($"{nameof(SignificanceLevel)} must be in (0, 1), got {SignificanceLevel}.", nameof(SignificanceLevel));
        }
    }
}
