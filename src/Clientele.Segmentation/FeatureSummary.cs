namespace Clientele.Segmentation;

/// <summary>One feature of one segment, against all customers.</summary>
/// <param name="Lift">Segment mean / overall mean (1 = like everyone; NaN when the overall mean is 0).</param>
/// <param name="StandardisedDifference">(segment mean − overall mean) / overall standard deviation: how far apart, in spreads.</param>
public sealed record FeatureSummary(string Feature, double Mean, double Median, double Lift, double StandardisedDifference);
