namespace Clientele.Marketing.Statistics;

/// <summary>
/// The result of a sample-ratio-mismatch check: Pearson's chi-square goodness of fit of the observed arm sizes to the
/// planned split.
/// </summary>
/// <param name="ChiSquare">Σ (observed − expected)² / expected.</param>
/// <param name="DegreesOfFreedom">The number of arms − 1.</param>
/// <param name="PValue">P(χ²_df &gt; statistic).</param>
/// <param name="Mismatch">Whether <see cref="PValue"/> is below <see cref="Threshold"/>: the split is not what was planned.</param>
/// <param name="Threshold">The p-value below which a mismatch is declared.</param>
/// <param name="ExpectedCounts">The expected size of each arm under the planned split, in the input's order.</param>
public sealed record SampleRatioMismatchResult(double ChiSquare, int DegreesOfFreedom, double PValue, bool Mismatch, double Threshold, IReadOnlyList<double> ExpectedCounts);
