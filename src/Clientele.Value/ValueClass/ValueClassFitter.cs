using Clientele.Core.Maths;
using Clientele.Core;
using Clientele.Value.Classification;

namespace Clientele.Value.ValueClass;

/// <summary>
/// Trains a value-class model for new customers: from their first weeks of behaviour (one row of a <see
/// cref="FeatureMatrix"/> per customer), the probability that they are "high value" in the following period, high value
/// meaning among the top <see cref="ValueClassOptions.TopShare"/> of training customers by future value.
/// </summary>
/// <remarks>
/// <list type="table">
/// <item><term>Input</term><description>Early-behaviour features (any non-negative counts and values; the Features project's early-behaviour query) and each customer's future value.</description></item>
/// <item><term>Transform</term><description>sign(x) log(1 + |x|) on every feature; standardised for the logistic regression.</description></item>
/// <item><term>Learners</term><description>LightGbm (Platt-calibrated) and L2 logistic regression, each cross-validated on the same seeded stratified folds.</description></item>
/// <item><term>Output</term><description>The final learner (<see cref="ValueClassOptions.Algorithm"/>, or the better by mean AUC) refitted on all rows, with the cross-validation of both.</description></item>
/// </list>
/// </remarks>
public sealed class ValueClassFitter
{
    /// <summary>A trainer with the default <see cref="ValueClassOptions"/>.</summary>
    public ValueClassFitter()
        : this(new ValueClassOptions())
    {
    }

