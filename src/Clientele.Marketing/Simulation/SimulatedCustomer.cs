namespace Clientele.Marketing.Simulation;

/// <summary>One customer as the simulator sees them: their arm and segment, and what their history says they would do untreated.</summary>
/// <param name="BaselineConversion">The chance of buying in the campaign window without treatment.</param>
/// <param name="OrderValue">What one purchase is worth on average (their average order value).</param>
/// <param name="PreRevenue">Their revenue in the same length of time before the start (copied to the outcome, for CUPED).</param>
public sealed record SimulatedCustomer(string CustomerId, string Arm, string Segment, double BaselineConversion, double OrderValue, double PreRevenue);
