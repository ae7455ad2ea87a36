using System.Globalization;
using Clientele.Core;
using Microsoft.ML.Trainers;

namespace Clientele.Language.Sentiment;

/// <summary>
/// Settings of <see cref="EnglishSentimentFitter"/>. The defaults were chosen by 5-fold cross-validation on the
/// training split of the Alexa reviews only (never the held-out part): L2 in {0.001 … 10} × weighting on or off, by
/// macro-F1 (L2 1 with balanced classes: 0.608 against 0.587 for the best unweighted one, L2 0.03).
/// </summary>
public sealed record EnglishSentimentOptions
{
    /// <summary>Gets the L2 penalty of the logistic regression. <value>The default value is 1.</value></summary>
    public float L2Regularization { get; init; } = 1f;

    /// <summary>
    /// Gets whether each class's examples are weighted by sqrt(largest class size / class size), so that the rare
    /// neutral and negative reviews pull harder. <value>The default value is true.</value>
    /// </summary>
    public bool BalanceClasses { get; init; } = true;

    /// <summary>Gets the seed of ML.NET's context. <value>The default value is <see cref="RandomSeed.Default"/>.</value></summary>
    public int Seed { get; init; } = RandomSeed.Default;

    internal void Validate()
    {
        if (!float.IsFinite(L2Regularization) || L2Regularization < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(L2Regularization), L2Regularization, "The L2 penalty must be a finite number ≥ 0.");
        }
    }

    /// <summary>A one-line description for the training record.</summary>
    internal string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"ML.NET {nameof(LbfgsMaximumEntropyMulticlassTrainer)} on 512-d USE-lite vectors, L2 {L2Regularization}, L1 0, 1 thread, seed {Seed}, {(BalanceClasses ? "classes weighted by sqrt(largest / size)" : "unweighted")}");
}
