using System.Globalization;
using Clientele.Core;
using Clientele.Data.Store;
using Clientele.Features;
using Clientele.Features.Behaviour;
using Clientele.Value;
using Clientele.Value.Churn;
using Clientele.Value.Classification;

namespace Clientele.Pipeline;

/// <summary>The behaviour columns a churn model was given, and what they were worth on the same split.</summary>
/// <param name="Columns">The behaviour columns (<see cref="CustomerBehaviourColumns.ActivityAndRecency"/>), after the order-line features.</param>
/// <param name="TrainingCustomersWithEvents">Training customers (all at the training cutoff, or their sample) with an event before it.</param>
/// <param name="TestCustomersWithEvents">Test customers (all at the test cutoff, or their sample) with an event before it.</param>
/// <param name="WithoutBehaviour">The same training and test customers scored by a model of the order-line features alone.</param>
public sealed record ChurnBehaviour(IReadOnlyList<string> Columns, int TrainingCustomersWithEvents, int TestCustomersWithEvents, BinaryEvaluation WithoutBehaviour);

/// <summary>The churn part of a value run: how the model did on a time-based split, and each customer's risk now.</summary>
/// <param name="TrainCutoff">Features as of this day, labels from the next <paramref name="HorizonDays"/> days: training rows.</param>
/// <param name="TestCutoff">The same one horizon later: the held-out rows.</param>
/// <param name="Test">The supervised model trained at the training cutoff, scored at the test cutoff.</param>
/// <param name="Comparison">The same test customers scored by the model, by 1 − P(alive) and by BG/NBD's P(no purchase in the horizon).</param>
/// <param name="Risk">Each current customer's churn risk (probability of no purchase in the next horizon), from a model retrained at the test cutoff.</param>
public sealed record ChurnResult(
    int HorizonDays,
    DateOnly TrainCutoff,
    DateOnly TestCutoff,
    ChurnEvaluationResult Test,
    ChurnComparison Comparison,
    double ComparisonPenalizer,
    IReadOnlyDictionary<string, double> Risk)
{
    /// <summary>The held-out AUC with its interval, and whether churn_risk may be used for decisions (<see cref="DataSupport.HeldOutAuc"/>).</summary>
    public required AucSupport Support { get; init; }

    /// <summary>The customers at the training cutoff, of whom the model was trained on <see cref="ChurnEvaluationResult.TrainingRows"/> (all, or a stratified sample).</summary>
    public int TrainingCustomers { get; init; } = Test.TrainingRows;

    /// <summary>The customers at the test cutoff, of whom <see cref="ChurnEvaluationResult.Test"/> evaluated its count (all, or a stratified sample).</summary>
    public int TestCustomers { get; init; } = Test.Test.Count;

    /// <summary>What the churn figures were measured on when they are a sample's, for the outputs; null when on everyone.</summary>
    public string? Sample => Test.TrainingRows < TrainingCustomers || Test.Test.Count < TestCustomers
        ? string.Create(
            CultureInfo.InvariantCulture,
            $"trained on a stratified sample of {Test.TrainingRows:N0} of the {TrainingCustomers:N0} customers at {TrainCutoff:yyyy-MM-dd} and tested on one of "
            + $"{Test.Test.Count:N0} of the {TestCustomers:N0} at {TestCutoff:yyyy-MM-dd} (the evaluation's figures are the sample's, and the BG/NBD compared "
            + $"was fitted on the test sample's histories); the model retrained at {TestCutoff:yyyy-MM-dd} on such a sample gives every customer a churn risk")
        : null;

    /// <summary>The behaviour columns the model took and its held-out AUC without them; null when it took none.</summary>
    public ChurnBehaviour? Behaviour { get; init; }

    /// <summary>Why the store's events were not used, or null (no events, or used).</summary>
    public string? BehaviourSkipped { get; init; }

    /// <summary>A churn base rate too extreme to read precision at face value, or null (<see cref="DataSupport.ChurnBaseRate"/>).</summary>
    public DataCheck? BaseRateCheck { get; init; }

    /// <summary>Why churn_risk is not used, for the outputs, or null when it is.</summary>
    public DataCheck? NotUsed => Support.Usable ? null : new DataCheck(
        "churn-auc",
        $"The churn model is not used for decisions ({Support.NotUsedBecause}): it ranks customers little better than a coin toss, so churn_risk is left empty.");
}

