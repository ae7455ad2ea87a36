using System.Text;
using Clientele.Core;

namespace Clientele.Value.Tests;

public sealed class BetaGeoTests
{
    private static BetaGeoModel CreateSut() => Cdnow.BetaGeo;

    /// <summary>The parameters of Fader, Hardie &amp; Lee (2005) as R BTYD prints them; R BTYD's P(X(t) = n) examples use these.</summary>
    private static BetaGeoModel Published() => new(0.243, 4.414, 0.793, 2.426);

    [Fact]
    public void Fit_Cdnow_MatchesFaderHardieLee2005ToThreeSignificantDigits()
    {
        // Fader, Hardie & Lee (2005), Marketing Science 24(2); CLVTools reproduces them: r, α, a, b = 0.2426, 4.4136, 0.7929, 2.4259.
        var model = CreateSut();

        Numeric.SignificantDigits(0.2426, model.R, 3, "r");
        Numeric.SignificantDigits(4.4136, model.Alpha, 3, "alpha");
        Numeric.SignificantDigits(0.7929, model.A, 3, "a");
        Numeric.SignificantDigits(2.4259, model.B, 3, "b");
        Assert.Equal(2357, model.NumberOfCustomers);
    }

    [Fact]
    public void Fit_Cdnow_MatchesLifetimesQuickstartToFiveSignificantDigits()
    {
        // lifetimes docs/Quickstart.md prints r, α, a, b = 0.242593, 4.413532, 0.792886, 2.425752 (../shared/data/cdnow/README.md).
        var model = CreateSut();

        Numeric.SignificantDigits(0.242593, model.R, 5, "r");
        Numeric.SignificantDigits(4.413532, model.Alpha, 5, "alpha");
        Numeric.SignificantDigits(0.792886, model.A, 5, "a");
        Numeric.SignificantDigits(2.425752, model.B, 5, "b");
    }

    [Fact]
    public void LogLikelihood_Cdnow_IsMinus9582Point43()
    {
        // FHL (2005) and CLVTools: LL = −9582.43; the README's independent Nelder–Mead fit: −9582.4256.
        Numeric.Within(-9582.43, CreateSut().LogLikelihood, 0.005, "log-likelihood");
    }

    [Fact]
    public void EvaluateLogLikelihood_PublishedParametersOnCdnow_IsMinus9582Point4()
    {
        // FHL (2005) report LL = −9582.4 at (0.243, 4.414, 0.793, 2.426); rounding the parameters costs less than 0.05.
        Numeric.Within(-9582.4, Published().EvaluateLogLikelihood(Cdnow.Summary), 0.05, "log-likelihood at the published parameters");
    }

    [Fact]
    public void Fit_Cdnow_StandardErrorsArePositiveAndIntervalsContainTheEstimate()
    {
        var model = CreateSut();

        Assert.True(model.IsFitted);
        Assert.Equal(["r", "alpha", "a", "b"], model.Parameters.Select(p => p.Name));
        foreach (var p in model.Parameters)
        {
            Assert.True(p.StandardError > 0 && double.IsFinite(p.StandardError), $"{p.Name}: SE {p.StandardError}");
            Assert.InRange(p.Value, p.LowerBound95, p.UpperBound95);
            // The interval is exp(log value ± 1.96 SE(log value)).
            Numeric.Relative(Math.Exp(Math.Log(p.Value) + (1.959963984540054 * p.LogStandardError)), p.UpperBound95, 1e-12, p.Name + " upper bound");
        }
    }

    [Fact]
    public void ConditionalExpectedPurchases_CdnowCustomer1In39Weeks_Is1Point226()
    {
        // lifetimes' test_conditional_expectation_returns_same_value_as_Hardie_excel_sheet: x = 2, t_x = 30.43, T = 38.86 → 1.226.
        Numeric.Within(1.226, CreateSut().ConditionalExpectedPurchases(39, 2, 30.43, 38.86), 0.001, "E[Y(39) | 2, 30.43, 38.86]");
    }

    [Fact]
    public void ProbabilityAlive_CdnowCustomer1_Is0Point7266()
    {
        // lifetimes' test_probability_alive (Hardie's spreadsheet): 0.7266 for x = 2, t_x = 30.43, T = 38.86.
        Numeric.Within(0.7266, CreateSut().ProbabilityAlive(2, 30.43, 38.86), 0.00005, "P(alive | 2, 30.43, 38.86)");
    }

