using Clientele.Core;
using Clientele.Marketing.Statistics;

namespace Clientele.Marketing.Tests.Statistics;

/// <summary>
/// The analyzer end to end on outcomes built by a formula that Python rebuilds, so every number can be recomputed with
/// SciPy 1.10.1 (/usr/bin/python3):
/// <code>
/// import numpy as np
/// from scipy import stats
/// n = 3000
/// i = np.arange(n)
/// arm = np.where(i % 5 &lt; 2, "control", np.where(i % 5 &lt; 4, "treatment", "variant"))   # 40/40/20
/// conv_cut = np.where(arm == "control", 3, np.where(arm == "treatment", 4, 3))
/// converted = (i * 7) % 11 &lt; conv_cut
/// revenue = np.where(converted, 10.0 + (i * 13) % 50, 0.0)
/// pre = ((i * 17) % 40) + np.where(converted, 6.0, 0.0)
/// segment = np.array(["a", "b", "c"])[(i // 5) % 3]
/// def z(c, t):
///     ca, na, cb, nb = converted[c].sum(), c.sum(), converted[t].sum(), t.sum()
///     pa, pb = ca/na, cb/nb; pp = (ca+cb)/(na+nb)
///     zz = (pb-pa)/np.sqrt(pp*(1-pp)*(1/na+1/nb)); return pb-pa, 2*stats.norm.sf(abs(zz))
/// def welch(c, t):
///     r = stats.ttest_ind(revenue[t], revenue[c], equal_var=False); return revenue[t].mean()-revenue[c].mean(), r.pvalue
/// def cuped(c, t):
///     m = c | t; y, x = revenue[m], pre[m]
///     theta = np.cov(y, x, ddof=1)[0,1]/x.var(ddof=1)
///     ac = revenue[c] - theta*(pre[c]-x.mean()); at = revenue[t] - theta*(pre[t]-x.mean())
///     r = stats.ttest_ind(at, ac, equal_var=False)
///     return theta, at.mean()-ac.mean(), r.pvalue
/// c = arm == "control"
/// for name in ["treatment", "variant"]:
///     t = arm == name
///     print(name, "n", t.sum(), "conv", converted[t].sum(), "rev", revenue[t].sum())
///     print("  z", z(c, t), "welch", welch(c, t), "cuped", cuped(c, t))
/// print("control n", c.sum(), "conv", converted[c].sum(), "rev", revenue[c].sum())
/// ps = []
/// for s in ["a", "b", "c"]:
///     for name in ["treatment", "variant"]:
///         cc, tt = c &amp; (segment == s), (arm == name) &amp; (segment == s)
///         ps += [z(cc, tt)[1], welch(cc, tt)[1]]
/// ps = np.array(ps); m = len(ps); o = np.argsort(ps)
/// holm = np.empty(m); holm[o] = np.minimum(1, np.maximum.accumulate((m - np.arange(m)) * ps[o]))
/// bh = np.empty(m); bh[o] = np.minimum(1, np.minimum.accumulate((ps[o] * m / np.arange(1, m+1))[::-1])[::-1])
/// print("raw", ps); print("holm", holm); print("bh", bh)
/// </code>
/// </summary>
public sealed class ExperimentAnalyzerTests
{
    private static readonly double[] RawSegmentPValues =
    [
        0.007919324388980284, 0.007619505752439942, 1.0, 0.8927143269533885, 0.004996916887716337, 0.00553100042541973,
        0.948255832462401, 0.8889018889353669, 0.004996916887716337, 0.005844861188907198, 0.948255832462401, 0.8921638559270768,
    ];

    private static readonly double[] HolmSegmentPValues =
    [
        0.06095604601951954, 0.06095604601951954, 1.0, 1.0, 0.05996300265259604, 0.05996300265259604,
        1.0, 1.0, 0.05996300265259604, 0.05996300265259604, 1.0, 1.0,
    ];

    private static readonly double[] BhSegmentPValues =
    [
        0.015838648777960568, 0.015838648777960568, 1.0, 1.0, 0.015838648777960568, 0.015838648777960568,
        1.0, 1.0, 0.015838648777960568, 0.015838648777960568, 1.0, 1.0,
    ];

