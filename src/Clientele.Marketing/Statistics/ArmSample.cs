using Clientele.Core;

namespace Clientele.Marketing.Statistics;

/// <summary>
/// The sufficient statistics of a per-customer metric in one arm: the number of customers, the sum of the metric and the
/// sum of its squares. Everything the frequentist and Bayesian tests need (mean, sample variance) follows from them, so
/// arms can be summarised in one pass, merged, and analysed without keeping the rows. For a conversion metric (0 or 1 per
/// customer) <see cref="Sum"/> = <see cref="SumOfSquares"/> = the number of conversions (see <see cref="FromConversions"/>).
/// </summary>
/// <remarks>
/// The variance from raw sums, (Σy² − (Σy)²/n)/(n − 1), loses about log₁₀(mean²/variance) of double precision's 16
/// digits: nothing for revenue per customer (whose spread is as large as its mean), but a metric like a timestamp with
/// a tiny spread should be centred before it is summed. This is the representation GrowthBook's
/// <c>SampleMeanStatistic(sum, sum_squares, n)</c> uses, so its published cases feed in unchanged.
/// </remarks>
/// <param name="Count">The number of customers (n).</param>
/// <param name="Sum">Σ y over the customers.</param>
/// <param name="SumOfSquares">Σ y² over the customers.</param>
public readonly record struct ArmSample(long Count, double Sum, double SumOfSquares)
{
    /// <summary>Gets the mean ȳ = Σy / n (NaN when the arm is empty).</summary>
    public double Mean => Count > 0 ? Sum / Count : double.NaN;

    /// <summary>
    /// Gets the sample variance with n − 1 in the denominator, (Σy² − (Σy)²/n)/(n − 1), clamped at 0 against rounding;
    /// NaN when n &lt; 2.
    /// </summary>
    public double Variance => Count > 1 ? Math.Max(0.0, (SumOfSquares - (Sum * Sum / Count)) / (Count - 1)) : double.NaN;

    /// <summary>Gets the squared standard error of the mean, s²/n.</summary>
    public double VarianceOfMean => Variance / Count;

    /// <summary>Gets the moments (n, mean, variance) the tests read.</summary>
    public ArmMoments Moments => new(Count, Mean, Variance);

    /// <summary>Summarises per-customer values.</summary>
    public static ArmSample FromValues(ReadOnlySpan<double> values)
    {
        double sum = 0.0, sumOfSquares = 0.0;
        foreach (var value in values)
        {
            if (!double.IsFinite(value))
            {
                throw new ClienteleException($"A metric value is {value}; every value must be a finite number.");
            }
            sum += value;
            sumOfSquares += value * value;
        }
        return new ArmSample(values.Length, sum, sumOfSquares);
    }

    /// <summary>The sample of a 0/1 conversion metric: Σy = Σy² = conversions.</summary>
    public static ArmSample FromConversions(long conversions, long count)
    {
        Validation.Proportion(conversions, count, "arm");
        return new ArmSample(count, conversions, conversions);
    }

    /// <summary>The sample of the two arms together (the sums add).</summary>
    public ArmSample Combine(ArmSample other) => new(Count + other.Count, Sum + other.Sum, SumOfSquares + other.SumOfSquares);
}
