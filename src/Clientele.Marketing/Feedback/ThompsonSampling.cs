using Clientele.Core.Maths;

namespace Clientele.Marketing.Feedback;

/// <summary>
/// A Thompson-sampling bandit across the treatment arms of each segment: each arm's conversion rate has the posterior
/// Beta(1 + conversions, 1 + customers − conversions); the treated share of the segment is split in proportion to each
/// arm's probability of having the highest rate, estimated from <see cref="Draws"/> seeded draws. The control keeps
/// its share, so the campaign keeps measuring.
/// </summary>
public sealed class ThompsonSampling(int seed, int draws = ThompsonSampling.DefaultDraws)
{
    public const int DefaultDraws = 10_000;

    public int Draws { get; } = draws > 0 ? draws : throw new ArgumentOutOfRangeException(nameof(draws), draws, "At least one draw.");

    /// <summary>Arm weights per segment that has results for every treatment arm.</summary>
    public IReadOnlyDictionary<string, double[]> SegmentWeights(IEnumerable<SegmentArmResult> results, IReadOnlyList<string> arms, IReadOnlyList<double> weights, int control)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(arms);
        ArgumentNullException.ThrowIfNull(weights);
        var output = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var segment in results.GroupBy(r => r.Segment, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var byArm = segment.ToDictionary(r => r.Arm, StringComparer.Ordinal);
            var treatments = Enumerable.Range(0, arms.Count).Where(i => i != control).ToArray();
            if (treatments.Any(i => !byArm.ContainsKey(arms[i])))
            {
                continue;
            }
            var posteriors = treatments.Select(i => (Alpha: 1.0 + byArm[arms[i]].Conversions, Beta: 1.0 + byArm[arms[i]].Customers - byArm[arms[i]].Conversions)).ToArray();
            var best = ProbabilityBest(posteriors, Seed(segment.Key));
            var w = new double[arms.Count];
            w[control] = weights[control];
            for (var t = 0; t < treatments.Length; t++)
            {
                w[treatments[t]] = (1 - weights[control]) * best[t];
            }
            output[segment.Key] = w;
        }
        return output;
    }

    /// <summary>P(arm t has the highest rate) for each Beta posterior, by Monte Carlo.</summary>
    public double[] ProbabilityBest(IReadOnlyList<(double Alpha, double Beta)> posteriors, int drawSeed)
    {
        ArgumentNullException.ThrowIfNull(posteriors);
        var random = new Random(drawSeed);
        var wins = new int[posteriors.Count];
        for (var d = 0; d < Draws; d++)
        {
            var bestArm = 0;
            var bestValue = double.NegativeInfinity;
            for (var t = 0; t < posteriors.Count; t++)
            {
                var value = RandomVariates.Beta(random, posteriors[t].Alpha, posteriors[t].Beta);
                if (value > bestValue)
                {
                    bestValue = value;
                    bestArm = t;
                }
            }
            wins[bestArm]++;
        }
        return wins.Select(w => (double)w / Draws).ToArray();
    }

    /// <summary>The seed for one segment: the bandit's seed and the segment's name, so segments draw independently.</summary>
    private int Seed(string segment) => unchecked((int)Assignment.GrowthBookHash.Fnv1a32(seed.ToString(System.Globalization.CultureInfo.InvariantCulture) + ":" + segment));
}