    internal static List<Outcome> CreateOutcomes(bool withPre = true, bool withSegment = true)
    {
        var outcomes = new List<Outcome>(3000);
        for (var i = 0; i < 3000; i++)
        {
            var arm = i % 5 < 2 ? "control" : i % 5 < 4 ? "treatment" : "variant";
            var cut = arm == "treatment" ? 4 : 3;
            var converted = (i * 7) % 11 < cut;
            var revenue = converted ? 10.0 + ((i * 13) % 50) : 0.0;
            var pre = ((i * 17) % 40) + (converted ? 6.0 : 0.0);
            var segment = new[] { "a", "b", "c" }[(i / 5) % 3];
            outcomes.Add(new Outcome($"c{i}", arm, converted, revenue, withPre ? pre : null, withSegment ? segment : null));
        }
        return outcomes;
    }

    [Fact]
    public void Analyze_FormulaOutcomes_MatchesScipy()
    {
        var analysis = ExperimentAnalyzer.Analyze(CreateOutcomes(), new AnalysisOptions
        {
            ExpectedWeights = new Dictionary<string, double> { ["control"] = 40, ["treatment"] = 40, ["variant"] = 20 },
        });

        Assert.Equal(["control", "treatment", "variant"], analysis.Arms.Select(a => a.Arm));
        Assert.Equal([1200L, 1200L, 600L], analysis.Arms.Select(a => a.Customers));
        Assert.Equal([328L, 437L, 163L], analysis.Arms.Select(a => a.Conversions));
        Assert.Equal([11132.0, 15316.0, 5606.0], analysis.Arms.Select(a => a.Revenue));
        Assert.Equal(3000, analysis.Customers);
        Assert.Equal(15316.0 / 1200, analysis.Arms[1].RevenuePerCustomer, 12);

        var treatment = analysis.Comparisons[0];
        Assert.Equal("treatment", treatment.Arm);
        Numeric.Relative(0.09083333333333338, treatment.Conversion.Estimate, 1e-12, "conversion difference");
        Numeric.Relative(1.8001041494860894e-06, treatment.Conversion.PValue, 1e-9, "z-test p");
        Numeric.Relative(3.4866666666666664, treatment.RevenuePerCustomer.Estimate, 1e-12, "revenue difference");
        Numeric.Relative(2.1523267888799803e-06, treatment.RevenuePerCustomer.PValue, 1e-8, "Welch p");
        Assert.NotNull(treatment.CupedRevenue);
        Numeric.Relative(0.3191413148616183, treatment.CupedRevenue!.Theta, 1e-11, "CUPED theta");
        Numeric.Relative(2.834022677774657, treatment.CupedRevenue.Absolute.Estimate, 1e-11, "CUPED difference");
        Numeric.Relative(8.247708010982238e-05, treatment.CupedRevenue.Absolute.PValue, 1e-8, "CUPED p");
        Numeric.Relative((437.0 / 1200 - 328.0 / 1200) / (328.0 / 1200), treatment.ConversionRelative!.Estimate, 1e-12, "relative conversion lift");
        Numeric.Relative((15316.0 - 11132.0) / 11132.0, treatment.RevenuePerCustomerRelative!.Estimate, 1e-12, "relative revenue lift");
        Assert.True(treatment.ConversionBayesian.ChanceToBeatControl > 0.999);

        var variant = analysis.Comparisons[1];
        Numeric.Relative(-0.0016666666666666496, variant.Conversion.Estimate, 1e-9, "variant conversion difference");
        Numeric.Relative(0.9403410692638589, variant.Conversion.PValue, 1e-10, "variant z p");
        Numeric.Relative(0.9375139959021751, variant.RevenuePerCustomer.PValue, 1e-10, "variant Welch p");
        Numeric.Relative(-0.5157830431810364, variant.CupedRevenue!.Absolute.Estimate, 1e-10, "variant CUPED difference");
        Numeric.Relative(0.5357396691990344, variant.CupedRevenue.Absolute.PValue, 1e-9, "variant CUPED p");

        Assert.Equal(0.0, analysis.SampleRatio!.ChiSquare, 12);
        Assert.False(analysis.SampleRatio.Mismatch);
    }

