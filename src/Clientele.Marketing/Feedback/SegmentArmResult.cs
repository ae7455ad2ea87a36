namespace Clientele.Marketing.Feedback;

/// <summary>
/// One arm's stored result in one segment of an earlier run: its customers and conversions, and its effect on the
/// primary metric against the control of the same segment (absolute), with the p-value after the multiple-testing
/// correction. The control's own row has a null effect.
/// </summary>
public sealed record SegmentArmResult(string Segment, string Arm, long Customers, long Conversions, double? Effect, double? AdjustedPValue);
