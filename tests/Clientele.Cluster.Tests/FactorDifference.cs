using Clientele.Recommend;

namespace Clientele.Tests;

/// <summary>How far two ALS fits of the same matrix are apart: the largest absolute difference of any user or item factor.</summary>
public static class FactorDifference
{
    public static double Largest(AlsModel a, AlsModel b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var largest = 0.0;
        for (var u = 0; u < a.Interactions.Users; u++)
        {
            largest = Math.Max(largest, Largest(a.UserFactors(u), b.UserFactors(u)));
        }
        for (var i = 0; i < a.Interactions.Items; i++)
        {
            largest = Math.Max(largest, Largest(a.ItemFactors(i), b.ItemFactors(i)));
        }
        return largest;
    }

    private static double Largest(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        var largest = 0.0;
        for (var j = 0; j < x.Length; j++)
        {
            largest = Math.Max(largest, Math.Abs(x[j] - y[j]));
        }
        return largest;
    }
}
