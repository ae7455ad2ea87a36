using Clientele.Core.Maths;

namespace Clientele.Value.Tests;

/// <summary>
/// The BG/NBD expectation kernel K = (a + b + x − 1)/(a − 1) [1 − (1 − z)^(r + x) ₂F₁(r + x, b + x; a + b + x − 1; z)]
/// against mpmath 1.2.1 at 40 digits (<c>c/(a−1)*(1−(1−z)**(r+x)*hyp2f1(r+x, b+x, c, z))</c>), on both sides of the
/// switch to the direct series, and where a and b run off together as on the generated million-customer shop
/// (a = 1.3767e6, b = 3.4666e6: the transformed series overflowed there and gave NaN).
/// </summary>
public sealed class BetaGeoKernelTests
{
    [Theory]
    [InlineData(0.5, 40, 90, 3, 0.6, 2.4347796692696687974)]                  // (a − 1) z = 23.4: the transformed series
    [InlineData(0.5, 60, 90, 3, 0.6, 2.0534887004184372367)]                  // 35.4: the direct one
    [InlineData(0.44535, 1.3767e6, 3.4666e6, 2, 0.5, 1.6098801816450001983)]
    [InlineData(0.44535, 1.3767e6, 3.4666e6, 40, 0.3, 3.4844182668438912973)]
    [InlineData(0.44535, 1.3767e6, 3.4666e6, 0, 0.2, 0.10593190961298508387)]
    public void BetaGeoExpectationKernel_AgainstMpmath(double r, double a, double b, double x, double z, double expected)
    {
        var kernel = Hypergeometric.BetaGeoExpectationKernel(r, a, b, x, z, SpecialFunctions.Log1P(-z));

        Assert.Equal(expected, kernel, expected * 1e-10);
    }

    [Fact]
    public void BetaGeoExpectationKernelDirect_WhereBothSeriesServe_AgreesWithTheTransformedOne()
    {
        // (a − 1) z = 23.4, below the switch: the transformed series is what the kernel sums; the direct one agrees.
        var transformed = Hypergeometric.BetaGeoExpectationKernel(0.5, 40, 90, 3, 0.6, SpecialFunctions.Log1P(-0.6));
        var direct = Hypergeometric.BetaGeoExpectationKernelDirect(0.5, 40, 90, 3, 0.6, SpecialFunctions.Log1P(-0.6));

        Assert.Equal(transformed, direct, transformed * 1e-12);
    }
}
