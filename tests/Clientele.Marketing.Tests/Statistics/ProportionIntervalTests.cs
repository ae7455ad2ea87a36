using Clientele.Core;
using Clientele.Marketing.Statistics;

namespace Clientele.Marketing.Tests.Statistics;

public sealed class ProportionIntervalTests
{
    [Theory]
    // Expected values: the Wilson formula evaluated in plain Python floats with z = 1.959963984540054
    // (statsmodels' proportion_confint(x, n, alpha=0.05, method="wilson") uses the same formula).
    [InlineData(2, 10, 0.05668215145437519, 0.5098375284633583)]
    [InlineData(21, 100, 0.141656540619153, 0.29979968834089865)]
    public void Wilson_KnownCases_MatchTheFormula(long successes, long count, double lower, double upper)
    {
        var bounds = ProportionInterval.Wilson(successes, count);

        Numeric.Relative(lower, bounds.Lower, 1e-12, "lower");
        Numeric.Relative(upper, bounds.Upper, 1e-12, "upper");
    }

    [Fact]
    public void Wilson_NoSuccesses_StartsAtZeroWithAClosedFormUpperEnd()
    {
        // For x = 0 the Wilson upper end is z²/(n + z²): 3.841458820694124 / 53.841458820694124 for n = 50.
        var bounds = ProportionInterval.Wilson(0, 50);

        Assert.Equal(0.0, bounds.Lower, 15);
        Numeric.Relative(3.841458820694124 / 53.841458820694124, bounds.Upper, 1e-12, "upper");
    }

    [Fact]
    public void Wilson_NoCustomers_Throws() =>
        Assert.Throws<ClienteleException>(() => ProportionInterval.Wilson(0, 0));
}
