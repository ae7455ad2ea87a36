using Clientele.Marketing.Campaigns;

namespace Clientele.Marketing.Assignment;

/// <summary>
/// Deterministic assignment of customers to arms: the customer's <see cref="GrowthBookHash"/> bucket under the
/// campaign's seed, the first <see cref="CampaignSpec.HoldoutShare"/> of [0, 1) the holdout, the rest cut into
/// consecutive ranges in proportion to the arm weights (GrowthBook's bucket ranges). Re-running gives the same arm.
/// </summary>
public sealed class ArmAssigner
{
    /// <summary>The arm index returned for the holdout.</summary>
    public const int Holdout = -1;

    private readonly string _seed;
    private readonly double _holdout;
    private readonly double[] _upper;

    public ArmAssigner(string seed, IReadOnlyList<double> weights, double holdoutShare = 0)
    {
        ArgumentNullException.ThrowIfNull(seed);
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Count == 0 || weights.Any(w => !(w > 0) || double.IsInfinity(w)))
        {
            throw new ArgumentException("Every arm needs a positive weight.", nameof(weights));
        }
        if (!(holdoutShare >= 0 && holdoutShare < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(holdoutShare), holdoutShare, "The holdout share must be in [0, 1).");
        }
        _seed = seed;
        _holdout = holdoutShare;
        var total = weights.Sum();
        _upper = new double[weights.Count];
        var cumulative = 0.0;
        for (var i = 0; i < weights.Count; i++)
        {
            cumulative += weights[i] / total;
            // Rounded so that a bound meant to be 0.6 is not 0.6000000000000001 (buckets sit on a 1/10,000 grid).
            _upper[i] = Math.Round(holdoutShare + (1 - holdoutShare) * cumulative, 9);
        }
        _upper[^1] = 1; // no bucket falls through on rounding
    }

    /// <summary>An assigner for the spec's arms, weights and holdout.</summary>
    public static ArmAssigner For(CampaignSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new ArmAssigner(spec.Seed, spec.Arms.Select(a => a.Weight).ToArray(), spec.HoldoutShare);
    }

    /// <summary>The bucket of a customer, in [0, 1).</summary>
    public double Bucket(string customerId) => GrowthBookHash.Hash(_seed, customerId);

    /// <summary>The arm index of a customer, or <see cref="Holdout"/>.</summary>
    public int Assign(string customerId) => ArmOf(Bucket(customerId));

    /// <summary>The arm index of a bucket, or <see cref="Holdout"/>.</summary>
    public int ArmOf(double bucket)
    {
        if (bucket < _holdout)
        {
            return Holdout;
        }
        for (var i = 0; i < _upper.Length; i++)
        {
            if (bucket < _upper[i])
            {
                return i;
            }
        }
        return _upper.Length - 1;
    }
}