    /// <param name="options">The settings; validated here.</param>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public ValueClassFitter(ValueClassOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
    }

    public ValueClassOptions Options { get; }

    /// <summary>Labels the top customers by future value, cross-validates both learners, and fits the final model on all rows.</summary>
    /// <param name="features">One row per customer; the column names are kept and checked when predicting.</param>
    /// <param name="futureValues">Each customer's value in the period after the features (0 or more), paired by row.</param>
    /// <exception cref="ValueModelException">
    /// No rows, the counts differ, a value is not finite or negative, or too few high-value (or other) customers to fill
    /// every fold; the message says what to try.
    /// </exception>
    public ValueClassModel Fit(FeatureMatrix features, IReadOnlyList<double> futureValues) => FitRows(features, futureValues, rows: null);

    /// <summary>
    /// The rows of the customers that <see cref="Fit(FeatureMatrix, IReadOnlyList{double})"/> trains and cross-validates
    /// on, ascending: all of them up to <see cref="ValueClassOptions.SampleLimit"/>, else the seeded sample stratified by
    /// the label that the future values give (the top share over all of them). A caller that computes features per
    /// customer can compute them for these rows alone and pass them to
    /// <see cref="Fit(FeatureMatrix, IReadOnlyList{double}, IReadOnlyList{int})"/>.
    /// </summary>
    public int[] TrainingRows(IReadOnlyList<double> futureValues)
    {
        ArgumentNullException.ThrowIfNull(futureValues);
        var (labels, _) = Label(futureValues, Options.TopShare);
        return labels.Length > Options.SampleLimit
            ? StratifiedSplit.Sample(labels, Options.SampleLimit, Options.Folds, Options.Seed)
            : [.. Enumerable.Range(0, labels.Length)];
    }

    /// <summary>
    /// As <see cref="Fit(FeatureMatrix, IReadOnlyList{double})"/>, with the features of the <see cref="TrainingRows"/>
    /// alone: the same model, folds and figures, without the features of customers the sample leaves out.
    /// </summary>
    /// <param name="features">The features of <paramref name="rows"/>, in their order.</param>
    /// <param name="futureValues">Every customer's future value (the labels' threshold is taken over all of them).</param>
    /// <param name="rows"><see cref="TrainingRows"/> of <paramref name="futureValues"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="rows"/> are not the training rows of these future values.</exception>
    /// <exception cref="ValueModelException">As <see cref="Fit(FeatureMatrix, IReadOnlyList{double})"/>.</exception>
    public ValueClassModel Fit(FeatureMatrix features, IReadOnlyList<double> futureValues, IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return FitRows(features, futureValues, rows);
    }

    private ValueClassModel FitRows(FeatureMatrix features, IReadOnlyList<double> futureValues, IReadOnlyList<int>? rows)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(futureValues);
        if (features.Rows == 0)
        {
            throw new ValueModelException("There are no customers to train a value-class model on: choose a later as-of date or shorter windows.");
        }
        if (features.Rows != (rows?.Count ?? futureValues.Count))
        {
            throw new ValueModelException($"There are {features.Rows} feature rows but {rows?.Count ?? futureValues.Count} {(rows is null ? "future values" : "training rows")}; they must pair up one to one.");
        }
        for (var i = 0; i < futureValues.Count; i++)
        {
            if (!double.IsFinite(futureValues[i]) || futureValues[i] < 0)
            {
                throw new ValueModelException($"Row {i} has future value {futureValues[i]}; future values are finite numbers >= 0 (purchase value, returns not netted).");
            }
        }
        if (rows is not null && !rows.SequenceEqual(TrainingRows(futureValues)))
        {
            throw new ArgumentException("The rows are not the training rows of these future values (TrainingRows).", nameof(rows));
        }
        var x = ValueClassFeatures.Matrix(features);
        var (labels, threshold) = Label(futureValues, Options.TopShare);
        var positives = labels.Count(l => l);
        var negatives = labels.Length - positives;
        if (positives < Options.Folds || negatives < Options.Folds)
        {
            throw new ValueModelException(
                $"Of {labels.Length} customers, {positives} are high value (future value >= {threshold}) and {negatives} are not; "
                + $"{Options.Folds}-fold cross-validation needs at least {Options.Folds} of each. Use more customers, a longer horizon or fewer folds.");
        }

        var highValueShare = (double)positives / labels.Length;
        if (rows is not null)
        {
            labels = [.. rows.Select(i => labels[i])];
        }
        else if (labels.Length > Options.SampleLimit)
        {
            var sample = StratifiedSplit.Sample(labels, Options.SampleLimit, Options.Folds, Options.Seed);
            x = [.. sample.Select(i => x[i])];
            labels = [.. sample.Select(i => labels[i])];
        }
        var folds = StratifiedSplit.Folds(labels, Options.Folds, Options.Seed);
        var algorithms = new[] { ValueClassAlgorithm.LightGbm, ValueClassAlgorithm.LogisticRegression };
        // The two algorithms' cross-validations side by side, each on one thread: every fit is single-threaded and seeded,
        // so the figures are those of one after the other; and never two LightGbm fits at once (LightGBM's thread count is
        // the whole process's, MlBinaryClassifier.TrainLightGbm).
        var crossValidation = new CrossValidatedAuc[algorithms.Length];
        Parallel.For(0, algorithms.Length, k => crossValidation[k] = CrossValidate(algorithms[k], x, labels, folds));
        var final = Options.Algorithm ?? crossValidation.OrderByDescending(c => c.Mean).First().Algorithm;
        var classifier = Fit(final, x, labels);
        return new ValueClassModel(
            classifier, final, features.ColumnNames.ToArray(), threshold, highValueShare, labels.Length, crossValidation, Options);
    }

    /// <summary>
    /// High value: future value ≥ that of the ⌈share × n⌉-th largest, and &gt; 0 (so that customers who bought nothing are
    /// never high value, even when fewer than share × n bought anything).
    /// </summary>
    internal static (bool[] Labels, double Threshold) Label(IReadOnlyList<double> futureValues, double share)
    {
        var sorted = futureValues.ToArray();
        Array.Sort(sorted);
        Array.Reverse(sorted);
        var k = Math.Clamp((int)Math.Ceiling(share * sorted.Length), 1, sorted.Length);
        var threshold = sorted[k - 1];
        if (threshold <= 0)
        {
            threshold = sorted.Where(v => v > 0).DefaultIfEmpty(double.PositiveInfinity).Min();
        }
        var labels = new bool[futureValues.Count];
        for (var i = 0; i < labels.Length; i++)
        {
            labels[i] = futureValues[i] >= threshold;
        }
        return (labels, threshold);
    }

    private CrossValidatedAuc CrossValidate(ValueClassAlgorithm algorithm, float[][] x, bool[] labels, int[] fold)
    {
        var auc = new double[Options.Folds];
        for (var f = 0; f < Options.Folds; f++)
        {
            var train = Enumerable.Range(0, x.Length).Where(i => fold[i] != f).ToArray();
            var test = Enumerable.Range(0, x.Length).Where(i => fold[i] == f).ToArray();
            var classifier = Fit(algorithm, train.Select(i => x[i]).ToArray(), train.Select(i => labels[i]).ToArray());
            var scores = classifier.Predict(test.Select(i => x[i]).ToArray());
            auc[f] = BinaryMetrics.Auc(scores, test.Select(i => labels[i]).ToArray());
        }
        var mean = auc.Average();
        var sd = Math.Sqrt(auc.Sum(a => (a - mean) * (a - mean)) / (auc.Length - 1));
        return new CrossValidatedAuc(algorithm, auc, mean, sd);
    }

    private MlBinaryClassifier Fit(ValueClassAlgorithm algorithm, float[][] x, bool[] labels) => algorithm switch
    {
        ValueClassAlgorithm.LightGbm => MlBinaryClassifier.TrainLightGbm(
            Options.Seed, x, labels, Options.NumberOfLeaves, Options.NumberOfIterations, Options.LearningRate, Options.MinimumExampleCountPerLeaf),
        _ => MlBinaryClassifier.TrainLogisticRegression(Options.Seed, x, labels, (float)Options.L2Regularization),
    };
}