    [Fact]
    public void Analyze_Segments_AdjustsAcrossAllSegmentTests()
    {
        var holm = ExperimentAnalyzer.Analyze(CreateOutcomes(), new AnalysisOptions());
        var bh = ExperimentAnalyzer.Analyze(CreateOutcomes(), new AnalysisOptions { Correction = MultipleTestingCorrection.BenjaminiHochberg });

        Assert.Equal(["a", "b", "c"], holm.Segments.Select(s => s.Segment));
        var k = 0;
        for (var s = 0; s < 3; s++)
        {
            for (var c = 0; c < 2; c++)
            {
                var h = holm.Segments[s].Comparisons[c];
                var b = bh.Segments[s].Comparisons[c];
                Numeric.Relative(RawSegmentPValues[k], h.Comparison.Conversion.PValue, 1e-9, $"raw conversion p {k}");
                Numeric.Relative(RawSegmentPValues[k + 1], h.Comparison.RevenuePerCustomer.PValue, 1e-9, $"raw revenue p {k + 1}");
                Numeric.Relative(HolmSegmentPValues[k], h.ConversionAdjustedPValue, 1e-9, $"Holm {k}");
                Numeric.Relative(HolmSegmentPValues[k + 1], h.RevenueAdjustedPValue, 1e-9, $"Holm {k + 1}");
                Numeric.Relative(BhSegmentPValues[k], b.ConversionAdjustedPValue, 1e-9, $"BH {k}");
                Numeric.Relative(BhSegmentPValues[k + 1], b.RevenueAdjustedPValue, 1e-9, $"BH {k + 1}");
                k += 2;
            }
        }
        Assert.Equal(3000, holm.Segments.Sum(s => s.Arms.Sum(a => a.Customers)));
    }

    [Fact]
    public void Analyze_NoPlannedSplit_GivesNoSampleRatioVerdict()
    {
        // 1200/1200/600 is a planned 40/40/20; without the plan, an equal split would call it a mismatch (χ² = 240).
        var analysis = ExperimentAnalyzer.Analyze(CreateOutcomes(), new AnalysisOptions());

        Assert.Null(analysis.SampleRatio);
    }

    [Fact]
    public void Analyze_PlannedSplitNotKept_FlagsTheMismatch()
    {
        // Observed 1200/1200/600 against a planned equal split, 1000 each: χ² = (200² + 200² + 400²)/1000 = 240.
        var analysis = ExperimentAnalyzer.Analyze(CreateOutcomes(), new AnalysisOptions
        {
            ExpectedWeights = new Dictionary<string, double> { ["control"] = 1, ["treatment"] = 1, ["variant"] = 1 },
        });

        Assert.Equal(240.0, analysis.SampleRatio!.ChiSquare, 9);
        Assert.True(analysis.SampleRatio.Mismatch);
    }

    [Fact]
    public void Analyze_WithoutPreRevenueOrSegments_LeavesThemOutAndSaysWhy()
    {
        var outcomes = CreateOutcomes(withSegment: false);
        outcomes[5] = outcomes[5] with { PreRevenue = null };

        var analysis = ExperimentAnalyzer.Analyze(outcomes, new AnalysisOptions());

        Assert.Empty(analysis.Segments);
        Assert.All(analysis.Comparisons, c => Assert.Null(c.CupedRevenue));
        Assert.Contains(analysis.Comparisons[0].Notes, n => n.Contains("pre-period", StringComparison.Ordinal));
    }

