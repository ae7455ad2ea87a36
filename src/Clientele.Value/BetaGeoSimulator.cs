using Clientele.Core.Maths;

namespace Clientele.Value;

/// <summary>
/// Draws customer summaries from the BG/NBD generative process (Fader, Hardie &amp; Lee 2005, section 2), optionally
/// with Gamma-Gamma spend: for recovery tests and benchmarks. The same seed gives the same customers on any number of
/// threads.
/// </summary>
public static class BetaGeoSimulator
{
    private const int ChunkSize = 8192;

    /// <summary>
    /// <paramref name="numberOfCustomers"/> customers, each with λ ~ Gamma(r, α) and p ~ Beta(a, b), observed for an age
    /// T uniform in [<paramref name="minimumAge"/>, <paramref name="maximumAge"/>]: purchases follow a Poisson process of
    /// rate λ from the first purchase at time 0, and after each repeat purchase the customer drops out with probability
    /// p. With <paramref name="spend"/>, each repeat purchase has a value Gamma(p', ν) with ν ~ Gamma(q, γ) per
    /// customer, and <see cref="CustomerSummary.MonetaryValue"/> is their mean. Ids are "1", "2", …
    /// </summary>
    public static CustomerSummary[] Simulate(
        BetaGeoModel model, int numberOfCustomers, double minimumAge, double maximumAge, int seed, GammaGammaModel? spend = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfNegative(numberOfCustomers);
        if (!double.IsFinite(minimumAge) || minimumAge < 0 || !double.IsFinite(maximumAge) || maximumAge < minimumAge)
        {
            throw new ArgumentOutOfRangeException(nameof(maximumAge), $"Ages must satisfy 0 <= minimum ({minimumAge}) <= maximum ({maximumAge}).");
        }
        var result = new CustomerSummary[numberOfCustomers];
        var chunks = (numberOfCustomers + ChunkSize - 1) / ChunkSize;
        var seeds = new int[chunks];
        var master = new Random(seed);
        for (var i = 0; i < chunks; i++)
        {
            seeds[i] = master.Next();
        }
        Parallel.For(0, chunks, chunk =>
        {
            var random = new Random(seeds[chunk]);
            var end = Math.Min(numberOfCustomers, (chunk + 1) * ChunkSize);
            for (var i = chunk * ChunkSize; i < end; i++)
            {
                result[i] = Customer(random, model, minimumAge, maximumAge, spend, (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        });
        return result;
    }

    private static CustomerSummary Customer(Random random, BetaGeoModel model, double minimumAge, double maximumAge, GammaGammaModel? spend, string id)
    {
        var age = minimumAge + ((maximumAge - minimumAge) * random.NextDouble());
        var lambda = RandomVariates.Gamma(random, model.R) / model.Alpha;
        var dropout = RandomVariates.Beta(random, model.A, model.B);
        var nu = spend is null ? 0.0 : RandomVariates.Gamma(random, spend.Q) / spend.Gamma;
        var time = 0.0;
        var frequency = 0;
        var recency = 0.0;
        var total = 0.0;
        while (lambda > 0)
        {
            time += RandomVariates.Exponential(random) / lambda;
            if (time > age)
            {
                break;
            }
            frequency++;
            recency = time;
            if (spend is not null)
            {
                total += RandomVariates.Gamma(random, spend.P) / nu;
            }
            if (random.NextDouble() < dropout)
            {
                break;
            }
        }
        return new CustomerSummary(id, frequency, recency, age, frequency > 0 && spend is not null ? total / frequency : 0.0);
    }
}
