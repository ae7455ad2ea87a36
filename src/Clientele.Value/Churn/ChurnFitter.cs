using Clientele.Core;
using Clientele.Core.Maths;
using Clientele.Value.Classification;

namespace Clientele.Value.Churn;

/// <summary>
/// Trains a supervised churn model: LightGbm gradient-boosted trees (ML.NET) predicting "no purchase in the next N days"
/// from a customer's RFM and behaviour features at a cutoff date, with Platt-calibrated probabilities.
/// </summary>
/// <remarks>
/// <list type="table">
/// <item><term>Input</term><description>One <see cref="CustomerFeatures"/> per customer as of a cutoff, and whether that customer then made no purchase in the horizon (the Features project's churn dataset).</description></item>
/// <item><term>Features</term><description>recency, frequency, monetary, tenure, average order value, distinct products (log scale) and the return rate; optionally behaviour columns computed by the caller at the same cutoff (the model remembers their names).</description></item>
/// <item><term>Learner</term><description>LightGBM (Ke et al. 2017, "LightGBM: A Highly Efficient Gradient Boosting Decision Tree") through ML.NET, deterministic mode, seeded.</description></item>
/// <item><term>Output</term><description>P(churn) from a Platt sigmoid (Platt 1999) fitted to the tree ensemble's scores on the training rows.</description></item>
/// <item><term>Scale</term><description>Above <see cref="ChurnOptions.SampleLimit"/> customers, trained on a seeded sample of that many stratified by label.</description></item>
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
    public ChurnModel Fit(IReadOnlyList<CustomerFeatures> customers, IReadOnlyList<bool> churned) => Fit(customers, churned, null);

    /// <summary>Trains on customers, their behaviour columns and their churn labels, all paired by position.</summary>
    /// <param name="customers">The customers' features as of the cutoff.</param>
    /// <param name="churned">For each customer, true when no purchase followed in the horizon.</param>
    /// <param name="behaviour">One row per customer of behaviour columns as of the same cutoff, named; null for the order-line features alone.</param>
    /// <exception cref="ValueModelException">As <see cref="Fit(IReadOnlyList{CustomerFeatures}, IReadOnlyList{bool})"/>, or the behaviour rows do not pair up or are not finite.</exception>
    /// <param name="populationChurnRate">
    /// The churn rate of all the customers at the cutoff when <paramref name="customers"/> are already a sample of them
    /// (<see cref="SampleRows"/>), for <see cref="ChurnModel.TrainingChurnRate"/>; null for the rate of these rows.
    /// </param>
    public ChurnModel Fit(IReadOnlyList<CustomerFeatures> customers, IReadOnlyList<bool> churned, FeatureMatrix? behaviour, double? populationChurnRate = null)
    {
        var labels = CheckLabels(customers, churned, "train a churn model");
        var churnRate = populationChurnRate ?? (double)labels.Count(l => l) / labels.Length;
        (customers, behaviour, labels) = Sample(customers, behaviour, labels, Options);
        var features = ChurnFeatures.Matrix(customers, behaviour);
        var classifier = MlBinaryClassifier.TrainLightGbm(
            Options.Seed, features, labels, Options.NumberOfLeaves, Options.NumberOfIterations, Options.LearningRate, Options.MinimumExampleCountPerLeaf);
        return new ChurnModel(classifier, Options, customers.Count, churnRate, behaviour?.ColumnNames ?? [], Medians(features));
    }

    /// <summary>The median of each column of the training rows: the typical customer contributions are measured against.</summary>
    private static double[] Medians(float[][] rows)
    {
        var columns = rows.Length == 0 ? 0 : rows[0].Length;
        var column = new double[rows.Length];
        return [.. Enumerable.Range(0, columns).Select(j =>
        {
            for (var i = 0; i < rows.Length; i++)
            {
                column[i] = rows[i][j];
            }
            return Core.Maths.Medians.Of(column);
        })];
    }

    /// <summary>
    /// The customers a fit or an evaluation uses: all of them when there are no more than
    /// <see cref="ChurnOptions.SampleLimit"/> (the same lists, untouched), else a sample of that many stratified by label
    /// and seeded by <see cref="ChurnOptions.Seed"/> (<see cref="StratifiedSplit.Sample"/>), in their order, with their
    /// behaviour rows and labels.
    /// </summary>
    /// <exception cref="ValueModelException">The behaviour rows do not pair up with the customers.</exception>
    internal static (IReadOnlyList<CustomerFeatures> Customers, FeatureMatrix? Behaviour, bool[] Labels) Sample(
        IReadOnlyList<CustomerFeatures> customers, FeatureMatrix? behaviour, bool[] labels, ChurnOptions options)
    {
        ChurnFeatures.CheckRows(customers.Count, behaviour);
        if (labels.Length <= options.SampleLimit)
        {
            return (customers, behaviour, labels);
        }
        var rows = SampleRows(labels, options);
        return ([.. rows.Select(i => customers[i])], behaviour?.SelectRows(rows), [.. rows.Select(i => labels[i])]);
    }

    /// <summary>
    /// The rows (ascending positions) a fit or an evaluation keeps of customers with these labels: all of them up to
    /// <see cref="ChurnOptions.SampleLimit"/>, else that many stratified by label and seeded by
    /// <see cref="ChurnOptions.Seed"/>. A caller that reads the labels first can read the features of these rows alone
    /// and hand them to <see cref="Fit(IReadOnlyList{CustomerFeatures}, IReadOnlyList{bool}, FeatureMatrix?, double?)"/>
    /// or <see cref="ChurnEvaluation"/>, which then keep them all: the same rows as sampling the whole set there.
    /// </summary>
    public static int[] SampleRows(IReadOnlyList<bool> labels, ChurnOptions options)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(options);
        return StratifiedSplit.Sample(labels, options.SampleLimit, minimumPerLabel: 1, options.Seed);
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
