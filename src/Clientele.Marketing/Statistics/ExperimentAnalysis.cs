namespace Clientele.Marketing.Statistics;

/// <summary>The totals of one arm.</summary>
/// <param name="Arm">The arm's name.</param>
/// <param name="Customers">The number of customers assigned to it.</param>
/// <param name="Conversions">How many of them converted.</param>
/// <param name="ConversionRate">Conversions / customers.</param>
/// <param name="Revenue">The arm's total revenue.</param>
/// <param name="RevenuePerCustomer">Revenue / customers (non-buyers count as 0).</param>
public sealed record ArmSummary(string Arm, long Customers, long Conversions, double ConversionRate, double Revenue, double RevenuePerCustomer);

/// <summary>The CUPED-adjusted revenue-per-customer effect.</summary>
/// <param name="Theta">θ = Cov(revenue, pre-revenue)/Var(pre-revenue), pooled over the two arms.</param>
/// <param name="VarianceReduction">The share of the difference's variance removed by the adjustment.</param>
/// <param name="Absolute">The adjusted difference of revenue per customer (Welch).</param>
/// <param name="Relative">The adjusted relative lift (delta method); null when the adjusted control mean is 0.</param>
public sealed record CupedEffect(double Theta, double VarianceReduction, EffectEstimate Absolute, EffectEstimate? Relative);

/// <summary>One treatment arm compared with the control.</summary>
/// <param name="Arm">The treatment arm.</param>
/// <param name="ControlArm">The control arm.</param>
/// <param name="Conversion">The absolute difference of conversion rates (two-proportion z-test).</param>
/// <param name="ConversionRelative">The relative lift of the conversion rate (delta method); null when the control has no conversions.</param>
/// <param name="RevenuePerCustomer">The absolute difference of revenue per customer (Welch's t-test).</param>
/// <param name="RevenuePerCustomerRelative">The relative lift of revenue per customer (delta method); null when the control's revenue is 0.</param>
/// <param name="ConversionBayesian">The chance to beat control for the conversion rate (Beta(1, 1) priors, absolute scale).</param>
/// <param name="RevenueBayesian">The chance to beat control for revenue per customer (normal posterior, relative scale; absolute when the control's revenue is 0).</param>
/// <param name="CupedRevenue">The CUPED-adjusted revenue effect; null unless every outcome compared carries a pre-period revenue.</param>
/// <param name="Notes">Why any of the optional results above is missing.</param>
public sealed record ArmComparison(
    string Arm,
    string ControlArm,
    EffectEstimate Conversion,
    EffectEstimate? ConversionRelative,
    EffectEstimate RevenuePerCustomer,
    EffectEstimate? RevenuePerCustomerRelative,
    BayesianResult ConversionBayesian,
    BayesianResult RevenueBayesian,
    CupedEffect? CupedRevenue,
    IReadOnlyList<string> Notes);

/// <summary>A comparison inside a segment, with its p-values adjusted across all segment tests.</summary>
/// <param name="Comparison">The comparison, with raw p-values.</param>
/// <param name="ConversionAdjustedPValue">The z-test's p-value after the multiple-testing correction.</param>
/// <param name="RevenueAdjustedPValue">The Welch test's p-value after the multiple-testing correction.</param>
public sealed record SegmentComparison(ArmComparison Comparison, double ConversionAdjustedPValue, double RevenueAdjustedPValue);

/// <summary>The analysis restricted to one segment's customers.</summary>
/// <param name="Segment">The segment's name (<see cref="ExperimentAnalyzer.NoSegment"/> for outcomes without one).</param>
/// <param name="Arms">The segment's arm totals.</param>
/// <param name="Comparisons">Each treatment arm against the control, inside the segment.</param>
/// <param name="Skipped">Comparisons that could not be made in this segment, each with its reason (too few customers).</param>
public sealed record SegmentAnalysis(string Segment, IReadOnlyList<ArmSummary> Arms, IReadOnlyList<SegmentComparison> Comparisons, IReadOnlyList<string> Skipped);

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
