using Clientele.Marketing.Statistics;
using Xunit.Abstractions;

namespace Clientele.Marketing.Tests.Statistics;

/// <summary>
/// The intervals' frequentist promise: over many experiments with a known true effect, a 95% interval covers it about
/// 95% of the time. With 1,000 experiments the rate's standard error is √(0.95 × 0.05/1000) ≈ 0.007, so [0.93, 0.97]
/// is about ±3 standard errors.
/// </summary>
public sealed class CoverageTests(ITestOutputHelper output)
{
    private const int Experiments = 1000;

    [Fact]
    public void Intervals_ThousandSimulatedExperiments_Cover95Percent()
    {
        var random = new Random(20261124);
        // Means: control ~ N(10, 4²) with 150 customers, treatment ~ N(10.5, 6²) with 120 (unequal variances and sizes,
        // where Welch matters). True absolute effect 0.5, relative 0.05.
        // Proportions: 10% vs 12%, 2,000 customers each; true difference 0.02, relative 0.2.
        int welchCovered = 0, relativeCovered = 0, zCovered = 0, cupedCovered = 0, conversionRelativeCovered = 0;
        var control = new double[150];
        var treatment = new double[120];
        var controlPre = new double[150];
        var treatmentPre = new double[120];
        for (var e = 0; e < Experiments; e++)
        {
            for (var i = 0; i < control.Length; i++)
            {
                controlPre[i] = 10.0 + (4.0 * CupedTests.Gaussian(random));
                control[i] = 10.0 + (0.6 * (controlPre[i] - 10.0)) + (3.2 * CupedTests.Gaussian(random));
            }
            for (var i = 0; i < treatment.Length; i++)
            {
                treatmentPre[i] = 10.0 + (4.0 * CupedTests.Gaussian(random));
                treatment[i] = 10.5 + (0.9 * (treatmentPre[i] - 10.0)) + (4.8 * CupedTests.Gaussian(random));
            }
            var c = ArmSample.FromValues(control);
            var t = ArmSample.FromValues(treatment);
            welchCovered += Covers(FrequentistTests.WelchTTest(c, t), 0.5);
            relativeCovered += Covers(FrequentistTests.RelativeEffect(c, t), 0.05);
            cupedCovered += Covers(Cuped.WelchTTest(CovariateSample.FromValues(control, controlPre), CovariateSample.FromValues(treatment, treatmentPre)), 0.5);

            int controlConversions = 0, treatmentConversions = 0;
            for (var i = 0; i < 2000; i++)
            {
                controlConversions += random.NextDouble() < 0.10 ? 1 : 0;
                treatmentConversions += random.NextDouble() < 0.12 ? 1 : 0;
            }
            zCovered += Covers(FrequentistTests.TwoProportionZTest(controlConversions, 2000, treatmentConversions, 2000), 0.02);
            conversionRelativeCovered += Covers(FrequentistTests.RelativeEffect(controlConversions, 2000, treatmentConversions, 2000), 0.2);
        }

        var rates = new (string Path, double Rate)[]
        {
            ("Welch (absolute)", (double)welchCovered / Experiments),
            ("delta method (relative)", (double)relativeCovered / Experiments),
            ("z-test (absolute)", (double)zCovered / Experiments),
            ("CUPED Welch (absolute)", (double)cupedCovered / Experiments),
            ("delta method on conversion (relative)", (double)conversionRelativeCovered / Experiments),
        };
        foreach (var (path, rate) in rates)
        {
            output.WriteLine($"95% interval coverage over {Experiments} simulated experiments, {path}: {rate:F3}");
        }
        Assert.All(rates, r => Assert.InRange(r.Rate, 0.93, 0.97));
    }

    private static int Covers(EffectEstimate estimate, double truth) => estimate.Lower <= truth && truth <= estimate.Upper ? 1 : 0;
}