    [Theory]
    [InlineData(0.1429, 0.0078)]
    [InlineData(1.0, 0.0532)]
    [InlineData(3.0, 0.1506)]
    [InlineData(31.8571, 1.0405)]
    [InlineData(32.0, 1.0437)]
    public void ExpectedPurchases_LifetimesParameters_MatchesHardieSpreadsheet(double t, double expected)
    {
        // Hardie's spreadsheet values, as in lifetimes' test_expectation_returns_same_value_Hardie_excel_sheet, printed to 4 decimals.
        var model = new BetaGeoModel(0.242593, 4.413532, 0.792886, 2.425752);

        Numeric.Within(expected, model.ExpectedPurchases(t), 0.00005, $"E[X({t})]");
    }

    [Fact]
    public void ExpectedPurchases_78Weeks_MatchesHardieSpreadsheetToThreeDecimalsAndTheExactSeries()
    {
        // The spreadsheet gives 1.8576 (lifetimes checks it to 3 decimals). Summing the Gauss series of eq. 9 to convergence
        // gives 1.85797; the spreadsheet's series is evidently cut short, so the exact sum is checked here too.
        var model = new BetaGeoModel(0.242593, 4.413532, 0.792886, 2.425752);
        var actual = model.ExpectedPurchases(78);

        Numeric.Within(1.8576, actual, 0.0005, "E[X(78)] against the spreadsheet");
        Numeric.Relative(DirectExpectedPurchases(model, 78), actual, 1e-12, "E[X(78)] against the direct series");
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(39.0)]
    [InlineData(78.0)]
    [InlineData(500.0)]
    public void ExpectedPurchases_AnyHorizon_EqualsDirectSumOfEquation9(double t)
    {
        // Eq. 9 with ₂F₁(r, b; a+b−1; t/(α+t)) summed term by term (all terms positive here) — an independent route.
        var model = CreateSut();

        Numeric.Relative(DirectExpectedPurchases(model, t), model.ExpectedPurchases(t), 1e-11, $"E[X({t})]");
    }

    [Fact]
    public void ProbabilityOfPurchases_TenInTwoWeeks_MatchesRBtyd()
    {
        // R BTYD bgnbd.pmf(c(0.243, 4.414, 0.793, 2.426), t = 2, x = 10) = 1.07869e-07 (lifetimes' test_probability_of_n_purchases_up_to_time_same_as_R_BTYD).
        Numeric.Relative(1.07869e-07, Published().ProbabilityOfPurchases(10, 2), 5e-6, "P(X(2) = 10)");
    }

    [Fact]
    public void ProbabilityOfPurchases_NoneIn39Weeks_MatchesRBtyd()
    {
        // R BTYD: P(X(39) = 0) = 0.5737864 with (0.243, 4.414, 0.793, 2.426).
        Numeric.Within(0.5737864, Published().ProbabilityOfPurchases(0, 39), 1e-7, "P(X(39) = 0)");
    }

    [Theory]
    [InlineData(2.0)]
    [InlineData(39.0)]
    [InlineData(78.0)]
    public void ProbabilityOfPurchases_SummedOverN_IsOne(double t)
    {
        var model = CreateSut();
        var total = 0.0;
        for (var n = 0; n <= 3000; n++)
        {
            var p = model.ProbabilityOfPurchases(n, t);
            Assert.InRange(p, 0.0, 1.0);
            total += p;
        }

        Numeric.Within(1.0, total, 1e-9, $"Σ P(X({t}) = n)");
    }

    [Fact]
    public void ProbabilityOfPurchases_Mean_IsExpectedPurchases()
    {
        // Σ n P(X(t) = n) = E[X(t)]: eq. 8 and eq. 9 agree.
        var model = CreateSut();
        var mean = Enumerable.Range(0, 6000).Sum(n => n * model.ProbabilityOfPurchases(n, 10));

        Numeric.Relative(model.ExpectedPurchases(10), mean, 1e-6, "Σ n P(X(10) = n)");
    }

    [Fact]
    public void ProbabilityAlive_GridOfCustomers_IsBetweenZeroAndOneAndOneWithoutRepeatPurchases()
    {
        var model = CreateSut();
        foreach (var x in new[] { 0.0, 1, 2, 5, 20, 200 })
        {
            foreach (var age in new[] { 0.0, 1, 39, 1000 })
            {
                foreach (var share in new[] { 0.0, 0.5, 1.0 })
                {
                    var recency = x == 0 ? 0.0 : share * age;
                    var p = model.ProbabilityAlive(x, recency, age);
                    Assert.InRange(p, 0.0, 1.0);
                    if (x == 0)
                    {
                        Assert.Equal(1.0, p);
                    }
                }
            }
        }
    }