    [Fact]
    public void Analyze_NoControlArm_ThrowsNamingTheArmsSeen()
    {
        var ex = Assert.Throws<ClienteleException>(() => ExperimentAnalyzer.Analyze(CreateOutcomes(), new AnalysisOptions { ControlArm = "baseline" }));
        Assert.Contains("'baseline'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'treatment'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_ArmWithOneCustomer_Throws()
    {
        var outcomes = CreateOutcomes();
        outcomes.Add(new Outcome("lonely", "solo", false, 0.0, 0.0, "a"));

        var ex = Assert.Throws<ClienteleException>(() => ExperimentAnalyzer.Analyze(outcomes, new AnalysisOptions()));
        Assert.Contains("'solo' has 1 customer", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_DuplicateCustomer_ThrowsNamingBothOutcomes()
    {
        var outcomes = CreateOutcomes();
        outcomes.Add(outcomes[10] with { Arm = "treatment" });

        var ex = Assert.Throws<ClienteleException>(() => ExperimentAnalyzer.Analyze(outcomes, new AnalysisOptions()));
        Assert.Contains("'c10' appears twice (outcomes 11 and 3001)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_WeightMissingForAnArm_Throws()
    {
        var options = new AnalysisOptions { ExpectedWeights = new Dictionary<string, double> { ["control"] = 1, ["treatment"] = 1 } };

        var ex = Assert.Throws<ClienteleException>(() => ExperimentAnalyzer.Analyze(CreateOutcomes(), options));
        Assert.Contains("'variant' has outcomes but no expected weight", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_SegmentWithTooFewCustomers_SkipsTheComparisonAndSaysSo()
    {
        var outcomes = CreateOutcomes();
        outcomes.Add(new Outcome("x1", "control", true, 20, 3, "tiny"));
        outcomes.Add(new Outcome("x2", "control", false, 0, 1, "tiny"));
        outcomes.Add(new Outcome("x3", "treatment", true, 30, 2, "tiny"));

        var analysis = ExperimentAnalyzer.Analyze(outcomes, new AnalysisOptions());

        var tiny = Assert.Single(analysis.Segments, s => s.Segment == "tiny");
        Assert.Empty(tiny.Comparisons);
        Assert.Equal(2, tiny.Skipped.Count);
        Assert.Contains("'treatment' vs 'control': the control has 2 and the treatment 1", tiny.Skipped[0], StringComparison.Ordinal);
        Assert.Contains("'variant' vs 'control': the control has 2 and the treatment 0", tiny.Skipped[1], StringComparison.Ordinal);
        Assert.Equal(3003, analysis.Segments.Sum(s => s.Arms.Sum(a => a.Customers)));
    }

    [Fact]
    public void Analyze_NonFiniteRevenue_Throws()
    {
        var outcomes = CreateOutcomes();
        outcomes[7] = outcomes[7] with { Revenue = double.NaN };

        var ex = Assert.Throws<ClienteleException>(() => ExperimentAnalyzer.Analyze(outcomes, new AnalysisOptions()));
        Assert.Contains("Outcome 8 (customer 'c7')", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_WeightedArmWithoutOutcomes_Throws()
    {
        var options = new AnalysisOptions
        {
            ExpectedWeights = new Dictionary<string, double> { ["control"] = 2, ["treatment"] = 2, ["variant"] = 1, ["ghost"] = 1 },
        };

        var ex = Assert.Throws<ClienteleException>(() => ExperimentAnalyzer.Analyze(CreateOutcomes(), options));
        Assert.Contains("'ghost' has 0 customer(s)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_ControlWithoutConversions_GivesAbsoluteEffectsAndNotesTheMissingRelativeOnes()
    {
        var outcomes = new List<Outcome>();
        for (var i = 0; i < 20; i++)
        {
            outcomes.Add(new Outcome($"c{i}", "control", false, 0.0));
            outcomes.Add(new Outcome($"t{i}", "treatment", i % 4 == 0, i % 4 == 0 ? 25.0 : 0.0));
        }

        var comparison = Assert.Single(ExperimentAnalyzer.Analyze(outcomes, new AnalysisOptions()).Comparisons);

        Assert.Null(comparison.ConversionRelative);
        Assert.Null(comparison.RevenuePerCustomerRelative);
        Assert.Equal(0.25, comparison.Conversion.Estimate, 12);
        Assert.Equal(EffectScale.Absolute, comparison.RevenueBayesian.Scale);
        Assert.Contains(comparison.Notes, n => n.Contains("no conversions", StringComparison.Ordinal));
        // SciPy: integrate.quad(lambda x: stats.beta(1, 21).pdf(x) * stats.beta.sf(x, 6, 16), 0, 1, epsabs=1e-14) = 0.9896556969727698.
        Numeric.Relative(0.9896556969727698, comparison.ConversionBayesian.ChanceToBeatControl, 1e-8, "P(p_T > p_C), 0/20 vs 5/20");
    }
}
