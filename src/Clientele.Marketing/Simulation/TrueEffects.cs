namespace Clientele.Marketing.Simulation;

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