    [Fact]
    public void Queries_LargeHistory_AreFiniteWithoutOverflow()
    {
        // x = 200, t_x = 900, T = 1000: (α + T)^(r + x) alone is about 10^600.
        var model = CreateSut();

        var alive = model.ProbabilityAlive(200, 900, 1000);
        Assert.InRange(alive, 0.0, 1.0);
        Assert.True(alive > 0, "P(alive) underflowed to 0");
        foreach (var t in new[] { 1.0, 39, 1000, 1e5 })
        {
            var e = model.ConditionalExpectedPurchases(t, 200, 900, 1000);
            Assert.True(double.IsFinite(e) && e >= 0, $"E[Y({t})] = {e}");
        }
        // Just bought, for the 200th time: nearly surely alive, buying at about (r + x)/(α + T) a week; dropout only lowers it.
        var noDropout = (model.R + 200) / (model.Alpha + 1000) * 39;
        Assert.InRange(model.ConditionalExpectedPurchases(39, 200, 1000, 1000), 0.9 * noDropout, noDropout);
        var pmf = model.ProbabilityOfPurchases(200, 1000);
        Assert.True(double.IsFinite(pmf) && pmf > 0 && pmf < 1, $"P(X(1000) = 200) = {pmf}");
    }

    [Fact]
    public void Fit_WithLargeHistoryCustomer_GivesFiniteParameters()
    {
        var data = Cdnow.Summary.Append(new CustomerSummary("heavy", 200, 900, 1000)).ToArray();

        var model = new BetaGeoFitter().Fit(data);

        Assert.All(model.Parameters, p => Assert.True(double.IsFinite(p.Value) && double.IsFinite(p.StandardError), p.ToString()));
        Assert.True(double.IsFinite(model.LogLikelihood));
    }

    [Fact]
    public void Fit_SummariesInDays_ScalesAlphaBySevenAndKeepsTheRest()
    {
        // λ ~ Gamma(r, α) with λ per day = λ per week / 7, so α in days = 7 α in weeks; r, a, b do not change.
        var days = Cdnow.Summary.Select(c => c with { Recency = c.Recency * 7, Age = c.Age * 7 }).ToArray();
        var weeks = CreateSut();

        var model = new BetaGeoFitter().Fit(days);

        Numeric.Relative(weeks.R, model.R, 1e-5, "r");
        Numeric.Relative(7 * weeks.Alpha, model.Alpha, 1e-5, "alpha");
        Numeric.Relative(weeks.A, model.A, 1e-4, "a");
        Numeric.Relative(weeks.B, model.B, 1e-4, "b");
    }

    [Fact]
    public void Fit_WithPenalizer_ShrinksEveryParameter()
    {
        // lifetimes' test_penalizer_term_will_shrink_coefs_to_0: penalizer_coef = 0.1 makes every parameter smaller.
        var plain = CreateSut();

        var penalised = new BetaGeoFitter(new BetaGeoOptions { PenalizerCoefficient = 0.1 }).Fit(Cdnow.Summary);

        Assert.Equal(0.1, penalised.PenalizerCoefficient);
        for (var i = 0; i < 4; i++)
        {
            Assert.True(penalised.Parameters[i].Value < plain.Parameters[i].Value, $"{plain.Parameters[i].Name}: {penalised.Parameters[i].Value} !< {plain.Parameters[i].Value}");
        }
    }

    [Fact]
    public void Fit_SimulatedFromKnownParameters_RecoversEachWithinThreeStandardErrors()
    {
        // 20,000 customers drawn from the BG/NBD process with the published CDNOW parameters, ages 26–39 weeks as in CDNOW.
        var truth = Published();
        var data = BetaGeoSimulator.Simulate(truth, 20_000, 26, 39, seed: 2005);

        var model = new BetaGeoFitter().Fit(data);

        double[] expected = [truth.R, truth.Alpha, truth.A, truth.B];
        for (var i = 0; i < 4; i++)
        {
            var p = model.Parameters[i];
            var z = (Math.Log(p.Value) - Math.Log(expected[i])) / p.LogStandardError;
            Assert.True(Math.Abs(z) <= 3, $"{p.Name}: fitted {p.Value} ± {p.StandardError}, true {expected[i]} ({z:F2} standard errors away)");
        }
    }

