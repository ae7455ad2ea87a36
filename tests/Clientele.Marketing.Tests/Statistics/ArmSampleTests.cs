using Clientele.Core;
using Clientele.Marketing.Statistics;

namespace Clientele.Marketing.Tests.Statistics;

/// <summary>The sufficient statistics: numpy's mean and var(ddof=1) of the same values, and bad input.</summary>
public sealed class ArmSampleTests
{
    [Fact]
    public void FromValues_MeanAndVariance_MatchNumpy()
    {
        // np.mean / np.var(ddof=1) of [19.5, 0, 23.1, 7.25, 0, 41, 12.3, 5.5, 0, 30.2]: 13.885, 201.45224999999996.
        var sample = ArmSample.FromValues([19.5, 0.0, 23.1, 7.25, 0.0, 41.0, 12.3, 5.5, 0.0, 30.2]);

        Assert.Equal(10, sample.Count);
        Numeric.Relative(13.885, sample.Mean, 1e-14, "mean");
        Numeric.Relative(201.45224999999996, sample.Variance, 1e-12, "variance");
    }

    [Fact]
    public void FromConversions_IsSumEqualsSumOfSquares()
    {
        var sample = ArmSample.FromConversions(30, 120);

        Assert.Equal(new ArmSample(120, 30, 30), sample);
        Numeric.Relative(0.25 * 0.75 * 120 / 119, sample.Variance, 1e-14, "sample variance of a 0/1 metric");
        Numeric.Relative(0.25 * 0.75, ArmMoments.FromProportion(30, 120).Variance, 1e-14, "GrowthBook's p(1 − p)");
    }

    [Fact]
    public void Combine_AddsTheSums() =>
        Assert.Equal(new ArmSample(5, 9, 31), new ArmSample(2, 3, 5).Combine(new ArmSample(3, 6, 26)));

    [Fact]
    public void FromValues_NonFiniteValue_ThrowsClienteleException() =>
        Assert.Throws<ClienteleException>(() => ArmSample.FromValues([1.0, double.PositiveInfinity]));

    [Fact]
    public void CovariateSample_LengthsDiffer_ThrowsClienteleException() =>
        Assert.Throws<ClienteleException>(() => CovariateSample.FromValues([1.0, 2.0], [1.0]));
}
