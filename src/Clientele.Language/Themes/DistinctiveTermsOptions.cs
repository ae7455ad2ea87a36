namespace Clientele.Language.Themes;

/// <summary>Settings for <see cref="DistinctiveTerms"/>.</summary>
public sealed record DistinctiveTermsOptions
{
    /// <summary>Gets how many terms per group.</summary>
    /// <value>The default value is 8.</value>
    public int Top { get; init; } = 8;

    /// <summary>Gets the fewest uses in the group for a term to be reported (a term seen twice is an anecdote).</summary>
    /// <value>The default value is 5.</value>
    public double MinimumCount { get; init; } = 5;

    /// <summary>Gets the strength of the prior, as a multiple of the counts of all texts (Monroe et al.'s α₀ / N).</summary>
    /// <value>The default value is 0.1: the prior counts are a tenth of the corpus counts, so a small group is shrunk towards the whole but not drowned by it.</value>
    public double PriorScale { get; init; } = 0.1;

    /// <summary>Gets the shortest word kept.</summary>
    /// <value>The default value is 3.</value>
    public int MinimumWordLength { get; init; } = 3;

    /// <summary>Gets whether adjacent word pairs ("cake stand") count as terms besides single words.</summary>
    /// <value>The default value is true.</value>
    public bool Phrases { get; init; } = true;

    /// <summary>Throws <see cref="ArgumentException"/> for a setting out of range.</summary>
    public void Validate()
    {
        if (Top < 1 || MinimumCount < 0 || !(PriorScale > 0) || MinimumWordLength < 1)
        {
            throw new ArgumentException($"Top ≥ 1, MinimumCount ≥ 0, PriorScale > 0 and MinimumWordLength ≥ 1 are needed (got {Top}, {MinimumCount}, {PriorScale}, {MinimumWordLength}).");
        }
    }
}
