namespace Clientele.Value.Tests;

public sealed class CustomerLifetimeValueTests
{
    /// <summary>BG/NBD and Gamma-Gamma fitted on CDNOW (weeks), a month of 4.345 weeks as lifetimes' <c>freq="W"</c>.</summary>
    private static CustomerLifetimeValue CreateSut(int periods = 12, double discount = 0.01)
        => new(Cdnow.BetaGeo, Cdnow.GammaGamma, new CustomerLifetimeValueOptions { PeriodLength = 4.345, NumberOfPeriods = periods, DiscountRate = discount });

    [Fact]
    public void Value_TwelveMonths_IsLifetimesDiscountedSum()
    {
        // lifetimes' _customer_lifetime_value: Σ_i (E[Y(4.345 i)] − E[Y(4.345 (i−1))]) × spend / 1.01^i, written out here.
        var customer = Cdnow.WithSpend[0];
        var bg = Cdnow.BetaGeo;
        var spend = Cdnow.GammaGamma.ConditionalExpectedAverageSpend(customer.Frequency, customer.MonetaryValue);
        var expected = 0.0;
        for (var i = 1; i <= 12; i++)
        {
            var increment = bg.ConditionalExpectedPurchases(4.345 * i, customer) - bg.ConditionalExpectedPurchases(4.345 * (i - 1), customer);
            expected += increment * spend / Math.Pow(1.01, i);
        }

        Numeric.Relative(expected, CreateSut().Value(customer), 1e-12, "CLV of customer 1");
    }

    [Fact]
    public void Value_OnePeriodWithoutDiscount_IsExpectedPurchasesTimesSpend()
    {
        var customer = Cdnow.WithSpend[5];
        var expected = Cdnow.BetaGeo.ConditionalExpectedPurchases(4.345, customer)
            * Cdnow.GammaGamma.ConditionalExpectedAverageSpend(customer);

        Numeric.Relative(expected, CreateSut(periods: 1, discount: 0).Value(customer), 1e-12, "one undiscounted month");
    }

    [Fact]
    public void Value_OnePeriodAtRateOne_IsHalfTheUndiscountedValue()
    {
        // lifetimes' test_customer_lifetime_value_with_known_values: discount_rate = 1 halves a one-period value.
        var customer = Cdnow.WithSpend[1];

        Numeric.Relative(CreateSut(1, 0).Value(customer) / 2, CreateSut(1, 1.0).Value(customer), 1e-12, "discounted at 100%");
    }

    [Fact]
    public void Value_ParetoNbd_IsPositiveAndBelowUndiscountedValue()
    {
        var clv = new CustomerLifetimeValue(Cdnow.ParetoNbd, Cdnow.GammaGamma, new CustomerLifetimeValueOptions { PeriodLength = 4.345 });
        var undiscounted = new CustomerLifetimeValue(Cdnow.ParetoNbd, Cdnow.GammaGamma, new CustomerLifetimeValueOptions { PeriodLength = 4.345, DiscountRate = 0 });
        var customer = Cdnow.WithSpend[0];

        Assert.InRange(clv.Value(customer), 1e-6, undiscounted.Value(customer));
    }

    [Fact]
    public void Values_ManyCustomers_EqualsOneByOne()
    {
        var data = BetaGeoSimulator.Simulate(Cdnow.BetaGeo, 10_000, 26, 39, seed: 3, Cdnow.GammaGamma);
        var clv = CreateSut();

        var values = clv.Values(data);

        Assert.Equal(data.Length, values.Length);
        for (var i = 0; i < data.Length; i += 997)
        {
            Assert.Equal(clv.Value(data[i]), values[i]);
        }
        Assert.All(values, v => Assert.True(double.IsFinite(v) && v >= 0));
    }

    /// <summary>
    /// Values share each (x, T) pair's path of expected purchases while alive; the result is, to the bit, the definition
    /// Σ_i (E[Y(t_i) | x, t_x, T] − E[Y(t_{i−1}) | …]) / (1 + d)^i × E[spend] with the models' conditional expectation,
    /// for BG/NBD and Pareto/NBD, on simulated customers of whom many share x and T (ages and recencies in whole weeks).
    /// </summary>
    [Fact]
    public void Values_SharedPaths_EqualTheDefinitionWithTheConditionalExpectation()
    {
        var data = BetaGeoSimulator.Simulate(Cdnow.BetaGeo, 2_000, 26, 39, seed: 5, Cdnow.GammaGamma)
            .Select(c => c with { Recency = Math.Floor(c.Recency), Age = Math.Floor(c.Age) })
            .ToArray();
        var options = new CustomerLifetimeValueOptions { PeriodLength = 4.345 };
        foreach (ITransactionModel model in new ITransactionModel[] { Cdnow.BetaGeo, Cdnow.ParetoNbd })
        {
            var values = new CustomerLifetimeValue(model, Cdnow.GammaGamma, options).Values(data);

            for (var i = 0; i < data.Length; i++)
            {
                var c = data[i];
                double total = 0, previous = 0;
                for (var p = 1; p <= options.NumberOfPeriods; p++)
                {
                    var cumulative = model.ConditionalExpectedPurchases(p * options.PeriodLength, c.Frequency, c.Recency, c.Age);
                    total += (cumulative - previous) * Math.Pow(1.0 + options.DiscountRate, -p);
                    previous = cumulative;
                }
                Assert.Equal(total * Cdnow.GammaGamma.ConditionalExpectedAverageSpend(c.Frequency, c.Frequency > 0 ? c.MonetaryValue : 0.0), values[i]);
            }
        }
    }

    /// <summary>The batch conditional expectation (shared by (x, T) pairs) is each customer's own, to the bit, for both models.</summary>
    [Fact]
    public void ConditionalExpectedPurchases_Batch_EqualsOneByOne()
    {
        var data = BetaGeoSimulator.Simulate(Cdnow.BetaGeo, 2_000, 26, 39, seed: 6, Cdnow.GammaGamma)
            .Select(c => c with { Recency = Math.Floor(c.Recency), Age = Math.Floor(c.Age) })
            .ToArray();
        foreach (ITransactionModel model in new ITransactionModel[] { Cdnow.BetaGeo, Cdnow.ParetoNbd })
        {
            var batch = TransactionModelBatch.ConditionalExpectedPurchases(model, 52, data);

            Assert.Equal(data.Select(c => model.ConditionalExpectedPurchases(52, c.Frequency, c.Recency, c.Age)), batch);
        }
    }

    [Fact]
    public void Values_BadSummary_ThrowsNamingTheCustomer()
    {
        CustomerSummary[] data = [new("ok", 1, 2, 3, 10), new("late", 1, 5, 3, 10)];

        var error = Assert.Throws<ValueModelException>(() => CreateSut().Values(data));

        Assert.Contains("'late'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_InvalidOptions_Throws()
    {
        Assert.Throws<ArgumentException>(() => new CustomerLifetimeValue(Cdnow.BetaGeo, Cdnow.GammaGamma, new CustomerLifetimeValueOptions { PeriodLength = 0 }));
        Assert.Throws<ArgumentException>(() => new CustomerLifetimeValue(Cdnow.BetaGeo, Cdnow.GammaGamma, new CustomerLifetimeValueOptions { PeriodLength = 30, NumberOfPeriods = 0 }));
        Assert.Throws<ArgumentException>(() => new CustomerLifetimeValue(Cdnow.BetaGeo, Cdnow.GammaGamma, new CustomerLifetimeValueOptions { PeriodLength = 30, DiscountRate = -1 }));
    }
}
