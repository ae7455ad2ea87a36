namespace Clientele.Segmentation.Classification;

/// <summary>The held-out metrics of one segment, pooled over the cross-validation folds.</summary>
/// <param name="Segment">The segment id.</param>
/// <param name="Support">The number of training customers in the segment.</param>
/// <param name="Precision">The share of customers predicted as the segment that are in it (0 if none are predicted).</param>
/// <param name="Recall">The share of the segment's customers predicted as the segment.</param>
/// <param name="F1">The harmonic mean of precision and recall, 2·TP / (2·TP + FP + FN).</param>
public sealed record SegmentClassMetrics(int Segment, long Support, double Precision, double Recall, double F1);
