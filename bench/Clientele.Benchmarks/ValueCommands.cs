using Clientele.Value;

namespace Clientele.Benchmarks;

/// <summary>The Clientele side of <c>bench/peers/run-value-peers.sh</c>: BG/NBD, Gamma-Gamma and CLV on a summary CSV.</summary>
internal static class ValueCommands
{
    /// <summary>Writes <see cref="BtydData.Simulate"/>'s customers as CSV (<c>--customers N</c>, <c>--seed S</c>).</summary>
    public static int ExportBtyd(string[] args)
    {
        if (args.Length < 1 || args[0].StartsWith("--", StringComparison.Ordinal))
        {
            return Commands.Fail("export-btyd needs a PATH.");
        }
        var options = Commands.Parse(args[1..]);
        var customers = Commands.Int(options, "customers", 1_000_000);
        var seed = Commands.Int(options, "seed", BtydData.DefaultSeed);
        var simulated = BtydData.Simulate(customers, seed);
        BtydData.WriteCsv(simulated, args[0]);
        Console.Error.WriteLine(
            $"wrote {customers} BG/NBD customers (CDNOW's parameters, T uniform in [{BtydData.MinimumAge}, {BtydData.MaximumAge}] weeks, "
            + $"{simulated.Count(c => c.Frequency > 0)} repeat buyers, seed {seed}) to {args[0]}");
        return 0;
    }

    /// <summary>
    /// Fits BG/NBD and Gamma-Gamma (default options) to the summaries of <c>--csv</c> and computes every customer's CLV
    /// (lifetimes' definition: <c>--periods</c> periods of <c>--period-length</c> time units, 12 × 4.345 weeks by default,
    /// discount <c>--discount</c> per period), each <c>--repeat</c> times after untimed warm-up runs on the first 2,357 rows (<see cref="Timing.WarmUp"/>);
    /// one JSON line per step. With <c>--clv-out</c>, writes the CLVs in row order.
    /// </summary>
    public static int ValueOnce(string[] args)
    {
        var options = Commands.Parse(args);
        if (!options.TryGetValue("csv", out var csv))
        {
            return Commands.Fail("value-once needs --csv PATH.");
        }
        var repeat = Commands.Int(options, "repeat", 5);
        var clvOptions = new CustomerLifetimeValueOptions
        {
            PeriodLength = Commands.Double(options, "period-length", 4.345),
            NumberOfPeriods = Commands.Int(options, "periods", 12),
            DiscountRate = Commands.Double(options, "discount", 0.01),
        };
        var customers = BtydData.ReadCsv(csv);
        Console.Error.WriteLine($"value: {customers.Length} customers from {csv}, {repeat} timed runs each, {Environment.ProcessorCount} cores");

        var head = customers.AsSpan(0, Math.Min(customers.Length, 2_357)).ToArray();
        Timing.WarmUp(() =>
        {
            var warmBetaGeo = new BetaGeoFitter().Fit(head);
            var warmSpend = new GammaGammaFitter().Fit(head);
            _ = new CustomerLifetimeValue(warmBetaGeo, warmSpend, clvOptions).Values(head);
        });

        var (betaGeo, betaGeoSeconds) = Timing.Repeat(repeat, () => new BetaGeoFitter().Fit(customers));
        Timing.Emit(new Dictionary<string, object>
        {
            ["side"] = "clientele",
            ["step"] = "bgnbd",
            ["customers"] = betaGeo.NumberOfCustomers,
            ["params"] = Parameters(betaGeo.Parameters),
            ["se"] = StandardErrors(betaGeo.Parameters),
            ["ll"] = betaGeo.LogLikelihood,
            ["n_iter"] = betaGeo.Iterations,
            ["seconds"] = betaGeoSeconds,
        });

        var (spend, spendSeconds) = Timing.Repeat(repeat, () => new GammaGammaFitter().Fit(customers));
        Timing.Emit(new Dictionary<string, object>
        {
            ["side"] = "clientele",
            ["step"] = "gamma-gamma",
            ["customers"] = spend.NumberOfCustomers,
            ["params"] = Parameters(spend.Parameters),
            ["se"] = StandardErrors(spend.Parameters),
            ["ll"] = spend.LogLikelihood,
            ["n_iter"] = spend.Iterations,
            ["seconds"] = spendSeconds,
        });

        var value = new CustomerLifetimeValue(betaGeo, spend, clvOptions);
        var (clv, clvSeconds) = Timing.Repeat(repeat, () => value.Values(customers));
        if (options.TryGetValue("clv-out", out var clvPath))
        {
            ClusteringData.WriteNumbers(clv, "clv", clvPath);
        }
        Timing.Emit(new Dictionary<string, object>
        {
            ["side"] = "clientele",
            ["step"] = "clv",
            ["customers"] = clv.Length,
            ["sum"] = clv.Sum(),
            ["seconds"] = clvSeconds,
        });
        return 0;
    }

    private static Dictionary<string, double> Parameters(IReadOnlyList<ParameterEstimate> estimates) =>
        estimates.ToDictionary(e => e.Name, e => e.Value, StringComparer.Ordinal);

    private static Dictionary<string, double> StandardErrors(IReadOnlyList<ParameterEstimate> estimates) =>
        estimates.ToDictionary(e => e.Name, e => e.StandardError, StringComparer.Ordinal);
}
