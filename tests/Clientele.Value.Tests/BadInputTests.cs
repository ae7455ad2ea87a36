namespace Clientele.Value.Tests;

/// <summary>Bad input gives a <see cref="ValueModelException"/> that names the problem and what to do, never NaN parameters.</summary>
public sealed class BadInputTests
{
    private static readonly CustomerSummary[] Good = [new("1", 2, 30.43, 38.86, 22.35), new("2", 1, 1.71, 38.86, 11.77), new("3", 0, 0, 38.86, 0)];

    public static TheoryData<string> TransactionModels => ["BG/NBD", "Pareto/NBD"];

    private static void Fit(string model, CustomerSummary[] data)
    {
        if (model == "BG/NBD")
        {
            new BetaGeoFitter().Fit(data);
        }
        else
        {
            new ParetoNbdFitter().Fit(data);
        }
    }

    [Theory]
    [MemberData(nameof(TransactionModels))]
    public void Fit_RecencyAfterAge_ThrowsNamingCustomerAndRule(string model)
    {
        var data = Good.Append(new CustomerSummary("late", 1, 40, 38.86)).ToArray();

        var error = Assert.Throws<ValueModelException>(() => Fit(model, data));

        Assert.Contains("'late'", error.Message, StringComparison.Ordinal);
        Assert.Contains("t_x = 40 is greater than age T = 38.86", error.Message, StringComparison.Ordinal);
        Assert.Contains("same calibration end", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TransactionModels))]
    public void Fit_NegativeValue_Throws(string model)
    {
        var frequency = Assert.Throws<ValueModelException>(() => Fit(model, [.. Good, new CustomerSummary("neg", -1, 0, 10)]));
        var age = Assert.Throws<ValueModelException>(() => Fit(model, [.. Good, new CustomerSummary("neg", 0, 0, -10)]));

        Assert.Contains("frequency is -1; frequency cannot be negative", frequency.Message, StringComparison.Ordinal);
        Assert.Contains("age T is -10", age.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TransactionModels))]
    public void Fit_NaN_ThrowsPointingAtMissingValues(string model)
    {
        var error = Assert.Throws<ValueModelException>(() => Fit(model, [.. Good, new CustomerSummary("nan", 1, double.NaN, 10)]));

        Assert.Contains("recency is NaN", error.Message, StringComparison.Ordinal);
        Assert.Contains("missing values", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TransactionModels))]
    public void Fit_FractionalFrequencyOrRecencyWithoutPurchases_Throws(string model)
    {
        var fractional = Assert.Throws<ValueModelException>(() => Fit(model, [.. Good, new CustomerSummary("f", 1.5, 3, 10)]));
        var recency = Assert.Throws<ValueModelException>(() => Fit(model, [.. Good, new CustomerSummary("r", 0, 3, 10)]));

        Assert.Contains("whole number", fractional.Message, StringComparison.Ordinal);
        Assert.Contains("recency is 0 by definition", recency.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TransactionModels))]
    public void Fit_SingleCustomer_ThrowsSayingAPopulationIsNeeded(string model)
    {
        var error = Assert.Throws<ValueModelException>(() => Fit(model, [Good[0]]));

        Assert.Contains("at least 2 customers", error.Message, StringComparison.Ordinal);
        Assert.Contains("whole customer base", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TransactionModels))]
    public void Fit_NoRepeatBuyers_Throws(string model)
    {
        CustomerSummary[] data = [new("a", 0, 0, 10), new("b", 0, 0, 20), new("c", 0, 0, 30)];

        var error = Assert.Throws<ValueModelException>(() => Fit(model, data));

        Assert.Contains("has a repeat purchase", error.Message, StringComparison.Ordinal);
        Assert.Contains("longer calibration period", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TransactionModels))]
    public void Fit_UnidentifiableData_ThrowsWithAdviceNotNaN(string model)
    {
        // Two identical customers: the likelihood has no interior maximum.
        CustomerSummary[] data = [new("a", 1, 5, 10), new("b", 1, 5, 10)];

        var error = Assert.Throws<ValueModelException>(() => Fit(model, data));

        Assert.Contains("PenalizerCoefficient", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GammaGammaFit_NoRepeatBuyers_Throws()
    {
        CustomerSummary[] data = [new("a", 0, 0, 10), new("b", 0, 0, 20), new("c", 1, 5, 30, 12.5)];

        var error = Assert.Throws<ValueModelException>(() => new GammaGammaFitter().Fit(data));

        Assert.Contains("needs at least 2; 1 of the 3 customers", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GammaGammaFit_RepeatBuyerWithoutSpend_ThrowsSayingWhatToLeaveOut()
    {
        var data = Good.Append(new CustomerSummary("free", 2, 5, 30, 0)).ToArray();

        var error = Assert.Throws<ValueModelException>(() => new GammaGammaFitter().Fit(data));

        Assert.Contains("'free'", error.Message, StringComparison.Ordinal);
        Assert.Contains("positive mean spend", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GammaGammaFit_NaNSpend_Throws()
    {
        var data = Good.Append(new CustomerSummary("nan", 2, 5, 30, double.NaN)).ToArray();

        var error = Assert.Throws<ValueModelException>(() => new GammaGammaFitter().Fit(data));

        Assert.Contains("monetary value is NaN", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GammaGammaFit_IdenticalSpendEverywhere_ThrowsWithAdviceNotNaN()
    {
        CustomerSummary[] data = [new("a", 1, 5, 10, 20), new("b", 2, 5, 10, 20), new("c", 3, 5, 10, 20)];

        Assert.Throws<ValueModelException>(() => new GammaGammaFitter().Fit(data));
    }

    [Fact]
    public void Fitters_InvalidOptions_ThrowWhenBuilt()
    {
        Assert.Throws<ArgumentException>(() => new BetaGeoFitter(new BetaGeoOptions { PenalizerCoefficient = -1 }));
        Assert.Throws<ArgumentException>(() => new ParetoNbdFitter(new ParetoNbdOptions { MaximumNumberOfIterations = 0 }));
        Assert.Throws<ArgumentException>(() => new GammaGammaFitter(new GammaGammaOptions { OptimizationTolerance = double.NaN }));
    }

    [Fact]
    public void Queries_RecencyAfterAge_ThrowArgumentOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Cdnow.BetaGeo.ProbabilityAlive(1, 40, 38));
        Assert.Throws<ArgumentOutOfRangeException>(() => Cdnow.ParetoNbd.ConditionalExpectedPurchases(39, 1, 40, 38));
        Assert.Throws<ArgumentOutOfRangeException>(() => Cdnow.BetaGeo.ExpectedPurchases(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Cdnow.GammaGamma.ConditionalExpectedAverageSpend(1, double.NaN));
    }
}
