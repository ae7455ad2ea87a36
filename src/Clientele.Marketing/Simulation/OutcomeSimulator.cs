using Clientele.Core.Maths;

namespace Clientele.Marketing.Simulation;

/// <summary>
/// Generates plausible outcomes of a campaign with a known effect, seeded: each customer converts with their baseline
/// probability plus the true effect of their arm and segment (none in the control), clipped to [0, 1]; a buyer spends
/// their order value times a Gamma(2, 1/2) factor (mean 1, coefficient of variation 0.71), so revenue is skewed as
/// real order values are. The expected effect of an arm is therefore known exactly (<see cref="ExpectedConversionEffect"/>).
/// </summary>
public sealed class OutcomeSimulator(string controlArm, int seed)
{
    /// <summary>The shape of the Gamma factor on order values.</summary>
    public const double SpendShape = 2;

    public IReadOnlyList<SimulatedOutcome> Simulate(IReadOnlyList<SimulatedCustomer> customers, TrueEffects effects)
    {
        ArgumentNullException.ThrowIfNull(customers);
        ArgumentNullException.ThrowIfNull(effects);
        var random = new Random(seed);
        var outcomes = new SimulatedOutcome[customers.Count];
        for (var i = 0; i < customers.Count; i++)
        {
            var c = customers[i];
            var p = Probability(c, effects);
            var converted = random.NextDouble() < p;
            var revenue = converted ? c.OrderValue * RandomVariates.Gamma(random, SpendShape) / SpendShape : 0;
            outcomes[i] = new SimulatedOutcome(c.CustomerId, c.Arm, c.Segment, converted, Math.Round(revenue, 2), c.PreRevenue);
        }
        return outcomes;
    }

    /// <summary>
    /// The true average effect on conversion of <paramref name="arm"/> against the control over the given customers
    /// (each customer's treated minus untreated probability, after clipping), i.e. what an unbiased estimate targets.
    /// </summary>
    public static double ExpectedConversionEffect(IReadOnlyList<SimulatedCustomer> customers, TrueEffects effects, string arm)
    {
        ArgumentNullException.ThrowIfNull(customers);
        ArgumentNullException.ThrowIfNull(effects);
        return customers.Count == 0 ? 0 : customers.Average(c => Math.Clamp(c.BaselineConversion + effects.For(arm, c.Segment), 0, 1) - Math.Clamp(c.BaselineConversion, 0, 1));
    }

    private double Probability(SimulatedCustomer c, TrueEffects effects) =>
        Math.Clamp(c.BaselineConversion + (c.Arm == controlArm ? 0 : effects.For(c.Arm, c.Segment)), 0, 1);
}
