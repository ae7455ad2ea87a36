using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Net;
using Clientele.Benchmarks;
using Clientele.Cluster.Als;
using Clientele.Recommend;
using Clientele.Tests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Clientele.ClusterBench;

/// <summary>
/// ALS on the cluster against ALS in one process, on the same matrix and seed: <c>als-cluster</c> fits
/// <see cref="AlsFitter"/>, then starts <c>--silos</c> silos in this process (localhost membership, loopback sockets
/// between them, so every grain call between silos is serialized as it would be between machines) and fits
/// <see cref="DistributedAls"/> from the first, with four shards a side per silo as a refit does. One JSON line: the
/// wall and CPU seconds of each, how many shards each silo solved, and the largest difference of any factor. The
/// silos share this machine's cores with each other, so the ratio is the cluster's overhead, not its speed-up.
///   Clientele.ClusterBench als-cluster CSR [SILOS (2)] [ITERATIONS (3)] [FACTORS (64)]
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        if (args is not ["als-cluster", var path, ..] || args.Length > 5)
        {
            Console.Error.WriteLine("usage: Clientele.ClusterBench als-cluster CSR [SILOS (2)] [ITERATIONS (3)] [FACTORS (64)]");
            return 2;
        }
        int At(int i, int fallback) => args.Length > i ? int.Parse(args[i], CultureInfo.InvariantCulture) : fallback;
        var silos = At(2, 2);
        var alsOptions = new AlsOptions { Iterations = At(3, 3), Factors = At(4, 64), Seed = 42 };
        var matrix = CsrFile.Read(path);
        Console.Error.WriteLine($"als-cluster: {matrix.Users} × {matrix.Items}, {matrix.NonZeros} pairs from {path}; {alsOptions.Factors} factors, {alsOptions.Iterations} sweeps; {silos} silos");

        var (single, singleSeconds, singleCpu) = Timed(() => new AlsFitter(alsOptions).Fit(matrix));

        var hosts = Enumerable.Range(0, silos).Select(Silo).ToList();
        try
        {
            foreach (var host in hosts)
            {
                host.StartAsync().GetAwaiter().GetResult();
            }
            var grains = hosts[0].Services.GetRequiredService<IGrainFactory>();
            var (distributed, distributedSeconds, distributedCpu) = Timed(() =>
                DistributedAls.Fit(grains, matrix, alsOptions, ClusterAlsFitter.ShardsPerSilo * silos).GetAwaiter().GetResult());
            Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["side"] = "clientele",
                ["algorithm"] = "als-cluster",
                ["users"] = matrix.Users,
                ["items"] = matrix.Items,
                ["nnz"] = matrix.NonZeros,
                ["factors"] = alsOptions.Factors,
                ["iterations"] = alsOptions.Iterations,
                ["silos"] = silos,
                ["single_seconds"] = singleSeconds,
                ["single_cpu_seconds"] = singleCpu,
                ["cluster_seconds"] = distributedSeconds,
                ["cluster_cpu_seconds"] = distributedCpu,
                ["shards_per_silo"] = distributed.ShardsPerSilo.Values.OrderBy(v => v).ToArray(),
                ["largest_difference"] = FactorDifference.Largest(single, distributed.Model),
            }));
        }
        finally
        {
            foreach (var host in hosts)
            {
                host.StopAsync().GetAwaiter().GetResult();
                host.Dispose();
            }
        }
        return 0;
    }

    /// <summary>The result, wall seconds and CPU seconds of the process (every thread) of one run, after a full collection.</summary>
    private static (T Result, double Seconds, double Cpu) Timed<T>(Func<T> work)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var result = work();
        var seconds = clock.Elapsed.TotalSeconds;
        process.Refresh();
        return (result, seconds, (process.TotalProcessorTime - cpu).TotalSeconds);
    }

    /// <summary>Silo <paramref name="n"/> of a localhost cluster whose first silo is the primary.</summary>
    private static IHost Silo(int n) => new HostBuilder()
        .UseOrleans(silo => silo.UseLocalhostClustering(11_211 + n, 30_100 + n, new IPEndPoint(IPAddress.Loopback, 11_211)))
        .ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
        .Build();
}
