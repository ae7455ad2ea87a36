using Clientele.Core;
using Clientele.Value.Classification;

namespace Clientele.Value.Churn;

/// <summary>
/// Time-based evaluation of churn scores: train on the customers at cutoff c − h (labels from [c − h, c)), test on the
/// customers at cutoff c (labels from [c, c + h)), so that nothing the model learns comes from the period it is judged
/// on. <see cref="Compare"/> then scores the same test customers with 1 − P(alive) from a BG/NBD fitted at c. Above
/// <see cref="ChurnOptions.SampleLimit"/> test customers, both evaluate the same seeded sample of that many, stratified
/// by label (the model's options and the labels choose it), as the fit samples its training customers.
/// </summary>
public static class ChurnEvaluation
{
    /// <summary>Trains on the earlier cutoff's customers and evaluates on the later one's.</summary>
    /// <param name="trainCustomers">Features at the training cutoff (c − h).</param>
    /// <param name="trainChurned">Their labels: no purchase in [c − h, c).</param>
    /// <param name="testCustomers">Features at the test cutoff c.</param>
    /// <param name="testChurned">Their labels: no purchase in [c, c + h).</param>
    /// <param name="options">The trainer's settings (its <see cref="ChurnOptions.Threshold"/> sets precision and recall).</param>
    /// <param name="calibrationBins">Bins of the calibration table.</param>
    /// <exception cref="ValueModelException">Either set is empty, has only one class, or its lists differ in length.</exception>
    public static ChurnEvaluationResult Evaluate(
        IReadOnlyList<CustomerFeatures> trainCustomers,
        IReadOnlyList<bool> trainChurned,
        IReadOnlyList<CustomerFeatures> testCustomers,
        IReadOnlyList<bool> testChurned,
        ChurnOptions? options = null,
        int calibrationBins = 10)
        => Evaluate(trainCustomers, trainChurned, null, testCustomers, testChurned, null, options, calibrationBins);

    /// <summary>As the other overload, with behaviour columns at each cutoff (both null, or both with the same columns).</summary>
    /// <param name="trainBehaviour">Behaviour columns of the training customers as of the training cutoff, or null.</param>
    /// <param name="testBehaviour">The same columns of the test customers as of the test cutoff, or null.</param>
    /// <param name="trainingChurnRate">The churn rate of all the customers at the training cutoff when <paramref name="trainCustomers"/> are a sample of them (<see cref="ChurnFitter.SampleRows"/>); null for theirs.</param>
    /// <exception cref="ValueModelException">As the other overload, or the behaviour rows or columns do not pair up.</exception>
    public static ChurnEvaluationResult Evaluate(
        IReadOnlyList<CustomerFeatures> trainCustomers,
        IReadOnlyList<bool> trainChurned,
        FeatureMatrix? trainBehaviour,
        IReadOnlyList<CustomerFeatures> testCustomers,
        IReadOnlyList<bool> testChurned,
        FeatureMatrix? testBehaviour,
        ChurnOptions? options = null,
        int calibrationBins = 10,
        double? trainingChurnRate = null)
    {
        var trainer = new ChurnFitter(options ?? new ChurnOptions());
        var labels = ChurnFitter.CheckLabels(testCustomers, testChurned, "evaluate a churn model");
        var model = trainer.Fit(trainCustomers, trainChurned, trainBehaviour, trainingChurnRate);
        (testCustomers, testBehaviour, labels) = ChurnFitter.Sample(testCustomers, testBehaviour, labels, trainer.Options);
        var scores = model.Predict(testCustomers, testBehaviour);
        var test = BinaryMetrics.Evaluate(scores, labels, trainer.Options.Threshold, calibrationBins);
        return new ChurnEvaluationResult(model, model.TrainingRows, model.TrainingChurnRate, test);
    }