    [Fact]
    public void Fit_SameDataTwice_GivesIdenticalParameters()
    {
        // 30,000 customers make several blocks, so the likelihood runs on all cores; the sum is still in block order.
        var data = BetaGeoSimulator.Simulate(Published(), 30_000, 26, 39, seed: 11);

        var first = new BetaGeoFitter().Fit(data);
        var second = new BetaGeoFitter().Fit(data);

        Assert.Equal(first.Parameters.Select(p => p.Value), second.Parameters.Select(p => p.Value));
        Assert.Equal(first.LogLikelihood, second.LogLikelihood);
    }

    [Fact]
    public void Load_OfSave_PreservesParametersAndPredictions()
    {
        var model = CreateSut();

        var copy = BetaGeoModel.Load(model.Save());

        Assert.Equal(model.Parameters, copy.Parameters);
        Assert.Equal(model.LogLikelihood, copy.LogLikelihood);
        Assert.Equal(model.NumberOfCustomers, copy.NumberOfCustomers);
        Assert.Equal(model.Iterations, copy.Iterations);
        Assert.True(copy.IsFitted);
        Assert.Equal(model.ConditionalExpectedPurchases(39, 2, 30.43, 38.86), copy.ConditionalExpectedPurchases(39, 2, 30.43, 38.86));
        Assert.Equal(model.ProbabilityAlive(2, 30.43, 38.86), copy.ProbabilityAlive(2, 30.43, 38.86));
        Assert.Equal(model.ProbabilityOfPurchases(3, 39), copy.ProbabilityOfPurchases(3, 39));
    }

    [Fact]
    public void Save_GivenParameters_WritesNullStandardErrorsAndReadsBack()
    {
        var model = Published();

        var saved = model.Save();
        var json = Encoding.UTF8.GetString(saved);
        var copy = BetaGeoModel.Load(saved);

        Assert.Contains("\"kind\":\"bg-nbd\",\"formatVersion\":1", json, StringComparison.Ordinal);
        Assert.Contains("\"standardError\":null", json, StringComparison.Ordinal);
        Assert.False(copy.IsFitted);
        Assert.Equal(0.243, copy.R);
        Assert.True(double.IsNaN(copy.LogLikelihood));
    }

    [Fact]
    public void Load_OtherModelOrNewerVersionOrBadParameter_ThrowsClienteleException()
    {
        var gammaGamma = Cdnow.GammaGamma.Save();
        var published = Encoding.UTF8.GetString(Published().Save());

        var wrongKind = Assert.Throws<ClienteleException>(() => BetaGeoModel.Load(gammaGamma));
        var newer = Assert.Throws<ClienteleException>(() => BetaGeoModel.Load(Encoding.UTF8.GetBytes(published.Replace("\"formatVersion\":1", "\"formatVersion\":2", StringComparison.Ordinal))));
        var garbage = Assert.Throws<ClienteleException>(() => BetaGeoModel.Load("{ not json"u8));
        var negative = Assert.Throws<ValueModelException>(() => BetaGeoModel.Load(Encoding.UTF8.GetBytes(published.Replace("\"value\":0.243", "\"value\":-0.243", StringComparison.Ordinal))));

        Assert.Contains("holds a model of kind \"gamma-gamma\" where kind \"bg-nbd\" was expected", wrongKind.Message, StringComparison.Ordinal);
        Assert.Contains("format version 2", newer.Message, StringComparison.Ordinal);
        Assert.Contains("not a saved Clientele model", garbage.Message, StringComparison.Ordinal);
        Assert.Contains("r = -0.243", negative.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_NonPositiveParameter_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BetaGeoModel(0, 1, 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BetaGeoModel(1, double.NaN, 1, 1));
    }

    /// <summary>Eq. 9: (a+b−1)/(a−1) [1 − (α/(α+t))^r ₂F₁(r, b; a+b−1; t/(α+t))], the ₂F₁ summed term by term.</summary>
    private static double DirectExpectedPurchases(BetaGeoModel m, double t)
    {
        var z = t / (m.Alpha + t);
        double sum = 1, term = 1;
        for (var n = 0; n < 1_000_000; n++)
        {
            term *= (m.R + n) * (m.B + n) / ((m.A + m.B - 1 + n) * (n + 1)) * z;
            sum += term;
            if (term < 1e-18 * sum)
            {
                break;
            }
        }
        return (m.A + m.B - 1) / (m.A - 1) * (1 - (Math.Pow(m.Alpha / (m.Alpha + t), m.R) * sum));
    }
}
