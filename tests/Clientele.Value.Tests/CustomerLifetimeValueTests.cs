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