    /// <summary>
    /// Scores the same test customers three ways, side by side: the supervised model's P(churn), 1 − P(alive) from a
    /// transaction model (BG/NBD or Pareto/NBD) fitted at the test cutoff, and, for BG/NBD, its own probability of no
    /// purchase in the horizon (<see cref="BetaGeoChurn.ProbabilityOfNoPurchase"/>). Customers are matched to their
    /// summaries by id; a customer without one (no purchase day the summaries count, such as an order cancelled the same
    /// day) is left out of all three, so the three evaluations are on identical rows.
    /// </summary>
    /// <param name="model">The supervised churn model (trained on an earlier cutoff); its threshold is used for all three.</param>
    /// <param name="transactionModel">BG/NBD or Pareto/NBD fitted to the summaries at the test cutoff.</param>
    /// <param name="horizon">The label's horizon in the summaries' time unit (90 days = 90/7 weeks).</param>
    /// <param name="summaries">The customers' x, t_x, T at the test cutoff (others are ignored).</param>
    /// <param name="customers">The test customers' features at the test cutoff.</param>
    /// <param name="churned">Their labels.</param>
    /// <param name="calibrationBins">Bins of the calibration tables.</param>
    /// <param name="behaviour">The test customers' behaviour columns when the model takes them (<see cref="ChurnModel.BehaviourColumns"/>), else null.</param>
    /// <exception cref="ValueModelException">No test customer has a summary, a summary breaks a rule, or the matched labels have one class.</exception>
    public static ChurnComparison Compare(
        ChurnModel model,
        ITransactionModel transactionModel,
        double horizon,
        IReadOnlyList<CustomerSummary> summaries,
        IReadOnlyList<CustomerFeatures> customers,
        IReadOnlyList<bool> churned,
        int calibrationBins = 10,
        FeatureMatrix? behaviour = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(transactionModel);
        ArgumentNullException.ThrowIfNull(summaries);
        var labels = ChurnFitter.CheckLabels(customers, churned, "evaluate churn scores");
        (customers, behaviour, labels) = ChurnFitter.Sample(customers, behaviour, labels, model.Options);
        var byId = new Dictionary<string, CustomerSummary>(summaries.Count, StringComparer.Ordinal);
        foreach (var s in summaries)
        {
            byId[s.CustomerId] = s;
        }
        var matched = new List<int>(customers.Count);
        for (var i = 0; i < customers.Count; i++)
        {
            if (byId.ContainsKey(customers[i].CustomerId))
            {
                matched.Add(i);
            }
        }
        if (matched.Count == 0)
        {
            throw new ValueModelException("No test customer has a purchase-history summary: build the summaries and the churn dataset from the same store at the same cutoff.");
        }
        var matchedLabels = matched.Select(i => labels[i]).ToArray();
        var matchedSummaries = matched.Select(i => byId[customers[i].CustomerId]).ToArray();
        var threshold = model.Options.Threshold;
        var supervised = model.Predict(matched.Select(i => customers[i]).ToArray(), behaviour?.SelectRows(matched));
        var notAlive = matchedSummaries.Select(s => Math.Clamp(1.0 - transactionModel.ProbabilityAlive(s.Frequency, s.Recency, s.Age), 0.0, 1.0)).ToArray();
        BinaryEvaluation? noPurchase = null;
        if (transactionModel is BetaGeoModel betaGeo)
        {
            var p = matchedSummaries.Select(s => Math.Clamp(betaGeo.ProbabilityOfNoPurchase(horizon, s), 0.0, 1.0)).ToArray();
            noPurchase = BinaryMetrics.Evaluate(p, matchedLabels, threshold, calibrationBins);
        }
        return new ChurnComparison(
            matched.Count,
            customers.Count - matched.Count,
            BinaryMetrics.Evaluate(supervised, matchedLabels, threshold, calibrationBins),
            BinaryMetrics.Evaluate(notAlive, matchedLabels, threshold, calibrationBins),
            noPurchase);
    }
}
