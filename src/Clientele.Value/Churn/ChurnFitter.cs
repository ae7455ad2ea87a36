using Clientele.Core;
using Clientele.Value.Classification;

namespace Clientele.Value.Churn;

/// <summary>
/// Trains a supervised churn model: LightGbm gradient-boosted trees (ML.NET) predicting "no purchase in the next N days"
/// from a customer's RFM and behaviour features at a cutoff date, with Platt-calibrated probabilities.
/// </summary>
/// <remarks>
/// <list type="table">
/// <item><term>Input</term><description>One <see cref="CustomerFeatures"/> per customer as of a cutoff, and whether that customer then made no purchase in the horizon (the Features project's churn dataset).</description></item>
/// <item><term>Features</term><description>recency, frequency, monetary, tenure, average order value, distinct products (log scale) and the return rate.</description></item>
/// <item><term>Learner</term><description>LightGBM (Ke et al. 2017, "LightGBM: A Highly Efficient Gradient Boosting Decision Tree") through ML.NET, deterministic mode, seeded.</description></item>
/// <item><term>Output</term><description>P(churn) from a Platt sigmoid (Platt 1999) fitted to the tree ensemble's scores on the training rows.</description></item>
/// </list>
/// Evaluate it on a later cutoff, not on a random split of the same one (<see cref="ChurnEvaluation"/>).
/// </remarks>
public sealed class ChurnFitter
{
    /// <summary>A trainer with the default <see cref="ChurnOptions"/>.</summary>
    public ChurnFitter()
        : this(new ChurnOptions())
    {
    }

    /// <param name="options">The settings; validated here.</param>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public ChurnFitter(ChurnOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
    }

    public ChurnOptions Options { get; }

    /// <summary>Trains on customers and their churn labels, paired by position.</summary>
    /// <param name="customers">The customers' features as of the cutoff.</param>
    /// <param name="churned">For each customer, true when no purchase followed in the horizon.</param>
    /// <exception cref="ValueModelException">
    /// No customers, the lists differ in length, only one class (everyone or no one churned), or a feature out of range;
    /// the message says what to try.
    /// </exception>
    public ChurnModel Fit(IReadOnlyList<CustomerFeatures> customers, IReadOnlyList<bool> churned)
    {
        var labels = CheckLabels(customers, churned, "train a churn model");
        var features = ChurnFeatures.Matrix(customers);
        var classifier = MlBinaryClassifier.TrainLightGbm(
            Options.Seed, features, labels, Options.NumberOfLeaves, Options.NumberOfIterations, Options.LearningRate, Options.MinimumExampleCountPerLeaf);
        var churners = labels.Count(l => l);
        return new ChurnModel(classifier, Options, customers.Count, (double)churners / customers.Count);
    }

    internal static bool[] CheckLabels(IReadOnlyList<CustomerFeatures> customers, IReadOnlyList<bool> churned, string purpose)
    {
        ArgumentNullException.ThrowIfNull(customers);
        ArgumentNullException.ThrowIfNull(churned);
        if (customers.Count == 0)
        {
            throw new ValueModelException($"There are no customers to {purpose} on: choose a later cutoff, after the first purchases in the store.");
        }
        if (customers.Count != churned.Count)
        {
            throw new ValueModelException($"There are {customers.Count} customers but {churned.Count} churn labels; they must pair up one to one.");
        }
        var labels = churned.ToArray();
        var churners = labels.Count(l => l);
        if (churners == 0 || churners == labels.Length)
        {
            throw new ValueModelException(
                $"All {labels.Length} customers {(churners == 0 ? "bought again" : "churned")} in the horizon: a churn model needs both churners and returning customers. "
                + "Choose another cutoff or horizon, or more customers.");
        }
        return labels;
    }
}
