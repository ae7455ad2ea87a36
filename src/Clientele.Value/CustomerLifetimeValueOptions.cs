namespace Clientele.Value;

/// <summary>
/// Settings for <see cref="CustomerLifetimeValue"/>: the horizon as a number of periods of a given length, and the
/// discount rate per period. The defaults are lifetimes' <c>customer_lifetime_value</c> defaults (12 monthly periods,
/// 1% a month).
/// </summary>
public sealed record CustomerLifetimeValueOptions
{
    /// <summary>
    /// Gets the length of one period in the time unit of the summaries the transaction model was fitted on: for a
    /// month, 30 when the summaries are in days (lifetimes' <c>freq="D"</c>) or 4.345 when they are in weeks
    /// (<c>freq="W"</c>).
    /// </summary>
    /// <value>Required; a finite number &gt; 0.</value>
    public required double PeriodLength { get; init; }

    /// <summary>Gets the number of periods in the horizon (lifetimes' <c>time</c>).</summary>
    /// <value>The default value is 12.</value>
    public int NumberOfPeriods { get; init; } = 12;

    /// <summary>The default <see cref="DiscountRate"/>: 1 % a period, and the default period is a month (lifetimes' default).</summary>
    public const double DefaultMonthlyDiscountRate = 0.01;

    /// <summary>Gets the discount rate per period: the value of period i is divided by (1 + rate)^i.</summary>
    /// <value>The default value is <see cref="DefaultMonthlyDiscountRate"/> (0.01).</value>
    public double DiscountRate { get; init; } = DefaultMonthlyDiscountRate;

    /// <summary>Throws <see cref="ArgumentException"/> when a setting is out of range.</summary>
    /// <exception cref="ArgumentException">A setting is out of range; the message names it and its valid range.</exception>
    public void Validate()
    {
        if (!double.IsFinite(PeriodLength) || PeriodLength <= 0)
        {
            throw new ArgumentException($"{nameof(PeriodLength)} must be a finite number > 0, got {PeriodLength}.", nameof(PeriodLength));
        }
        if (NumberOfPeriods < 1)
        {
            throw new ArgumentException($"{nameof(NumberOfPeriods)} must be at least 1, got {NumberOfPeriods}.", nameof(NumberOfPeriods));
        }
        if (!double.IsFinite(DiscountRate) || DiscountRate <= -1.0)
        {
            throw new ArgumentException($"{nameof(DiscountRate)} must be a finite number > -1, got {DiscountRate}.", nameof(DiscountRate));
        }
    }
}
