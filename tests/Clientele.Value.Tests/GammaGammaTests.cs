namespace Clientele.Value.Tests;

public sealed class GammaGammaTests
{
    private static GammaGammaModel CreateSut() => Cdnow.GammaGamma;

    [Fact]
    public void Fit_Cdnow_MatchesPublishedParametersToThreeSignificantDigits()
    {
        // lifetimes' test_params_out_is_close_to_Hardie_paper (Hardie note 025): p, q, γ = 6.25, 3.74, 15.44, on the 946 repeat buyers.
        var model = CreateSut();

        Numeric.SignificantDigits(6.25, model.P, 3, "p");
        Numeric.SignificantDigits(3.74, model.Q, 3, "q");
        Numeric.SignificantDigits(15.44, model.Gamma, 3, "gamma");
        Assert.Equal(946, model.NumberOfCustomers);
    }

    [Fact]
    public void LogLikelihood_Cdnow_IsMinus4055Point92()
    {
        // The README's independent fit: LL = −4055.923.
        Numeric.Within(-4055.92, CreateSut().LogLikelihood, 0.01, "log-likelihood");
    }

    [Fact]
    public void ConditionalExpectedAverageSpend_FirstTenCdnowCustomers_MatchesHardieNote()
    {
        // Hardie note 025 (lifetimes' test_conditional_expected_average_profit), tolerance 0.1.
        double[] expected = [24.65, 18.91, 35.17, 35.17, 35.17, 71.46, 18.91, 35.17, 27.28, 35.17];
        var model = CreateSut();

        for (var i = 0; i < 10; i++)
        {
            Numeric.Within(expected[i], model.ConditionalExpectedAverageSpend(Cdnow.WithSpend[i]), 0.1, $"customer {Cdnow.WithSpend[i].CustomerId}");
        }
    }

    [Fact]
    public void PopulationMeanSpend_Cdnow_IsPGammaOverQMinusOne()
    {
        // The README: pγ/(q − 1) = 35.171 at the fitted parameters; a customer without repeat purchases gets it.
        var model = CreateSut();

        Numeric.Within(35.171, model.PopulationMeanSpend, 0.001, "pγ/(q − 1)");
        Assert.Equal(model.PopulationMeanSpend, model.ConditionalExpectedAverageSpend(0, 0), 12);
    }

    [Fact]
    public void ConditionalExpectedAverageSpend_ManyTransactions_ApproachesTheCustomersOwnMean()
    {
        var model = CreateSut();

        Numeric.Within(100, model.ConditionalExpectedAverageSpend(10_000, 100), 0.1, "E[Z | x = 10000, m = 100]");
    }

    [Fact]
    public void Fit_SimulatedSpend_RecoversParametersWithinThreeStandardErrors()
    {
        // Spend drawn from the Gamma-Gamma process (value ~ Gamma(p, ν), ν ~ Gamma(q, γ)) for BG/NBD customers.
        var spend = new GammaGammaModel(6.25, 3.74, 15.44);
        var data = BetaGeoSimulator.Simulate(new BetaGeoModel(0.243, 4.414, 0.793, 2.426), 60_000, 26, 39, seed: 25, spend);

        var model = new GammaGammaFitter().Fit(data);

        double[] expected = [spend.P, spend.Q, spend.Gamma];
        for (var i = 0; i < 3; i++)
        {
            var p = model.Parameters[i];
            var z = (Math.Log(p.Value) - Math.Log(expected[i])) / p.LogStandardError;
            Assert.True(Math.Abs(z) <= 3, $"{p.Name}: fitted {p.Value} ± {p.StandardError}, true {expected[i]} ({z:F2} standard errors away)");
        }
    }

    [Fact]
    public void Load_OfSave_PreservesParametersAndPredictions()
    {
        var model = CreateSut();

        var copy = GammaGammaModel.Load(model.Save());

        Assert.Equal(model.Parameters, copy.Parameters);
        Assert.Equal(model.LogLikelihood, copy.LogLikelihood);
        Assert.Equal(model.NumberOfCustomers, copy.NumberOfCustomers);
        Assert.Equal(model.ConditionalExpectedAverageSpend(2, 22.35), copy.ConditionalExpectedAverageSpend(2, 22.35));
        Assert.Equal(model.PopulationMeanSpend, copy.PopulationMeanSpend);
    }
}
