using Clientele.Value.Classification;

namespace Clientele.Value.Churn;

/// <summary>A churn model trained at one cutoff and scored at a later one.</summary>
/// <param name="Model">The model trained on the earlier cutoff's customers.</param>
/// <param name="TrainingRows">Customers at the training cutoff.</param>
/// <param name="TrainingChurnRate">Share of churners at the training cutoff.</param>
/// <param name="Test">The model's metrics on the later cutoff's customers (AUC, precision and recall at the threshold, Brier score, log loss, base rate, calibration).</param>
public sealed record ChurnEvaluationResult(ChurnModel Model, int TrainingRows, double TrainingChurnRate, BinaryEvaluation Test);
