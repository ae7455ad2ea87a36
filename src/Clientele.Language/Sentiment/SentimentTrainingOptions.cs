using Clientele.Core;

namespace Clientele.Language.Sentiment;

/// <summary>Settings of <see cref="SentimentTraining"/>: the split, and each language's trainer.</summary>
public sealed record SentimentTrainingOptions
{
    /// <summary>Gets the seed of the stratified held-out split and folds. <value>The default value is <see cref="RandomSeed.Default"/>.</value></summary>
    public int Seed { get; init; } = RandomSeed.Default;

    /// <summary>Gets the share of each label held out for evaluation. <value>The default value is 0.2.</value></summary>
    public double HeldOutFraction { get; init; } = 0.2;

    /// <summary>
    /// Gets the folds of the English cross-validation over all texts (model and VADER), reported beside the held-out
    /// numbers because the held-out neutral class is small; 0 skips it. <value>The default value is 5.</value>
    /// </summary>
    public int CrossValidationFolds { get; init; } = 5;

    /// <summary>Gets the English trainer's settings.</summary>
    public EnglishSentimentOptions English { get; init; } = new();

    /// <summary>Gets the Chinese trainer's settings.</summary>
    public ChineseSentimentOptions Chinese { get; init; } = new();

    internal void Validate()
    {
        if (!(HeldOutFraction > 0 && HeldOutFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(HeldOutFraction), HeldOutFraction, "The held-out share must be between 0 and 1.");
        }
        if (CrossValidationFolds is 1 or < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(CrossValidationFolds), CrossValidationFolds, "Use 0 (no cross-validation) or at least 2 folds.");
        }
    }
}
