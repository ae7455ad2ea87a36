namespace Clientele.Marketing.Simulation;

/// <summary>A simulated outcome.</summary>
public sealed record SimulatedOutcome(string CustomerId, string Arm, string Segment, bool Converted, double Revenue, double PreRevenue);
