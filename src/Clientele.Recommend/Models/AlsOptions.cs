using Clientele.Core;

namespace Clientele.Recommend;

/// <summary>
/// Settings for <see cref="AlsFitter"/>. The defaults were chosen on MovieLens-100k (random 75/25 split, k = 10, every
/// rating an interaction of weight 1; see the test project): there λ = 20 gives NDCG@10 0.48 where implicit's
/// λ = 0.01 gives 0.39 at 64 factors (a small, dense data set overfits), and BM25 weighting does worse than raw counts.
/// On other data, tune <see cref="Regularization"/> and <see cref="Alpha"/> with the evaluation harness.
/// </summary>
public sealed record AlsOptions
{
    /// <summary>Gets the number of latent factors per user and item.</summary>
    /// <value>The default value is 64; at least 1.</value>
    public int Factors { get; init; } = 64;

    /// <summary>Gets λ, the L2 penalty on every user and item factor vector (not scaled by the number of interactions, as implicit).</summary>
    /// <value>The default value is 20; must be finite and &gt; 0 (which keeps every least-squares problem positive definite).</value>
    public float Regularization { get; init; } = 20f;

    /// <summary>
    /// Gets α of the confidence <c>c = 1 + α·w</c> (Hu, Koren &amp; Volinsky 2008, eq. (6) with r = w, the weighted matrix value);
    /// unobserved pairs have confidence 1 and preference 0, observed pairs preference 1.
    /// </summary>
    /// <value>The default value is 1; must be finite and &gt; 0.</value>
    public float Alpha { get; init; } = 1f;

    /// <summary>Gets the number of alternating sweeps (users, then items).</summary>
    /// <value>The default value is 15; at least 1.</value>
    public int Iterations { get; init; } = 15;

    /// <summary>
    /// Gets the number of conjugate-gradient steps per user or item and sweep, warm-started from the previous sweep
    /// (Takács, Pilászy &amp; Tikk 2011; implicit's <c>cg_steps</c>).
    /// </summary>
    /// <value>The default value is 3; at least 1.</value>
    public int ConjugateGradientSteps { get; init; } = 3;

    /// <summary>Gets the weighting applied to the matrix before fitting (fitted on the training matrix, applied alike to fresh interactions).</summary>
    /// <value>The default value is <see cref="InteractionWeighting.Counts"/> (the summed weights as they are).</value>
    public InteractionWeighting Weighting { get; init; } = InteractionWeighting.Counts;

    /// <summary>Gets the seed of the initial factors (uniform in [0, 0.01), as implicit). The same seed gives the same model on any number of threads.</summary>
    /// <value>The default value is <see cref="RandomSeed.Default"/>.</value>
    public int Seed { get; init; } = RandomSeed.Default;

    /// <summary>Throws <see cref="ArgumentException"/> when a setting is out of range.</summary>
    public void Validate()
    {
        if (Factors < 1)
        {
            throw new ArgumentException($"{nameof(Factors)} must be at least 1, got {Factors}.", nameof(Factors));
        }
        if (!float.IsFinite(Regularization) || Regularization <= 0)
        {
            throw new ArgumentException($"{nameof(Regularization)} must be a finite number > 0, got {Regularization}.", nameof(Regularization));
        }
        if (!float.IsFinite(Alpha) || Alpha <= 0)
        {
            throw new ArgumentException($"{nameof(Alpha)} must be a finite number > 0, got {Alpha}.", nameof(Alpha));
        }
        if (Iterations < 1)
        {
            throw new ArgumentException($"{nameof(Iterations)} must be at least 1, got {Iterations}.", nameof(Iterations));
        }
        if (ConjugateGradientSteps < 1)
        {
            throw new ArgumentException(
                $"{nameof(ConjugateGradientSteps)} must be at least 1, got {ConjugateGradientSteps}.", nameof(ConjugateGradientSteps));
        }
        if (Weighting is null)
        {
            throw new ArgumentException($"{nameof(Weighting)} must be set.", nameof(Weighting));
        }
        Weighting.Validate();
    }
}
