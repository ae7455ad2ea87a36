using Clientele.Core;
using Clientele.Marketing.Statistics;

namespace Clientele.Marketing.Campaigns;

/// <summary>
/// What the campaign's audience rule did one window earlier: the customers it selected as of
/// <see cref="AsOf"/>, and how many of them bought from that day for <see cref="Days"/> days (to <see cref="Until"/>,
/// exclusive) with no campaign at all. That is the control arm's conversion the data supports.
/// </summary>
/// <param name="AsOf">The back-test's as-of day: the plan's as-of minus the campaign's length.</param>
/// <param name="Until">The first day after the back-test window (the plan's as-of).</param>
/// <param name="Days">The campaign's length in days, the window of the back-test.</param>
/// <param name="Customers">The customers the audience rule selected as of <see cref="AsOf"/>.</param>
/// <param name="Converted">How many of them bought (an order that is not a return) in the window.</param>
/// <param name="Rate">Converted / customers.</param>
/// <param name="Lower">The Wilson interval's lower end at <see cref="Confidence"/>.</param>
/// <param name="Upper">The Wilson interval's upper end.</param>
/// <param name="Confidence">The interval's confidence level.</param>
/// <param name="RevenuePerCustomer">Their mean net revenue in the window (non-buyers count as 0).</param>
/// <param name="RevenueVariance">The sample variance of that revenue (n − 1).</param>
public sealed record BacktestedBaseline(
    DateOnly AsOf, DateOnly Until, int Days, long Customers, long Converted, double Rate, double Lower, double Upper, double Confidence,
    double RevenuePerCustomer, double RevenueVariance);

/// <summary>The back-tested baseline from the audience's outcomes in the earlier window (pure: the caller reads the store).</summary>
public static class BaselineBacktest
{
    /// <summary>
    /// Summarises what the audience selected as of <paramref name="asOf"/> did in the <paramref name="days"/> days that
    /// followed: one (converted, revenue) per customer.
    /// </summary>
    /// <exception cref="ClienteleException">No customer, or a revenue that is not a finite number.</exception>
    public static BacktestedBaseline Measure(DateOnly asOf, int days, IReadOnlyList<(bool Converted, double Revenue)> outcomes, double confidence = 0.95)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        if (days < 1)
        {
            throw new ClienteleException($"The back-test window is {days} day(s); it must be at least 1.");
        }
        if (outcomes.Count == 0)
        {
            throw new ClienteleException("The back-test audience is empty; a conversion rate needs at least one customer.");
        }
        long converted = 0;
        var revenues = new double[outcomes.Count];
        for (var i = 0; i < outcomes.Count; i++)
        {
            converted += outcomes[i].Converted ? 1 : 0;
            revenues[i] = outcomes[i].Revenue;
        }
        var revenue = ArmSample.FromValues(revenues);
        var n = outcomes.Count;
        var bounds = ProportionInterval.Wilson(converted, n, confidence);
        return new BacktestedBaseline(asOf, asOf.AddDays(days), days, n, converted, (double)converted / n, bounds.Lower, bounds.Upper, confidence, revenue.Mean, n < 2 ? 0.0 : revenue.Variance);
    }
}
