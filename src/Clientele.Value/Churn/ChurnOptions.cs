using Clientele.Core;

namespace Clientele.Value.Churn;

/// <summary>
/// Settings for <see cref="ChurnFitter"/>: LightGbm's main knobs, the seed, and the probability above which a customer
/// is called a churner. The defaults suit a few thousand to a few million customers with seven features: shallow trees,
/// a modest learning rate, and enough rows per leaf to keep the calibration stable.
/// </summary>
public sealed record ChurnOptions
{
    /// <summary>Gets the seed of the ML.NET context and of LightGBM. The same seed and data give the same model.</summary>
    /// <value>The default value is <see cref="RandomSeed.Default"/>.</value>
    public int Seed { get; init; } = RandomSeed.Default;

    /// <summary>Gets the maximum number of leaves of each tree.</summary>
    /// <value>The default value is 16.</value>
    public int NumberOfLeaves { get; init; } = 16;

    /// <summary>Gets the number of boosting rounds (trees).</summary>
    /// <value>The default value is 100.</value>
    public int NumberOfIterations { get; init; } = 100;

    /// <summary>Gets the shrinkage applied to each tree.</summary>
    /// <value>The default value is 0.05.</value>
    public double LearningRate { get; init; } = 0.05;

    /// <summary>Gets the minimum number of customers in a leaf.</summary>
    /// <value>The default value is 20.</value>
    public int MinimumExampleCountPerLeaf { get; init; } = 20;

    /// <summary>
    /// Gets the most customers a churn model is trained on, and the most held-out customers it is evaluated on
    /// (<see cref="ChurnEvaluation"/>): above it, a seeded sample stratified by label. A few features and a two-class
    /// boundary are learnt as well from two hundred thousand customers as from millions, and an AUC on two hundred
    /// thousand has a standard error of a few thousandths; every customer is still scored.
    /// </summary>
    /// <value>The default value is 200,000.</value>
    public int SampleLimit { get; init; } = 200_000;

    /// <summary>Gets the churn probability at or above which a customer is predicted to churn (for precision and recall).</summary>
    /// <value>The default value is 0.5.</value>
    public double Threshold { get; init; } = 0.5;

    /// <summary>Throws <see cref="ArgumentException"/> when a setting is out of range.</summary>
    /// <exception cref="ArgumentException">A setting is out of range; the message names it and its valid range.</exception>
    public void Validate()
    {
        if (NumberOfLeaves < 2)
        {
            throw new ArgumentException($"{nameof(NumberOfLeaves)} must be at least 2, got {NumberOfLeaves}.", nameof(NumberOfLeaves));
        }
        if (NumberOfIterations < 1)
        {
            throw new ArgumentException($"{nameof(NumberOfIterations)} must be at least 1, got {NumberOfIterations}.", nameof(NumberOfIterations));
        }
        if (!double.IsFinite(LearningRate) || LearningRate <= 0 || LearningRate > 1)
        {
            throw new ArgumentException($"{nameof(LearningRate)} must be in (0, 1], got {LearningRate}.", nameof(LearningRate));
        }
        if (MinimumExampleCountPerLeaf < 1)
        {
            throw new ArgumentException($"{nameof(MinimumExampleCountPerLeaf)} must be at least 1, got {MinimumExampleCountPerLeaf}.", nameof(MinimumExampleCountPerLeaf));
        }
        if (SampleLimit < 100)
        {
            throw new ArgumentException($"{nameof(SampleLimit)} must be at least 100, got {SampleLimit}.", nameof(SampleLimit));
        }
        if (!double.IsFinite(Threshold) || Threshold < 0 || Threshold > 1)
        {
            throw new ArgumentException($"{nameof(Threshold)} must be in [0, 1], got {Threshold}.", nameof(Threshold));
        }
    }
}
