using Clientele.Core;

namespace Clientele.Marketing.Statistics;

/// <summary>
/// Adjusted p-values for many tests, as statsmodels' <c>multipletests(p, method="holm")</c> and
/// <c>method="fdr_bh"</c>: an adjusted p-value below α means the test is rejected by the procedure at level α. The
/// results are monotone in the raw p-values, capped at 1, and returned in the input's order.
/// </summary>
public static class MultipleTesting
{
    /// <summary>Applies <paramref name="correction"/>.</summary>
    public static double[] Adjust(ReadOnlySpan<double> pValues, MultipleTestingCorrection correction) => correction switch
    {
        MultipleTestingCorrection.None => Checked(pValues),
        MultipleTestingCorrection.Holm => Holm(pValues),
        MultipleTestingCorrection.BenjaminiHochberg => BenjaminiHochberg(pValues),
        _ => throw new ClienteleException($"Unknown multiple-testing correction {correction}."),
    };

    /// <summary>
    /// Holm: with the p-values sorted ascending p₍₁₎ ≤ … ≤ p₍ₘ₎, adjusted p₍ᵢ₎ = min(1, maxⱼ≤ᵢ (m − j + 1) p₍ⱼ₎).
    /// </summary>
    public static double[] Holm(ReadOnlySpan<double> pValues)
    {
        var adjusted = Checked(pValues);
        var m = adjusted.Length;
        var order = SortedOrder(adjusted);
        var running = 0.0;
        for (var rank = 0; rank < m; rank++)
        {
            var index = order[rank];
            running = Math.Max(running, Math.Min(1.0, (m - rank) * pValues[index]));
            adjusted[index] = running;
        }
        return adjusted;
    }

    /// <summary>
    /// Benjamini–Hochberg: with the p-values sorted ascending, adjusted p₍ᵢ₎ = min(1, minⱼ≥ᵢ m p₍ⱼ₎ / j).
    /// </summary>
    public static double[] BenjaminiHochberg(ReadOnlySpan<double> pValues)
    {
        var adjusted = Checked(pValues);
        var m = adjusted.Length;
        var order = SortedOrder(adjusted);
        var running = 1.0;
        for (var rank = m - 1; rank >= 0; rank--)
        {
            var index = order[rank];
            running = Math.Min(running, (double)m * pValues[index] / (rank + 1));
            adjusted[index] = running;
        }
        return adjusted;
    }

    private static double[] Checked(ReadOnlySpan<double> pValues)
    {
        for (var i = 0; i < pValues.Length; i++)
        {
            if (!(pValues[i] >= 0.0 && pValues[i] <= 1.0))
            {
                throw new ClienteleException($"p-value {i} is {pValues[i]}; each must be between 0 and 1.");
            }
        }
        return pValues.ToArray();
    }

    /// <summary>The indices in ascending order of value; tied p-values get the same adjusted value whatever their order.</summary>
    private static int[] SortedOrder(double[] values)
    {
        var order = new int[values.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }
        Array.Sort((double[])values.Clone(), order);
        return order;
    }
}
