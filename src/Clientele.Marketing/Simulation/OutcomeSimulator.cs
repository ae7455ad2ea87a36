using Clientele.Core.Maths;

namespace Clientele.Marketing.Simulation;

/// <summary>One customer as the simulator sees them: their arm and segment, and what their history says they would do untreated.</summary>
/// <param name="BaselineConversion">The chance of buying in the campaign window without treatment.</param>
/// <param name="OrderValue">What one purchase is worth on average (their average order value).</param>
/// <param name="PreRevenue">Their revenue in the same length of time before the start (copied to the outcome, for CUPED).</param>
public sealed record SimulatedCustomer(string CustomerId, string Arm, string Segment, double BaselineConversion, double OrderValue, double PreRevenue);

/// <summary>A simulated outcome.</summary>
public sealed record SimulatedOutcome(string CustomerId, string Arm, string Segment, bool Converted, double Revenue, double PreRevenue);

/// <summary>
/// The true effect of the treatment: an absolute change of the conversion probability (0.03 = +3 points), per
/// segment and optionally per arm. <see cref="For"/> looks up (arm, segment), then (any arm, segment), then
/// (arm, any segment), then (any, any), then 0.
/// </summary>
public sealed class TrueEffects
{
    public const string Any = "*";

    private readonly Dictionary<(string Arm, string Segment), double> _effects = [];

    public void Set(string arm, string segment, double effect)
    {
        if (double.IsNaN(effect) || effect <= -1 || effect >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(effect), effect, "An absolute change of a probability is in (−1, 1).");
        }
        _effects[(arm, segment)] = effect;
    }

    public double For(string arm, string segment) =>
        _effects.TryGetValue((arm, segment), out var e) ? e
        : _effects.TryGetValue((Any, segment), out e) ? e
        : _effects.TryGetValue((arm, Any), out e) ? e
        : _effects.TryGetValue((Any, Any), out e) ? e
        : 0;
}

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
