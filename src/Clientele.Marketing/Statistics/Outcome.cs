namespace Clientele.Marketing.Statistics;

/// <summary>What one customer in an experiment did: the arm they were assigned to and the measured result.</summary>
/// <param name="CustomerId">The customer's id; each customer appears once.</param>
/// <param name="Arm">The arm the customer was assigned to (for example "control", "treatment").</param>
/// <param name="Converted">Whether the customer converted (bought) during the measurement window.</param>
/// <param name="Revenue">The customer's revenue during the window (0 for non-buyers): the revenue-per-customer metric.</param>
/// <param name="PreRevenue">The customer's revenue in an equally long window before the experiment: CUPED's covariate.</param>
/// <param name="Segment">The customer's segment, for the per-segment breakdown; null when not segmented.</param>
public sealed record Outcome(string CustomerId, string Arm, bool Converted, double Revenue, double? PreRevenue = null, string? Segment = null);
