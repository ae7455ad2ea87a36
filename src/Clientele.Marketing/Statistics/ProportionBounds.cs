namespace Clientele.Marketing.Statistics;

/// <summary>A confidence interval of one proportion.</summary>
public readonly record struct ProportionBounds(double Lower, double Upper);
