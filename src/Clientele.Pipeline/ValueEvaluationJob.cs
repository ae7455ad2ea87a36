using Clientele.Core;
using Clientele.Data.Store;
using Clientele.Features;
using Clientele.Value;

namespace Clientele.Pipeline;

/// <summary>What <c>clientele evaluate value</c> should do.</summary>
public sealed record ValueEvaluationRequest
{
    public required string StorePath { get; init; }

    /// <summary>The first day after calibration (the model sees orders strictly before it).</summary>
    public required DateOnly CalibrationEnd { get; init; }

    /// <summary>The first day after the holdout; null for the day after the last order in the store.</summary>
    /// <value>The default value is null.</value>
    public DateOnly? ObservationEnd { get; init; }

    /// <summary>The transaction model evaluated: by default the one <c>value</c> fits.</summary>
    /// <value>The default value is <see cref="ValueRequest.DefaultModel"/>.</value>
    public TransactionModelKind Model { get; init; } = ValueRequest.DefaultModel;

    /// <summary>Calibration purchase counts from this value up are pooled in one row (as the paper's "7+").</summary>
    /// <value>The default value is 7.</value>
    public int PoolFrom { get; init; } = 7;
}

/// <summary>Customers with a given number of calibration repeat purchases: predicted and actual holdout purchases.</summary>
public sealed record HoldoutRow(string Frequency, int Customers, double PredictedMean, double ActualMean, double PredictedTotal, double ActualTotal);

/// <summary>How the model fitted on the calibration period predicted the holdout.</summary>
/// <param name="Penalizer">The L2 penaliser of the fit: 0, or one of <see cref="ValueJob.FallbackPenalizers"/> when plain maximum likelihood was not identified.</param>
public sealed record ValueEvaluation(
    string Store,
    DateOnly CalibrationEnd,
    DateOnly ObservationEnd,
    double HoldoutWeeks,
    string Model,
    IReadOnlyList<ParameterEstimate> Parameters,
    double LogLikelihood,
    double Penalizer,
    int Customers,
    double PredictedTotal,
    double ActualTotal,
    decimal ActualHoldoutValue,
    double MeanAbsoluteError,
    IReadOnlyList<HoldoutRow> ByFrequency);

/// <summary>
/// Fits the transaction model on a calibration period and compares its conditional expectations with the purchases
/// customers actually made in the holdout (Fader, Hardie &amp; Lee 2005, section 4: totals and by calibration frequency).
/// </summary>
public static class ValueEvaluationJob
{
    public static ValueEvaluation Run(ValueEvaluationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var store = ClienteleStore.OpenExisting(request.StorePath);
        var observationEnd = request.ObservationEnd ?? CustomerFeatureQuery.DefaultAsOf(store);
        var periods = new SummaryPeriods(request.CalibrationEnd, observationEnd, TimeUnit.Weeks);
        var histories = PurchaseHistoryQuery.Compute(store, periods);
        var summaries = histories.Select(ValueJob.ToSummary).ToArray();
        var holdoutWeeks = (observationEnd.DayNumber - request.CalibrationEnd.DayNumber) / periods.DaysPerUnit;

        // As `clientele value` does: plain maximum likelihood, and the small fallback penaliser when that is not identified.
        TransactionFit fit;
        try
        {
            fit = ValueJob.FitWithFallback(summaries, request.Model, penalizer: 0);
        }
        catch (ValueModelException e) when (e.Advice is not null)
        {
            // evaluate value takes no penaliser: its advice is the calibration period.
            throw new ValueModelException(e.Reason, "Try a later --calibration-end (a longer calibration period), or a store with more repeat buyers.");
        }
        var model = fit.Model;

        var predicted = summaries.Select(c => model.ConditionalExpectedPurchases(holdoutWeeks, c.Frequency, c.Recency, c.Age)).ToArray();
        var actual = histories.Select(h => (double)h.HoldoutTransactions).ToArray();
        var rows = Enumerable.Range(0, summaries.Length)
            .GroupBy(i => Math.Min((int)summaries[i].Frequency, request.PoolFrom))
            .OrderBy(g => g.Key)
            .Select(g => new HoldoutRow(
                g.Key == request.PoolFrom ? $"{g.Key}+" : g.Key.ToString(System.Globalization.CultureInfo.InvariantCulture),
                g.Count(),
                g.Average(i => predicted[i]),
                g.Average(i => actual[i]),
                g.Sum(i => predicted[i]),
                g.Sum(i => actual[i])))
            .ToArray();
        return new ValueEvaluation(
            store.Path,
            request.CalibrationEnd,
            observationEnd,
            holdoutWeeks,
            request.Model == TransactionModelKind.ParetoNbd ? "pareto-nbd" : "bg-nbd",
            fit.Parameters,
            fit.LogLikelihood,
            fit.Penalizer,
            summaries.Length,
            predicted.Sum(),
            actual.Sum(),
            histories.Sum(h => h.HoldoutValue),
            predicted.Zip(actual, (p, a) => Math.Abs(p - a)).Average(),
            rows);
    }
}
