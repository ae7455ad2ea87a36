namespace Clientele.Core.Maths;

/// <summary>
/// Normal, exponential, gamma and beta variates from a seeded <see cref="Random"/>, in one place for every simulation
/// and sampler (the BG/NBD simulator, Thompson sampling, the campaign outcome simulator). The same seed gives the same
/// draws on every machine.
/// </summary>
public static class RandomVariates
{
    /// <summary>Exp(1).</summary>
    public static double Exponential(Random random) => -Math.Log(1.0 - random.NextDouble());

    /// <summary>N(0, 1) by Box–Muller.</summary>
    public static double Normal(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Gamma(shape, 1) by Marsaglia &amp; Tsang (2000), with the U^(1/shape) boost for shape &lt; 1.</summary>
    public static double Gamma(Random random, double shape)
    {
        if (shape < 1.0)
        {
            return Gamma(random, shape + 1.0) * Math.Pow(1.0 - random.NextDouble(), 1.0 / shape);
        }
        var d = shape - (1.0 / 3.0);
        var c = 1.0 / Math.Sqrt(9.0 * d);
        while (true)
        {
            var x = Normal(random);
            var v = 1.0 + (c * x);
            if (v <= 0)
            {
                continue;
            }
            v = v * v * v;
            var u = random.NextDouble();
            var x2 = x * x;
            if (u < 1.0 - (0.0331 * x2 * x2) || Math.Log(u) < (0.5 * x2) + (d * (1.0 - v + Math.Log(v))))
            {
                return d * v;
            }
        }
    }

    /// <summary>Beta(a, b) as X/(X + Y) with X ~ Gamma(a), Y ~ Gamma(b).</summary>
    public static double Beta(Random random, double a, double b)
    {
        var x = Gamma(random, a);
        var y = Gamma(random, b);
        var sum = x + y;
        return sum > 0 ? x / sum : a / (a + b);
    }
}
