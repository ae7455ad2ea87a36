using Clientele.Data.Store;
using Clientele.Features;
using Clientele.Value;
using Clientele.Value.ValueClass;

namespace Clientele.Pipeline;

/// <summary>The value class of new customers: the model's cross-validated quality and the probability for each customer to score.</summary>
/// <param name="HorizonDays">The horizon actually used (shortened from the one asked when the history is too short).</param>
/// <param name="Probability">P(high value) for the customers whose first days are over but whose horizon is not.</param>
public sealed record ValueClassResult(int FirstDays, int HorizonDays, int RequestedHorizonDays, ValueClassModel Model, IReadOnlyDictionary<string, double> Probability)
{
    /// <summary>The customers whose horizon is over, of whom the model was trained on <see cref="ValueClassModel.TrainingRows"/> (all, or a stratified sample).</summary>
    public int Candidates { get; init; } = Model.TrainingRows;

    /// <summary>The final learner's cross-validated AUC with its interval, and whether p_high_value may be used (<see cref="DataSupport.CrossValidated"/>).</summary>
    public AucSupport Support { get; } = DataSupport.CrossValidated(Model.CrossValidation.First(c => c.Algorithm == Model.Algorithm));

    /// <summary>Why p_high_value is not used, for the outputs, or null when it is.</summary>
    public DataCheck? NotUsed => Support.Usable ? null : new DataCheck(
        "value-class-auc",
        $"The value-class model ({Model.Algorithm}, {Model.CrossValidation.First(c => c.Algorithm == Model.Algorithm).FoldAuc.Count}-fold cross-validated) is not used for decisions "
        + $"({Support.NotUsedBecause}): it tells future high-value customers from the rest little better than a coin toss, so p_high_value is left empty.");
}

/// <summary>
/// Predicts "high value" (top 20% of purchase value in the horizon after the first days) from a new customer's first days,
/// trained on the customers whose horizon is over.
/// </summary>
public static class ValueClassJob
{
    /// <summary>Fewer training customers than this and the horizon is shortened (by 30 days at a time, down to 90 days).</summary>
    public const int MinimumTrainingCustomers = 200;

    public static ValueClassResult? Run(ClienteleStore store, DateOnly asOf, int firstDays, int horizonDays, out string? skipped)
    {
        ArgumentNullException.ThrowIfNull(store);
        skipped = null;
        for (var horizon = horizonDays; horizon >= 90; horizon -= 30)
        {
            var fitter = new ValueClassFitter();
            EarlyBehaviourSet training;
            double[] futureValues;
            int[]? rows = null;
            try
            {
                // From the summaries: every candidate's future value (the labels), then the early behaviour of the
                // fitter's training rows alone (all of them, or its stratified sample), not of every candidate.
                if (EarlyBehaviourQuery.FutureValues(store, firstDays, horizon, asOf) is { } candidates)
                {
                    if (candidates.Customers.Count < MinimumTrainingCustomers)
                    {
                        continue;
                    }
                    futureValues = candidates.FutureValues;
                    rows = fitter.TrainingRows(futureValues);
                    training = rows.Length == candidates.Customers.Count
                        ? EarlyBehaviourQuery.Compute(store, firstDays, horizon, asOf)
                        : EarlyBehaviourQuery.Compute(store, firstDays, horizon, asOf, [.. rows.Select(i => candidates.Customers[i])]);
                }
                else
                {
                    training = EarlyBehaviourQuery.Compute(store, firstDays, horizon, asOf);
                    if (training.Customers.Count < MinimumTrainingCustomers)
                    {
                        continue;
                    }
                    futureValues = training.ToFutureValues();
                }
            }
            catch (Core.ClienteleException)
            {
                continue;
            }
            try
            {
                ModelFits.Count("value-class");
                var model = rows is null
                    ? fitter.Fit(training.ToFeatureMatrix(), futureValues)
                    : fitter.Fit(training.ToFeatureMatrix(), futureValues, rows);
                var scoring = EarlyBehaviourQuery.ComputeForScoring(store, firstDays, horizon, asOf);
                var probability = new Dictionary<string, double>(StringComparer.Ordinal);
                if (scoring.Customers.Count > 0)
                {
                    var p = model.Predict(scoring.ToFeatureMatrix());
                    for (var i = 0; i < p.Length; i++)
                    {
                        probability[scoring.Customers[i].CustomerId] = p[i];
                    }
                }
                return new ValueClassResult(firstDays, horizon, horizonDays, model, probability) { Candidates = futureValues.Length };
            }
            catch (ValueModelException e)
            {
                skipped = $"the value class could not be modelled: {e.Message}";
                return null;
            }
        }
        skipped = $"the value class needs at least {MinimumTrainingCustomers} customers whose first {firstDays} days and a following horizon of 90 days or more are over by {asOf:yyyy-MM-dd}";
        return null;
    }
}
