using Clientele.Core;

namespace Clientele.Recommend;

/// <summary>Settings for <see cref="BprFitter"/>; the defaults were chosen on MovieLens-100k (see the test project).</summary>
public sealed record BprOptions
{
    /// <summary>Gets the number of latent factors (an item bias is learned besides them, as implicit).</summary>
    /// <value>The default value is 64; at least 1.</value>
    public int Factors { get; init; } = 64;

    /// <summary>Gets the SGD learning rate.</summary>
    /// <value>The default value is 0.02; must be finite and &gt; 0.</value>
    public float LearningRate { get; init; } = 0.02f;

    /// <summary>Gets the L2 penalty applied at every update (implicit's <c>regularization</c>).</summary>
    /// <value>The default value is 0.01; must be finite and &gt;= 0.</value>
    public float Regularization { get; init; } = 0.01f;

    /// <summary>Gets the number of epochs; an epoch draws as many (user, positive, negative) triples as there are stored pairs.</summary>
    /// <value>The default value is 100; at least 1.</value>
    public int Epochs { get; init; } = 100;

    /// <summary>Gets how negatives are drawn.</summary>
    /// <value>The default value is <see cref="NegativeSampling.Uniform"/>.</value>
    public NegativeSampling NegativeSampling { get; init; } = NegativeSampling.Uniform;

    /// <summary>Gets whether a drawn negative the user actually has is skipped (implicit's <c>verify_negative_samples</c>).</summary>
    /// <value>The default value is true.</value>
    public bool VerifyNegativeSamples { get; init; } = true;

    /// <summary>
    /// Gets the number of threads. 1 gives a deterministic model for a seed; more run lock-free Hogwild updates
    /// (Niu et al. 2011), faster but not reproducible exactly, as implicit's.
    /// </summary>
    /// <value>The default value is 1; at least 1.</value>
    public int DegreeOfParallelism { get; init; } = 1;

    /// <summary>Gets the seed of the initial factors and of the sampling.</summary>
    /// <value>The default value is <see cref="RandomSeed.Default"/>.</value>
    public int Seed { get; init; } = RandomSeed.Default;

    /// <summary>Gets the number of SGD passes over a fresh user's items when folding the user in (item factors fixed).</summary>
    /// <value>The default value is 50; at least 1.</value>
    public int FoldInEpochs { get; init; } = 50;

    /// <summary>Throws <see cref="ArgumentException"/> when a setting is out of range.</summary>
    public void Validate()
    {
        if (Factors < 1)
        {
            throw new ArgumentException($"{nameof(Factors)} must be at least 1, got {Factors}.", nameof(Factors));
        }
        if (!float.IsFinite(LearningRate) || LearningRate <= 0)
        {
            throw new ArgumentException($"{nameof(LearningRate)} must be a finite number > 0, got {LearningRate}.", nameof(LearningRate));
        }
        if (!float.IsFinite(Regularization) || Regularization < 0)
        {
            throw new ArgumentException($"{nameof(Regularization)} must be a finite number >= 0, got {Regularization}.", nameof(Regularization));
        }
        if (Epochs < 1)
        {
            throw new ArgumentException($"{nameof(Epochs)} must be at least 1, got {Epochs}.", nameof(Epochs));
        }
        if (!Enum.IsDefined(NegativeSampling))
        {
            throw new ArgumentException($"{nameof(NegativeSampling)} {(int)NegativeSampling} is not a sampling scheme.", nameof(NegativeSampling));
        }
        if (DegreeOfParallelism < 1)
        {
            throw new ArgumentException($"{nameof(DegreeOfParallelism)} must be at least 1, got {DegreeOfParallelism}.", nameof(DegreeOfParallelism));
        }
        if (FoldInEpochs < 1)
        {
            throw new ArgumentException($"{nameof(FoldInEpochs)} must be at least 1, got {FoldInEpochs}.", nameof(FoldInEpochs));
        }
    }
}
