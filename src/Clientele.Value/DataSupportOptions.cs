namespace Clientele.Value;

/// <summary>
/// The thresholds of <see cref="DataSupport"/>: when the data are too thin for a value model's numbers to be taken at
/// face value, and when a classifier is too weak to be used for decisions.
/// </summary>
public sealed record DataSupportOptions
{
    /// <summary>
    /// Gets the share of customers with no repeat purchase (x = 0) above which the transaction model is flagged: BG/NBD
    /// gives every such customer P(alive) = 1 by construction, and the models learn repeat behaviour from the few others.
    /// </summary>
    /// <value>The default value is 0.9.</value>
    public double OneTimeBuyerShare { get; init; } = 0.9;

    /// <summary>Gets the churn base rate below which it is flagged as extreme (few churners to learn from and to judge on).</summary>
    /// <value>The default value is 0.05.</value>
    public double LowBaseRate { get; init; } = 0.05;

    /// <summary>Gets the churn base rate above which it is flagged as extreme (calling everyone a churner is nearly always right).</summary>
    /// <value>The default value is 0.95.</value>
    public double HighBaseRate { get; init; } = 0.95;

    /// <summary>
    /// Gets the AUC a classifier must reach to be used for decisions; it must also have a 95 % interval above 0.5.
    /// </summary>
    /// <value>The default value is 0.6.</value>
    public double MinimumAuc { get; init; } = 0.6;

    /// <summary>Throws <see cref="ArgumentException"/> when a setting is out of range.</summary>
    /// <exception cref="ArgumentException">A setting is out of range; the message names it and its valid range.</exception>
    public void Validate()
    {
        if (!double.IsFinite(OneTimeBuyerShare) || OneTimeBuyerShare <= 0 || OneTimeBuyerShare > 1)
        {
            throw new ArgumentException($"{nameof(OneTimeBuyerShare)} must be in (0, 1], got {OneTimeBuyerShare}.", nameof(OneTimeBuyerShare));
        }
        if (!double.IsFinite(LowBaseRate) || !double.IsFinite(HighBaseRate) || LowBaseRate < 0 || HighBaseRate > 1 || LowBaseRate >= HighBaseRate)
        {
            throw new ArgumentException(
                $"{nameof(LowBaseRate)} and {nameof(HighBaseRate)} must satisfy 0 <= low < high <= 1, got {LowBaseRate} and {HighBaseRate}.", nameof(LowBaseRate));
        }
        if (!double.IsFinite(MinimumAuc) || MinimumAuc < 0.5 || MinimumAuc > 1)
        {
            throw new ArgumentException($"{nameof(MinimumAuc)} must be in [0.5, 1], got {MinimumAuc}.", nameof(MinimumAuc));
        }
    }
}
