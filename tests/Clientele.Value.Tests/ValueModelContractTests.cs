using Clientele.Core;
using Clientele.Core.Models;

namespace Clientele.Value.Tests;

/// <summary>
/// One contract every value model keeps (BG/NBD, Pareto/NBD, Gamma-Gamma), run against each: a maximum-likelihood fit
/// is at least as likely as any other parameters, its intervals surround it, it is deterministic, it saves and loads
/// as a <see cref="ModelFile"/> that predicts the same, and no customers is a clear error. Each model's bad-input rules
/// are in <see cref="BadInputTests"/>; its published numbers (CDNOW, lifetimes, R BTYD) in its own tests.
/// </summary>
public sealed class ValueModelContractTests
{
    /// <summary>The parameters the data are drawn from: Fader, Hardie &amp; Lee's CDNOW BG/NBD fit (weeks) with their Gamma-Gamma spend.</summary>
    private static readonly BetaGeoModel Truth = new(0.243, 4.414, 0.793, 2.426);

    private static readonly GammaGammaModel SpendTruth = new(6.25, 3.74, 15.44);

    /// <summary>3,000 customers observed for 26 to 39 weeks, with spend; the same every run.</summary>
    private static readonly Lazy<CustomerSummary[]> Simulated = new(() => BetaGeoSimulator.Simulate(Truth, 3_000, 26, 39, seed: 17, spend: SpendTruth));

    /// <summary>What the contract needs of a model kind.</summary>
    private sealed record Case(
        string Kind,
        Func<IReadOnlyList<CustomerSummary>, FittedModel> Fit,
        Func<byte[], FittedModel> Load,
        Func<FittedModel, byte[]> Save,
        FittedModel Other,
        Func<FittedModel, IReadOnlyList<CustomerSummary>, double> LogLikelihood,
        Func<FittedModel, CustomerSummary, double> Predict);

    /// <summary>
    /// The kinds under test. <c>Other</c> is a fixed set of parameters the fit must be at least as likely as: the
    /// generating ones for BG/NBD and Gamma-Gamma; for Pareto/NBD (whose data these are not) the published CDNOW fit
    /// (Fader, Hardie &amp; Lee 2005, "A Note on Deriving the Pareto/NBD Model": r 0.55, α 10.58, s 0.61, β 11.67).
    /// </summary>
    private static Case CreateSut(string kind) => kind switch
    {
        "bg-nbd" => new(
            kind,
            data => new BetaGeoFitter().Fit(data),
            bytes => BetaGeoModel.Load(bytes),
            model => ((BetaGeoModel)model).Save(),
            Truth,
            (model, data) => ((BetaGeoModel)model).EvaluateLogLikelihood(data),
            (model, c) => ((BetaGeoModel)model).ConditionalExpectedPurchases(10, c.Frequency, c.Recency, c.Age)),
        "pareto-nbd" => new(
            kind,
            data => new ParetoNbdFitter().Fit(data),
            bytes => ParetoNbdModel.Load(bytes),
            model => ((ParetoNbdModel)model).Save(),
            new ParetoNbdModel(0.55, 10.58, 0.61, 11.67),
            (model, data) => ((ParetoNbdModel)model).EvaluateLogLikelihood(data),
            (model, c) => ((ParetoNbdModel)model).ConditionalExpectedPurchases(10, c.Frequency, c.Recency, c.Age)),
        "gamma-gamma" => new(
            kind,
            data => new GammaGammaFitter().Fit(data),
            bytes => GammaGammaModel.Load(bytes),
            model => ((GammaGammaModel)model).Save(),
            SpendTruth,
            (model, data) => ((GammaGammaModel)model).EvaluateLogLikelihood(data),
            (model, c) => c.Frequency > 0 ? ((GammaGammaModel)model).ConditionalExpectedAverageSpend(c.Frequency, c.MonetaryValue) : ((GammaGammaModel)model).PopulationMeanSpend),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static TheoryData<string> Kinds => ["bg-nbd", "pareto-nbd", "gamma-gamma"];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Fit_Simulated_AtLeastAsLikelyAsOtherParameters(string kind)
    {
        var sut = CreateSut(kind);
        var data = Simulated.Value;

        var model = sut.Fit(data);

        // A maximum of the likelihood: no other parameters do better on the same data (to the optimiser's tolerance).
        var fitted = sut.LogLikelihood(model, data);
        var other = sut.LogLikelihood(sut.Other, data);
        Assert.True(fitted >= other - 1e-6, $"{kind}: fitted log-likelihood {fitted} < {other} at the other parameters");
        Assert.Equal(fitted, model.LogLikelihood, 1e-6 * Math.Abs(fitted));
        Assert.True(model.IsFitted);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Fit_Simulated_FiniteParametersInsideTheirIntervals(string kind)
    {
        var model = CreateSut(kind).Fit(Simulated.Value);

        Assert.All(model.Parameters, p =>
        {
            Assert.True(double.IsFinite(p.Value) && p.Value > 0, $"{kind} {p.Name} = {p.Value}");
            Assert.True(double.IsFinite(p.StandardError) && p.StandardError > 0, $"{kind} {p.Name}: standard error {p.StandardError}");
            Assert.InRange(p.Value, p.LowerBound95, p.UpperBound95);
        });
        // Gamma-Gamma is fitted on the repeat buyers only: the others have no repeat transaction to average.
        Assert.Equal(kind == "gamma-gamma" ? Simulated.Value.Count(c => c.Frequency > 0) : Simulated.Value.Length, model.NumberOfCustomers);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Fit_SameInputTwice_SameParametersToTheBit(string kind)
    {
        var sut = CreateSut(kind);

        var first = sut.Fit(Simulated.Value);
        var second = sut.Fit(Simulated.Value);

        Assert.Equal(first.Parameters.Select(p => p.Value), second.Parameters.Select(p => p.Value));
        Assert.Equal(sut.Save(first), sut.Save(second));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Save_LoadBack_SameParametersPredictionsAndBytes(string kind)
    {
        var sut = CreateSut(kind);
        var model = sut.Fit(Simulated.Value);

        var saved = sut.Save(model);
        var read = sut.Load(saved);

        Assert.Equal(kind, ModelFile.Read(saved).Kind);
        Assert.Equal(model.Parameters, read.Parameters);
        Assert.Equal(model.LogLikelihood, read.LogLikelihood);
        Assert.Equal(Simulated.Value.Take(200).Select(c => sut.Predict(model, c)), Simulated.Value.Take(200).Select(c => sut.Predict(read, c)));
        Assert.Equal(saved, sut.Save(read));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Load_AnotherKind_ClienteleExceptionNamingBoth(string kind)
    {
        var sut = CreateSut(kind);
        var other = kind == "gamma-gamma" ? Truth.Save() : SpendTruth.Save();

        var error = Assert.Throws<ClienteleException>(() => sut.Load(other));

        Assert.Contains($"where kind \"{kind}\" was expected", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Fit_NoCustomers_ValueModelException(string kind)
    {
        var error = Assert.Throws<ValueModelException>(() => CreateSut(kind).Fit([]));

        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Predict_EveryCustomer_FiniteAndNotNegative(string kind)
    {
        var sut = CreateSut(kind);
        var model = sut.Fit(Simulated.Value);

        Assert.All(Simulated.Value, c =>
        {
            var value = sut.Predict(model, c);
            Assert.True(double.IsFinite(value) && value >= 0, $"{kind}: customer {c.CustomerId} gets {value}");
        });
    }
}
