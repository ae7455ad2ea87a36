namespace Clientele.Marketing.Statistics;

/// <summary>A comparison inside a segment, with its p-values adjusted across all segment tests.</summary>
/// <param name="Comparison">The comparison, with raw p-values.</param>
/// <param name="ConversionAdjustedPValue">The z-test's p-value after the multiple-testing correction.</param>
/// <param name="RevenueAdjustedPValue">The Welch test's p-value after the multiple-testing correction.</param>
public sealed record SegmentComparison(ArmComparison Comparison, double ConversionAdjustedPValue, double RevenueAdjustedPValue);
