namespace Clientele.Recommend;

/// <summary>Settings for <see cref="TfIdfItemEmbeddings"/>.</summary>
public sealed record TfIdfOptions
{
    /// <summary>Gets the fewest items a word must appear in to be kept (a word of one item says nothing about similarity).</summary>
    /// <value>The default value is 2; at least 1.</value>
    public int MinimumDocumentFrequency { get; init; } = 2;

    /// <summary>Gets the largest vocabulary; the words in most items are kept (ties: ordinal order).</summary>
    /// <value>The default value is 4096; at least 1.</value>
    public int MaximumVocabulary { get; init; } = 4096;

    /// <summary>Gets the shortest word kept.</summary>
    /// <value>The default value is 2; at least 1.</value>
    public int MinimumWordLength { get; init; } = 2;

    /// <summary>Gets the words left out (compared lower-case).</summary>
    /// <value>The default value is <see cref="TfIdfItemEmbeddings.EnglishStopWords"/>.</value>
    public IReadOnlySet<string> StopWords { get; init; } = TfIdfItemEmbeddings.EnglishStopWords;

    /// <summary>Throws <see cref="ArgumentException"/> when a setting is out of range.</summary>
    public void Validate()
    {
        if (MinimumDocumentFrequency < 1)
        {
            throw new ArgumentException($"{nameof(MinimumDocumentFrequency)} must be at least 1, got {MinimumDocumentFrequency}.", nameof(MinimumDocumentFrequency));
        }
        if (MaximumVocabulary < 1)
        {
            throw new ArgumentException($"{nameof(MaximumVocabulary)} must be at least 1, got {MaximumVocabulary}.", nameof(MaximumVocabulary));
        }
        if (MinimumWordLength < 1)
        {
            throw new ArgumentException($"{nameof(MinimumWordLength)} must be at least 1, got {MinimumWordLength}.", nameof(MinimumWordLength));
        }
        if (StopWords is null)
        {
            throw new ArgumentException($"{nameof(StopWords)} must be set (it may be empty).", nameof(StopWords));
        }
    }
}