/// <summary>
/// Supervised churn ("no purchase in the next N days") with LightGbm on the customer features, evaluated on a
/// time-based split and compared with the BG/NBD's 1 − P(alive) on the same customers. When the store has behaviour
/// events, the model also takes each customer's behaviour columns at each cutoff (events strictly before it), and a
/// model without them is evaluated on the same split so that the gain is seen.
/// </summary>
public static class ChurnJob
{
    /// <summary>Why churn could not be modelled, or null when it was.</summary>
    /// <remarks>
    /// Every customer's features as of <paramref name="asOf"/> are read last, for the scoring, once the cutoffs' rows are
    /// no longer needed: the two cutoffs hold only the sampled customers' features (and the test cutoff every customer's
    /// purchase history until the BG/NBD comparison is made), so no two full feature tables are held at once.
    /// </remarks>
    public static ChurnResult? Run(ClienteleStore store, DateOnly asOf, int horizonDays, out string? skipped)
        => Run(store, asOf, horizonDays, new ChurnOptions(), out skipped);

    /// <summary>As the public overload, with the churn model's settings (a small sample limit, in tests).</summary>
    internal static ChurnResult? Run(ClienteleStore store, DateOnly asOf, int horizonDays, ChurnOptions options, out string? skipped)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        skipped = null;
        var testCutoff = asOf.AddDays(-horizonDays);
        var trainCutoff = testCutoff.AddDays(-horizonDays);
        var first = DateOnly.FromDateTime(store.Scalar<DateTime>("SELECT min(ordered_at) FROM order_lines"));
        if (trainCutoff <= first.AddDays(horizonDays))
        {
            skipped = $"churn needs {3 * horizonDays} days of history before {asOf:yyyy-MM-dd} (one horizon of behaviour, then a training and a test window of {horizonDays} days); the store starts on {first:yyyy-MM-dd}";
            return null;
        }
        // Above the sample limit the model trains and is evaluated on a seeded sample at each cutoff: the labels are read
        // first, the sample drawn from them as the fitter would, and only the sampled customers' features held.
        int[] Sample(IReadOnlyList<bool> labels) => ChurnFitter.SampleRows(labels, options);
        var train = ChurnDatasetQuery.Compute(store, trainCutoff, horizonDays, Sample);
        // The test cutoff's features (the sample's) and every customer's purchase history (for the BG/NBD comparison)
        // from one read of the summaries.
        var (test, testHistories) = ChurnDatasetQuery.ComputeWithHistories(store, testCutoff, horizonDays, TimeUnit.Weeks, Sample);
        var (trainBehaviour, testBehaviour, behaviourSkipped) = Behaviour(store, train, test);
        try
        {
            ModelFits.Count("churn");
            var evaluation = ChurnEvaluation.Evaluate(
                train.Customers, train.Churned, trainBehaviour?.Columns, test.Customers, test.Churned, testBehaviour?.Columns, options, trainingChurnRate: train.ChurnRate);
            ChurnBehaviour? behaviour = null;
            if (trainBehaviour is not null && testBehaviour is not null)
            {
                // The same split without the behaviour columns: what they add. One more fit of the same size.
                ModelFits.Count("churn");
                var without = ChurnEvaluation.Evaluate(train.Customers, train.Churned, null, test.Customers, test.Churned, null, options, trainingChurnRate: train.ChurnRate);
                behaviour = new ChurnBehaviour(trainBehaviour.Columns.ColumnNames, trainBehaviour.WithEvents, testBehaviour.WithEvents, without.Test);
            }

            // 1 − P(alive) and P(no purchase) from the transaction model fitted at the test cutoff, on the same customers
            // (every customer's histories, or the test sample's when the model was evaluated on a sample).
            var summaries = testHistories.Select(ValueJob.ToSummary).ToArray();
            var fit = ValueJob.FitWithFallback(summaries, TransactionModelKind.BetaGeo, penalizer: 0);
            var comparison = ChurnEvaluation.Compare(evaluation.Model, fit.Model, horizonDays / 7.0, summaries, test.Customers, test.Churned, behaviour: testBehaviour?.Columns);
            // Every customer's history at the test cutoff is let go before every customer's features are read.
            (testHistories, summaries) = ([], []);

            // Today's risk: the same model retrained on the latest complete window.
            ModelFits.Count("churn");
            var latest = new ChurnFitter(options).Fit(test.Customers, test.Churned, testBehaviour?.Columns, test.ChurnRate);
            var byId = Score(store, latest, asOf);
            var held = evaluation.Test;
            return new ChurnResult(horizonDays, trainCutoff, testCutoff, evaluation, comparison, fit.Penalizer, byId)
            {
                TrainingCustomers = train.Population,
                TestCustomers = test.Population,
                Support = DataSupport.HeldOutAuc(held.Auc, held.Positives, held.Count - held.Positives),
                BaseRateCheck = DataSupport.ChurnBaseRate(held, horizonDays),
                Behaviour = behaviour,
                BehaviourSkipped = behaviourSkipped,
            };
        }
        catch (ValueModelException e)
        {
            // The reason alone: the advice of a failed BG/NBD comparison names value's --penalizer, which churn does not take.
            skipped = $"churn could not be modelled: {e.Reason}";
            return null;
        }
    }

    /// <summary>
    /// Every current customer's churn risk from <paramref name="model"/>: their features (and behaviour columns, when the
    /// model takes them) as of <paramref name="asOf"/>, scored as many at a time as the model trains on at most
    /// (<see cref="ChurnOptions.SampleLimit"/>), so that scoring builds no larger an input matrix than training did.
    /// </summary>
    private static Dictionary<string, double> Score(ClienteleStore store, ChurnModel model, DateOnly asOf)
    {
        var current = CustomerInputs.Features(store, asOf).Customers;
        var behaviour = model.BehaviourColumns.Count == 0 ? null : CustomerBehaviourColumns.Compute(store, Ids(current), asOf, recency: true).Columns;
        var risk = new Dictionary<string, double>(current.Count, StringComparer.Ordinal);
        var slice = model.Options.SampleLimit;
        for (var start = 0; start < current.Count; start += slice)
        {
            var rows = Enumerable.Range(start, Math.Min(slice, current.Count - start)).ToArray();
            var scores = model.Predict([.. rows.Select(i => current[i])], behaviour?.SelectRows(rows));
            for (var k = 0; k < rows.Length; k++)
            {
                risk[current[rows[k]].CustomerId] = scores[k];
            }
        }
        return risk;
    }

    /// <summary>
    /// The behaviour columns of the training and the test customers at their cutoffs (events strictly before each), when
    /// the store has events and some training customer has one before the training cutoff; else nulls, with the reason
    /// when there are events.
    /// </summary>
    private static (CustomerBehaviour? Train, CustomerBehaviour? Test, string? Skipped) Behaviour(ClienteleStore store, ChurnDataset train, ChurnDataset test)
    {
        if (!FunnelQuery.HasEvents(store))
        {
            return (null, null, null);
        }
        BehaviourInputs.Prepare(store);
        var atTrain = CustomerBehaviourColumns.Compute(store, Ids(train.Customers), train.Cutoff, recency: true);
        if (atTrain.WithEvents == 0)
        {
            return (null, null,
                $"behaviour columns not used: none of the {train.Customers.Count:N0} {(train.IsSample ? "sampled " : "")}customers at the training cutoff has a behaviour event before it ({train.Cutoff:yyyy-MM-dd}), so the model could not learn from them");
        }
        var atTest = CustomerBehaviourColumns.Compute(store, Ids(test.Customers), test.Cutoff, recency: true);
        return (atTrain, atTest, null);
    }

    private static string[] Ids(IReadOnlyList<CustomerFeatures> customers) => [.. customers.Select(c => c.CustomerId)];

    /// <summary>A JSON-friendly view of one score's evaluation.</summary>
    public static object Describe(BinaryEvaluation e) => new
    {
        e.Count,
        e.Positives,
        e.BaseRate,
        e.Auc,
        e.Threshold,
        e.Precision,
        e.Recall,
        e.BrierScore,
        e.LogLoss,
        Calibration = e.Calibration.Select(b => new { b.Lower, b.Upper, b.Count, b.MeanPredicted, b.ObservedRate }),
    };
}
