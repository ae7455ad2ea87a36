namespace Clientele.Marketing.Statistics;

/// <summary>The analysis restricted to one segment's customers.</summary>
/// <param name="Segment">The segment's name (<see cref="ExperimentAnalyzer.NoSegment"/> for outcomes without one).</param>
/// <param name="Arms">The segment's arm totals.</param>
/// <param name="Comparisons">Each treatment arm against the control, inside the segment.</param>
/// <param name="Skipped">Comparisons that could not be made in this segment, each with its reason (too few customers).</param>
public sealed record SegmentAnalysis(string Segment, IReadOnlyList<ArmSummary> Arms, IReadOnlyList<SegmentComparison> Comparisons, IReadOnlyList<string> Skipped);
