namespace Clientele.Value;

/// <summary>
/// Customer lifetime value as lifetimes' <c>customer_lifetime_value</c> defines it: the discounted expected spend over
/// <see cref="CustomerLifetimeValueOptions.NumberOfPeriods"/> periods,
/// CLV = Σ_{i=1..n} (E[Y(iL) | x, t_x, T] − E[Y((i−1)L) | x, t_x, T]) × E[Z | x, m] / (1 + d)^i,
/// with L the period length, E[Y] from a transaction model (BG/NBD or Pareto/NBD), E[Z | x, m] the Gamma-Gamma
/// conditional expected average spend and d the discount rate per period.
/// </summary>
/// <remarks>
/// Time units: the transaction model's parameters are in the unit of the summaries it was fitted on, so the period
/// length is given in that unit (30 for a month of days, 4.345 for a month of weeks), and the customers' summaries must
/// be in that unit too. Money is in the unit of the summaries' monetary values.
/// </remarks>
public sealed class CustomerLifetimeValue
{
    private readonly ITransactionModel _transactions;
    private readonly GammaGammaModel _spend;
    private readonly CustomerLifetimeValueOptions _options;
    private readonly double[] _discount;

    /// <param name="transactions">The fitted transaction model (BG/NBD or Pareto/NBD).</param>
    /// <param name="spend">The fitted Gamma-Gamma spend model.</param>
    /// <param name="options">The horizon and discount rate; validated here.</param>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public CustomerLifetimeValue(ITransactionModel transactions, GammaGammaModel spend, CustomerLifetimeValueOptions options)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        ArgumentNullException.ThrowIfNull(spend);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _transactions = transactions;
        _spend = spend;
        _options = options;
        _discount = new double[options.NumberOfPeriods + 1];
        for (var i = 1; i <= options.NumberOfPeriods; i++)
        {
            _discount[i] = Math.Pow(1.0 + options.DiscountRate, -i);
        }
    }

    /// <summary>The discounted expected spend of one customer over the horizon.</summary>
    /// <exception cref="ValueModelException">The summary breaks a rule (a NaN or negative value, t_x &gt; T, a fractional frequency).</exception>
    public double Value(CustomerSummary customer)
    {
        SummaryValidation.CheckHistory(customer, 0);
        return ValueUnchecked(customer, Path(customer.Frequency, customer.Age));
    }

    public double[] Values(IReadOnlyList<CustomerSummary> customers)
    {
        var array = SummaryValidation.CheckedSpan(customers).ToArray();

        // The expected purchases while alive depend on (x, T) only, which customers share: each pair's path over the
        // periods (a series per period, the slow part) is computed once.
        var shared = SharedHistories.Of(array);
        var paths = shared.PerPair(Path);

        var result = new double[array.Length];
        var blocks = (array.Length + BlockParallel.BlockSize - 1) / BlockParallel.BlockSize;
        Parallel.For(0, blocks, block =>
        {
            var end = Math.Min(array.Length, (block + 1) * BlockParallel.BlockSize);
            for (var i = block * BlockParallel.BlockSize; i < end; i++)
            {
                result[i] = ValueUnchecked(array[i], paths[shared.PairOf[i]]);
            }
        });
        return result;
    }

    /// <summary>The expected purchases while alive by the end of each period, 1 … <see cref="CustomerLifetimeValueOptions.NumberOfPeriods"/>.</summary>
    private double[] Path(double frequency, double age)
    {
        var path = new double[_options.NumberOfPeriods + 1];
        for (var i = 1; i <= _options.NumberOfPeriods; i++)
        {
            path[i] = _transactions.ExpectedPurchasesWhileAlive(i * _options.PeriodLength, frequency, age);
        }
        return path;
    }

    private double ValueUnchecked(in CustomerSummary c, double[] whileAlive)
    {
        var spend = _spend.ConditionalExpectedAverageSpend(c.Frequency, c.Frequency > 0 ? c.MonetaryValue : 0.0);
        var alive = _transactions.ProbabilityAlive(c.Frequency, c.Recency, c.Age);
        var total = 0.0;
        var previous = 0.0;
        for (var i = 1; i <= _options.NumberOfPeriods; i++)
        {
            // E[Y(t) | x, t_x, T] = while-alive × P(alive), multiplied in the models' own order.
            var cumulative = whileAlive[i] * alive;
            total += (cumulative - previous) * _discount[i];
            previous = cumulative;
        }
        return total * spend;
    }
}
