using Clientele.Core;
using Clientele.Data.Store;
using Clientele.Features;
using Clientele.Value;
using Clientele.Value.Churn;
using Clientele.Value.Classification;

namespace Clientele.Pipeline;

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

    /// <summary>A churn base rate too extreme to read precision at face value, or null (<see cref="DataSupport.ChurnBaseRate"/>).</summary>
    public DataCheck? BaseRateCheck { get; init; }

    /// <summary>Why churn_risk is not used, for the outputs, or null when it is.</summary>
    public DataCheck? NotUsed => Support.Usable ? null : new DataCheck(
        "churn-auc",
        $"The churn model is not used for decisions ({Support.NotUsedBecause}): it ranks customers little better than a coin toss, so churn_risk is left empty.");
}

/// <summary>
/// Supervised churn ("no purchase in the next N days") with LightGbm on the customer features, evaluated on a
/// time-based split and compared with the BG/NBD's 1 − P(alive) on the same customers.
/// </summary>
public static class ChurnJob
{
    /// <summary>Why churn could not be modelled, or null when it was.</summary>
    public static ChurnResult? Run(ClienteleStore store, DateOnly asOf, int horizonDays, IReadOnlyList<CustomerFeatures> current, out string? skipped)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(current);
        skipped = null;
        var testCutoff = asOf.AddDays(-horizonDays);
        var trainCutoff = testCutoff.AddDays(-horizonDays);
        var first = DateOnly.FromDateTime(store.Scalar<DateTime>("SELECT min(ordered_at) FROM order_lines"));
        if (trainCutoff <= first.AddDays(horizonDays))
        {
            skipped = $"churn needs {3 * horizonDays} days of history before {asOf:yyyy-MM-dd} (one horizon of behaviour, then a training and a test window of {horizonDays} days); the store starts on {first:yyyy-MM-dd}";
            return null;
        }
        var train = ChurnDatasetQuery.Compute(store, trainCutoff, horizonDays);
        var test = ChurnDatasetQuery.Compute(store, testCutoff, horizonDays);
        try
        {
            ModelFits.Count("churn");
            var evaluation = ChurnEvaluation.Evaluate(train.Customers, train.Churned, test.Customers, test.Churned);

            // 1 − P(alive) and P(no purchase) from the transaction model fitted at the test cutoff, on the same customers.
            var summaries = PurchaseHistoryQuery.Compute(store, new SummaryPeriods(testCutoff, Unit: TimeUnit.Weeks)).Select(ValueJob.ToSummary).ToArray();
            var fit = ValueJob.FitWithFallback(summaries, TransactionModelKind.BetaGeo, penalizer: 0);
            var comparison = ChurnEvaluation.Compare(evaluation.Model, fit.Model, horizonDays / 7.0, summaries, test.Customers, test.Churned);

            // Today's risk: the same model retrained on the latest complete window.
            ModelFits.Count("churn");
            var latest = new ChurnFitter().Fit(test.Customers, test.Churned);
            var risk = latest.Predict(current);
            var byId = current.Select((c, i) => (c.CustomerId, risk[i])).ToDictionary(p => p.CustomerId, p => p.Item2, StringComparer.Ordinal);
            var held = evaluation.Test;
            return new ChurnResult(horizonDays, trainCutoff, testCutoff, evaluation, comparison, fit.Penalizer, byId)
            {
                Support = DataSupport.HeldOutAuc(held.Auc, held.Positives, held.Count - held.Positives),
                BaseRateCheck = DataSupport.ChurnBaseRate(held, horizonDays),
            };
        }
        catch (ValueModelException e)
        {
            skipped = $"churn could not be modelled: {e.Message}";
            return null;
        }
    }

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
