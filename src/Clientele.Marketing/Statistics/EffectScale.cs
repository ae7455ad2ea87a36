namespace Clientele.Marketing.Statistics;

/// <summary>The scale an effect is measured on.</summary>
public enum EffectScale
{
    /// <summary>Treatment minus control, in the metric's own units (percentage points for a rate).</summary>
    Absolute,

    /// <summary>(Treatment − control) / control: a lift, 0.05 meaning +5%.</summary>
    Relative,
}
