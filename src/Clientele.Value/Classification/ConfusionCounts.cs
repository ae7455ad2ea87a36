namespace Clientele.Value.Classification;

/// <summary>
/// The counts of a binary classifier at one threshold: a score at or above the threshold predicts the positive class.
/// </summary>
public readonly record struct ConfusionCounts(int TruePositives, int FalsePositives, int TrueNegatives, int FalseNegatives)
{
    /// <summary>Gets TP / (TP + FP): of those predicted positive, the share that are; 0 when none is predicted positive (scikit-learn's <c>zero_division=0</c>).</summary>
    public double Precision => TruePositives + FalsePositives == 0 ? 0.0 : (double)TruePositives / (TruePositives + FalsePositives);

    /// <summary>Gets TP / (TP + FN): of the positives, the share predicted positive; 0 when there is no positive.</summary>
    public double Recall => TruePositives + FalseNegatives == 0 ? 0.0 : (double)TruePositives / (TruePositives + FalseNegatives);

    /// <summary>Gets (TP + TN) / all.</summary>
    public double Accuracy
    {
        get
        {
            var all = TruePositives + FalsePositives + TrueNegatives + FalseNegatives;
            return all == 0 ? 0.0 : (double)(TruePositives + TrueNegatives) / all;
        }
    }

    /// <summary>Gets the share of all rows predicted positive.</summary>
    public double PredictedPositiveRate
    {
        get
        {
            var all = TruePositives + FalsePositives + TrueNegatives + FalseNegatives;
            return all == 0 ? 0.0 : (double)(TruePositives + FalsePositives) / all;
        }
    }
}
