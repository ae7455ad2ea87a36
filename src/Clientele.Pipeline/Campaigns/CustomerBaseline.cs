using Clientele.Marketing.Audience;

namespace Clientele.Pipeline.Campaigns;

/// <summary>
/// What a customer's history says they would do in a campaign window of <c>days</c> days without any treatment:
/// purchases arrive at their historical rate, frequency / max(tenure_days, days) orders a day, so the chance of at
/// least one is 1 − exp(−rate·days), times p_alive when the profile has it (a lapsed customer's old rate overstates
/// them); a purchase is worth their average order value. The power check's fall-back and the simulator use it; the
/// simulator scales it to the back-tested rate (<see cref="Calibrate"/>) when there is one, since on a shop of one-time
/// buyers the historical rate overstates the conversion by orders of magnitude.
/// </summary>
public static class CustomerBaseline
{
    /// <summary>The chance that the customer in <paramref name="row"/> buys in a window of <paramref name="days"/> days.</summary>
    public static double Conversion(ProfileTable profile, int row, int days)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var frequency = Number(profile, row, "frequency", 0);
        var tenure = Number(profile, row, "tenure_days", days);
        var rate = frequency / Math.Max(tenure, days);
        var p = 1 - Math.Exp(-rate * days);
        var alive = Number(profile, row, "p_alive", 1);
        return Math.Clamp(p * alive, 0, 1);
    }

    /// <summary>
    /// Scales each customer's chance so that they average <paramref name="target"/> (a back-tested rate), keeping who
    /// is likelier than whom: p_i × target / mean(p), capped at 1 (a cap that bites leaves the mean a little short). When
    /// every chance is 0 there is nothing to scale, and each customer gets the target.
    /// </summary>
    public static double[] Calibrate(IReadOnlyList<double> chances, double target)
    {
        ArgumentNullException.ThrowIfNull(chances);
        if (chances.Count == 0)
        {
            return [];
        }
        var mean = chances.Average();
        return mean > 0
            ? chances.Select(p => Math.Clamp(p * target / mean, 0, 1)).ToArray()
            : chances.Select(_ => Math.Clamp(target, 0, 1)).ToArray();
    }

    /// <summary>The customer's average order value (0 when unknown).</summary>
    public static double OrderValue(ProfileTable profile, int row) => Math.Max(0, Number(profile, row, "average_order_value", 0));

    private static double Number(ProfileTable profile, int row, string column, double missing)
    {
        if (!profile.HasColumn(column))
        {
            return missing;
        }
        var value = profile.Number(row, column);
        return double.IsFinite(value) ? value : missing;
    }
}
