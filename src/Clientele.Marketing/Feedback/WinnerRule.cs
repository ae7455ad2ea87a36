namespace Clientele.Marketing.Feedback;

/// <summary>
/// The documented rule for preferring, per segment, the arm that won the previous run: in a segment, a treatment arm
/// won when its effect on the primary metric was positive and its p-value after the multiple-testing correction was
/// below alpha; when several won, the one with the largest effect. In such a segment the next plan gives every
/// treated customer that arm, while the control keeps its share so the effect is still measured. A segment without a
/// winner keeps the spec's split.
/// </summary>
public static class WinnerRule
{
    /// <summary>The winning arm per segment (segments without one are absent).</summary>
    public static IReadOnlyDictionary<string, string> Winners(IEnumerable<SegmentArmResult> results, double alpha)
    {
        ArgumentNullException.ThrowIfNull(results);
        return results
            .Where(r => r.Effect is > 0 && r.AdjustedPValue is { } p && p < alpha)
            .GroupBy(r => r.Segment, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(r => r.Effect).ThenBy(r => r.Arm, StringComparer.Ordinal).First().Arm, StringComparer.Ordinal);
    }

    /// <summary>
    /// Arm weights per segment: the control keeps <paramref name="weights"/>[<paramref name="control"/>], the winner
    /// gets the rest, other treatments nothing.
    /// </summary>
    public static IReadOnlyDictionary<string, double[]> SegmentWeights(
        IReadOnlyDictionary<string, string> winners, IReadOnlyList<string> arms, IReadOnlyList<double> weights, int control)
    {
        ArgumentNullException.ThrowIfNull(winners);
        ArgumentNullException.ThrowIfNull(arms);
        ArgumentNullException.ThrowIfNull(weights);
        var result = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var (segment, winner) in winners)
        {
            var index = arms.ToList().IndexOf(winner);
            if (index < 0 || index == control)
            {
                continue; // an arm no longer in the spec: keep the split
            }
            var w = new double[arms.Count];
            w[control] = weights[control];
            w[index] = 1 - weights[control];
            result[segment] = w;
        }
        return result;
    }
}
