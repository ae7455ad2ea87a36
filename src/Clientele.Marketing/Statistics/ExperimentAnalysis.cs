namespace Clientele.Marketing.Statistics;

/// <summary>The analysis of an experiment's outcomes.</summary>
/// <param name="ControlArm">The control arm.</param>
/// <param name="Confidence">The confidence level of every interval.</param>
/// <param name="Correction">The correction applied to the per-segment p-values.</param>
/// <param name="Customers">The number of outcomes analysed (the sum of the arms' customers).</param>
/// <param name="Arms">The arms' totals, control first, then the others in ordinal order of name.</param>
/// <param name="Comparisons">Each treatment arm against the control, over all customers.</param>
/// <param name="SampleRatio">The sample-ratio check of the arm sizes against the planned split, in the order of <see cref="Arms"/>; null when no planned split was given (<see cref="AnalysisOptions.ExpectedWeights"/>).</param>
/// <param name="Segments">The per-segment analyses, in ordinal order of segment name; empty when no outcome has a segment.</param>
public sealed record ExperimentAnalysis(
    string ControlArm,
    double Confidence,
    MultipleTestingCorrection Correction,
    long Customers,
    IReadOnlyList<ArmSummary> Arms,
    IReadOnlyList<ArmComparison> Comparisons,
    SampleRatioMismatchResult? SampleRatio,
    IReadOnlyList<SegmentAnalysis> Segments);
