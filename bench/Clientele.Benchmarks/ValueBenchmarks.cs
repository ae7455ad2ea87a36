using BenchmarkDotNet.Attributes;
using Clientele.Value;

namespace Clientele.Benchmarks;

/// <summary>
/// BG/NBD and Gamma-Gamma fits (default options: BFGS to a gradient of 1e-8, then standard errors from the observed
/// information) and the 12-month CLV of every customer, on CDNOW's 2,357 published summaries and on 1,000,000 customers
/// simulated from the BG/NBD process with CDNOW's published parameters (the data of
/// <c>bench/peers/run-value-peers.sh</c>, whose numpy/scipy peer has no place in a BenchmarkDotNet table: its numbers
/// stand beside these in <c>bench/README.md</c>).
/// </summary>
[MemoryDiagnoser]
[ShortJob]
public class ValueBenchmarks
{
    public const string Cdnow = "CDNOW";
    public const string Simulated = "Simulated 1M";
    public const int SimulatedCustomers = 1_000_000;

    private CustomerSummary[] _customers = [];
    private CustomerLifetimeValue _lifetimeValue = null!;

    [Params(Cdnow, Simulated)]
    public string Data { get; set; } = Cdnow;

    [GlobalSetup]
    public void Setup()
    {
        _customers = Data == Cdnow ? BtydData.ReadCsv(BtydData.CdnowPath()) : BtydData.Simulate(SimulatedCustomers, BtydData.DefaultSeed);
        _lifetimeValue = new CustomerLifetimeValue(
            new BetaGeoFitter().Fit(_customers),
            new GammaGammaFitter().Fit(_customers),
            new CustomerLifetimeValueOptions { PeriodLength = 4.345 });
    }

    [Benchmark(Description = "BG/NBD fit")]
    public BetaGeoModel BetaGeo() => new BetaGeoFitter().Fit(_customers);

    [Benchmark(Description = "Gamma-Gamma fit")]
    public GammaGammaModel GammaGamma() => new GammaGammaFitter().Fit(_customers);

    [Benchmark(Description = "CLV, 12 months, every customer")]
    public double[] LifetimeValue() => _lifetimeValue.Values(_customers);
}
