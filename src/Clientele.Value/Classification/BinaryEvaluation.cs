namespace Clientele.Value.Classification;

/// <summary>How well probabilities predict a binary outcome, on one set of rows.</summary>
/// <param name="Count">Rows scored.</param>
/// <param name="Positives">Rows whose label is true.</param>
/// <param name="BaseRate">Positives / Count: the precision of predicting everyone positive, and the Brier score reference.</param>
/// <param name="Auc">Area under the ROC curve (ties count one half).</param>
/// <param name="Threshold">The threshold of <paramref name="AtThreshold"/>.</param>
/// <param name="AtThreshold">Counts, precision and recall when a probability at or above <paramref name="Threshold"/> predicts positive.</param>
/// <param name="BrierScore">Mean squared difference between probability and outcome (0 is perfect; predicting the base rate scores BaseRate × (1 − BaseRate)).</param>
/// <param name="LogLoss">Mean negative log-likelihood of the outcomes, natural log, probabilities clipped to [1e-15, 1 − 1e-15] as scikit-learn does.</param>
/// <param name="Calibration">The non-empty bins of the reliability table.</param>
public sealed record BinaryEvaluation(
    int Count,
    int Positives,
    double BaseRate,
    double Auc,
    double Threshold,
    ConfusionCounts AtThreshold,
    double BrierScore,
    double LogLoss,
    IReadOnlyList<CalibrationBin> Calibration)
{
    public double Precision => AtThreshold.Precision;

    public double Recall => AtThreshold.Recall;
}
