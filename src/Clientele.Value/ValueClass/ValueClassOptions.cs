using Clientele.Core;

namespace Clientele.Value.ValueClass;

/// <summary>
/// Settings for <see cref="ValueClassFitter"/>: what "high value" means, how the cross-validation is done, and the two
/// learners' knobs. The defaults call the top fifth of customers by future value "high value" and use five stratified folds.
/// </summary>
public sealed record ValueClassOptions
{
    /// <summary>
    /// Gets the share of training customers, by future value, labelled high value: a customer is high value when their
    /// future value is at least that of the customer ranked ⌈TopShare × n⌉ (ties at the boundary are all included), and
    /// more than 0.
    /// </summary>
    /// <value>The default value is 0.2 (the top 20%).</value>
    public double TopShare { get; init; } = 0.2;

    /// <summary>Gets the number of stratified cross-validation folds.</summary>
    /// <value>The default value is 5.</value>
    public int Folds { get; init; } = 5;

    /// <summary>
    /// Gets the most customers the learners are cross-validated and trained on: above it, a seeded sample stratified by
    /// label (the high-value threshold is still taken over every customer). Ten fits on a million rows cost minutes and
    /// tell little more about a two-class boundary in a handful of features than twenty thousand (on the generated
    /// million-customer shop the folds' AUC spread ± 0.006 for logistic regression from 20,000 as from 50,000, ± 0.007
    /// against ± 0.003 for LightGbm; on CDNOW, 20,000 of 23,570 gave 0.712 ± 0.011 against 0.713 ± 0.011 from all).
    /// </summary>
    /// <value>The default value is 20,000.</value>
    public int SampleLimit { get; init; } = 20_000;

    /// <summary>Gets the seed of the fold assignment, the ML.NET context and LightGBM.</summary>
    /// <value>The default value is <see cref="RandomSeed.Default"/>.</value>
    public int Seed { get; init; } = RandomSeed.Default;

    /// <summary>Gets the learner of the final model, or null for the one with the higher mean cross-validated AUC.</summary>
    /// <value>The default value is null.</value>
    public ValueClassAlgorithm? Algorithm { get; init; }

    /// <summary>Gets LightGbm's maximum number of leaves per tree.</summary>
    /// <value>The default value is 8.</value>
    public int NumberOfLeaves { get; init; } = 8;

    /// <summary>Gets LightGbm's number of boosting rounds.</summary>
    /// <value>The default value is 100.</value>
    public int NumberOfIterations { get; init; } = 100;

    /// <summary>Gets LightGbm's learning rate.</summary>
    /// <value>The default value is 0.05.</value>
    public double LearningRate { get; init; } = 0.05;

    /// <summary>Gets LightGbm's minimum number of customers in a leaf.</summary>
    /// <value>The default value is 20.</value>
    public int MinimumExampleCountPerLeaf { get; init; } = 20;

    /// <summary>Gets the logistic regression's L2 penalty weight.</summary>
    /// <value>The default value is 1.</value>
    public double L2Regularization { get; init; } = 1.0;

    /// <summary>Throws <see cref="ArgumentException"/> when a setting is out of range.</summary>
    /// <exception cref="ArgumentException">A setting is out of range; the message names it and its valid range.</exception>
    public void Validate()
    {
        if (!double.IsFinite(TopShare) || TopShare <= 0 || TopShare >= 1)
        {
            throw new ArgumentException($"{nameof(TopShare)} must be in (0, 1), got {TopShare}.", nameof(TopShare));
        }
        if (Folds < 2)
        {
            throw new ArgumentException($"{nameof(Folds)} must be at least 2, got {Folds}.", nameof(Folds));
        }
        if (SampleLimit < 100)
        {
            throw new ArgumentException($"{nameof(SampleLimit)} must be at least 100, got {SampleLimit}.", nameof(SampleLimit));
        }
        if (Algorithm is { } a && !Enum.IsDefined(a))
        {
            throw new ArgumentException($"{nameof(Algorithm)} {a} is not a known algorithm.", nameof(Algorithm));
        }
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
        if (!double.IsFinite(L2Regularization) || L2Regularization < 0)
        {
            throw new ArgumentException($"{nameof(L2Regularization)} must be a finite number >= 0, got {L2Regularization}.", nameof(L2Regularization));
        }
    }
}
