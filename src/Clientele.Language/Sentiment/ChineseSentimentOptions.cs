using System.Globalization;
using Clientele.Core;
using Microsoft.ML.Trainers;

namespace Clientele.Language.Sentiment;

/// <summary>Settings of <see cref="ChineseSentimentFitter"/>.</summary>
public sealed record ChineseSentimentOptions
{
    /// <summary>Gets the longest character n-gram. <value>The default value is 2 (unigrams and bigrams).</value></summary>
    public int MaximumNgramLength { get; init; } = 2;

    /// <summary>Gets log2 of the number of hash buckets. <value>The default value is 16 (65,536 buckets, a 256 KiB weight vector).</value></summary>
    public int BucketBits { get; init; } = 16;

    /// <summary>Gets the L2 penalty of the logistic regression. <value>The default value is 0.1.</value></summary>
    public float L2Regularization { get; init; } = 0.1f;

    /// <summary>Gets the seed of ML.NET's context. <value>The default value is <see cref="RandomSeed.Default"/>.</value></summary>
    public int Seed { get; init; } = RandomSeed.Default;

    internal void Validate()
    {
        if (!float.IsFinite(L2Regularization) || L2Regularization < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(L2Regularization), L2Regularization, "The L2 penalty must be a finite number ≥ 0.");
        }
        _ = new CharNgramHasher(MaximumNgramLength, BucketBits);
    }

    internal string Describe(CharNgramHasher features) => string.Create(
        CultureInfo.InvariantCulture,
        $"ML.NET {nameof(LbfgsLogisticRegressionBinaryTrainer)}, L2 {L2Regularization}, L1 0, 1 thread, seed {Seed}, on {features.Describe()}");
}
