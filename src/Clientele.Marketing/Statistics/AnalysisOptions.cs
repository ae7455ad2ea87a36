using Clientele.Core;

namespace Clientele.Marketing.Statistics;

/// <summary>Settings for <see cref="ExperimentAnalyzer.Analyze"/>.</summary>
public sealed record AnalysisOptions
{
    /// <summary>Gets the name of the control arm every other arm is compared with.</summary>
    /// <value>The default value is "control".</value>
    public string ControlArm { get; init; } = "control";

    /// <summary>
    /// Gets the planned split, arm → weight (any positive scale), for the sample-ratio check. Every arm with outcomes
    /// needs a weight; an arm with a weight but no outcomes is an error (it has fewer than 2 customers).
    /// </summary>
    /// <value>
    /// The default value is null: the planned split is unknown and the ratio is not checked (assuming an equal split
    /// raises a false alarm on every planned 40/30/30).
    /// </value>
    public IReadOnlyDictionary<string, double>? ExpectedWeights { get; init; }

    /// <summary>Gets the confidence level of the intervals (and the credibility of the Bayesian intervals).</summary>
    /// <value>The default value is 0.95.</value>
    public double Confidence { get; init; } = 0.95;

    /// <summary>Gets the correction applied to the p-values of the per-segment tests.</summary>
    /// <value>The default value is <see cref="MultipleTestingCorrection.Holm"/>.</value>
    public MultipleTestingCorrection Correction { get; init; } = MultipleTestingCorrection.Holm;

    /// <summary>Gets the p-value below which the sample-ratio check declares a mismatch.</summary>
    /// <value>The default value is 0.001 (GrowthBook's).</value>
    public double SampleRatioThreshold { get; init; } = SampleRatioMismatch.DefaultThreshold;

    /// <summary>Throws <see cref="ClienteleException"/> when a setting is out of range.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ControlArm))
        {
            throw new ClienteleException("The control arm's name is empty; name the arm the others are compared with (default \"control\").");
        }
        Validation.Confidence(Confidence);
        if (!(SampleRatioThreshold > 0.0 && SampleRatioThreshold < 1.0))
        {
            throw new ClienteleException($"The sample-ratio threshold is {SampleRatioThreshold}; it must be strictly between 0 and 1 (default 0.001).");
        }
        if (!Enum.IsDefined(Correction))
        {
            throw new ClienteleException($"Unknown multiple-testing correction {Correction}.");
        }
        if (ExpectedWeights is not null)
        {
            foreach (var (arm, weight) in ExpectedWeights)
            {
                if (!(weight > 0.0) || !double.IsFinite(weight))
                {
                    throw new ClienteleException($"Arm '{arm}' has expected weight {weight}; each weight must be a positive number.");
                }
            }
        }
    }
}
