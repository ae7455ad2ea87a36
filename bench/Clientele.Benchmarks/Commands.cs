using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Clientele.Core;
using Clientele.Segmentation;
using Microsoft.ML.Data;

namespace Clientele.Benchmarks;

/// <summary>
/// The program's commands besides the benchmarks, for <c>bench/peers/run-kmeans-peer.sh</c> (the clustering and value
/// commands of the other peer scripts are in <see cref="ClusteringCommands"/> and <see cref="ValueCommands"/>).
/// </summary>
internal static class Commands
{
    public const string Usage = """
        usage:
          Clientele.Benchmarks [BenchmarkDotNet arguments, e.g. --filter '*']
          Clientele.Benchmarks export-blobs PATH [--rows N] [--dims D] [--centres C] [--seed S] [--spread SD] [--labels PATH]
          Clientele.Benchmarks kmeans-once --csv PATH --k K [--n-init N] [--seed S] [--max-iter M] [--tol T]
          Clientele.Benchmarks kmeans-check [--rows N]
          Clientele.Benchmarks duckdb-sql --db PATH --step NAME SQL...
          Clientele.Benchmarks export-dbscan PATH [--rows N] [--seed S] [--labels PATH]
          Clientele.Benchmarks kmeans-compare --csv PATH --labels PATH [--k K] [--init PATH] [--max-iter M] [--tol T]
                                              [--seed S] [--repeat R] [--only hamerly,lloyd,mlnet]
          Clientele.Benchmarks hierarchical-once --csv PATH --labels PATH [--k K] [--repeat R] [--heights-out PATH]
          Clientele.Benchmarks dbscan-once --csv PATH --labels PATH --eps E [--min-samples M] [--repeat R] [--labels-out PATH]
          Clientele.Benchmarks export-btyd PATH [--customers N] [--seed S]
          Clientele.Benchmarks value-once --csv PATH [--period-length L] [--periods N] [--discount D] [--repeat R] [--clv-out PATH]
          Clientele.Benchmarks export-short-texts PATH [--count N] [--min-tokens 12] [--max-tokens 18] [--alexa TSV] [--model DIR]
          Clientele.Benchmarks use-lite-throughput --texts PATH [--repeat R] [--model DIR]
          Clientele.Benchmarks als-once --csr PATH [--iterations N] [--warm-up W] [--factors F] [--reg L] [--alpha A] [--cg-steps S]
                                        [--seed S] [--factors-out PREFIX]
          Clientele.Benchmarks export-store-csr --store PATH --out PATH
          Clientele.Benchmarks bpr-once --csr PATH [--iterations N] [--warm-up W] [--factors F] [--lr R] [--reg L]
                                        [--sampling popularity|uniform] [--threads T] [--seed S]
        """;

    /// <summary>
    /// Writes seeded gaussian blobs (<see cref="Blobs"/>, standard deviation <c>--spread</c>, default 3) as CSV with a
    /// header row; with <c>--labels PATH</c> also the generating blob of each row (<see cref="ClusteringData.WriteLabels"/>).
    /// </summary>
    public static int ExportBlobs(string[] args)
    {
        if (args.Length < 1 || args[0].StartsWith("--", StringComparison.Ordinal))
        {
            return Fail("export-blobs needs a PATH.");
        }
        var options = Parse(args[1..]);
        var rows = Int(options, "rows", 200_000);
        var dimensions = Int(options, "dims", KMeansBenchmarks.Dimensions);
        var centres = Int(options, "centres", KMeansBenchmarks.Clusters);
        var seed = Int(options, "seed", KMeansBenchmarks.Seed);
        var spread = Double(options, "spread", Blobs.Spread);
        Blobs.WriteCsv(Blobs.Generate(rows, dimensions, centres, seed, out var labels, spread), args[0]);
        Console.Error.WriteLine($"wrote {rows} × {dimensions} ({centres} blobs, standard deviation {spread}, seed {seed}) to {args[0]}");
        if (options.TryGetValue("labels", out var labelPath))
        {
            ClusteringData.WriteLabels(labels, labelPath);
            Console.Error.WriteLine($"wrote the generating blob of each row to {labelPath}");
        }
        return 0;
    }

    /// <summary>
    /// Fits Clientele's k-means once on a CSV and prints the JSON line of <c>bench/peers/sklearn_kmeans.py</c>:
    /// <c>k</c>, <c>inertia</c>, <c>n_iter</c> (of the best restart) and <c>seconds</c> (the fit only). The fit is
    /// preceded by an untimed fit on the first 1,000 rows so that the timing excludes JIT compilation.
    /// </summary>
    public static int KMeansOnce(string[] args)
    {
        var options = Parse(args);
        if (!options.TryGetValue("csv", out var csv))
        {
            return Fail("kmeans-once needs --csv PATH.");
        }
        if (!options.ContainsKey("k"))
        {
            return Fail("kmeans-once needs --k K.");
        }
        var settings = new KMeansOptions
        {
            NumberOfClusters = Int(options, "k", 0),
            NumberOfRestarts = Int(options, "n-init", 10),
            Seed = Int(options, "seed", 42),
            MaximumNumberOfIterations = Int(options, "max-iter", 300),
            OptimizationTolerance = options.TryGetValue("tol", out var tol) ? double.Parse(tol, CultureInfo.InvariantCulture) : 1e-4,
        };
        var data = Blobs.ReadCsv(csv);

        var warmUpRows = Math.Min(data.Rows, 1_000);
        if (warmUpRows >= settings.NumberOfClusters)
        {
            var head = data.SelectRows(Enumerable.Range(0, warmUpRows).ToArray());
            _ = new KMeansFitter(settings with { NumberOfRestarts = 1 }).Fit(head);
        }

        var stopwatch = Stopwatch.StartNew();
        var model = new KMeansFitter(settings).Fit(data);
        var seconds = stopwatch.Elapsed.TotalSeconds;
        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["k"] = settings.NumberOfClusters,
            ["inertia"] = model.Inertia,
            ["n_iter"] = model.Iterations,
            ["seconds"] = seconds,
        }));
        return 0;
    }

    /// <summary>
    /// Fits both sides of <see cref="KMeansBenchmarks"/> once with its settings and prints their inertia on the same
    /// (double) data, with the iterations Clientele ran: the benchmark times only mean something if both did the
    /// same work to a similar result.
    /// </summary>
    public static int KMeansCheck(string[] args)
    {
        var options = Parse(args);
        var rows = Int(options, "rows", 100_000);
        var data = Blobs.Generate(rows, KMeansBenchmarks.Dimensions, KMeansBenchmarks.Clusters, KMeansBenchmarks.Seed);

        var stopwatch = Stopwatch.StartNew();
        var clientele = KMeansBenchmarks.ClienteleFitter().Fit(data);
        var clienteleSeconds = stopwatch.Elapsed.TotalSeconds;

        var (context, view) = KMeansBenchmarks.MlNetData(data);
        if (options.ContainsKey("log"))
        {
            context.Log += (_, e) =>
            {
                if (e.Source.Contains("KMeans", StringComparison.OrdinalIgnoreCase))
                {
                    Console.Error.WriteLine(e.Message);
                }
            };
        }
        stopwatch.Restart();
        var transformer = KMeansBenchmarks.MlNetTrainer(context).Fit(view);
        var mlNetSeconds = stopwatch.Elapsed.TotalSeconds;
        VBuffer<float>[] centroids = [];
        transformer.Model.GetClusterCentroids(ref centroids, out var k);
        var flat = new double[k * data.Columns];
        for (var c = 0; c < k; c++)
        {
            var dense = centroids[c].DenseValues().ToArray();
            for (var j = 0; j < data.Columns; j++)
            {
                flat[(c * data.Columns) + j] = dense[j];
            }
        }

        Console.WriteLine($"{rows} × {data.Columns}, k = {KMeansBenchmarks.Clusters}, one restart, at most {KMeansBenchmarks.Iterations} iterations, tolerance 0");
        Console.WriteLine(FormattableString.Invariant($"Clientele: inertia {clientele.Inertia:F1} after {clientele.Iterations} iterations, {clienteleSeconds:F3} s (first call, includes JIT)"));
        Console.WriteLine(FormattableString.Invariant($"ML.NET:    inertia {Inertia(data, flat, k):F1} (its float centroids, on the double data), {mlNetSeconds:F3} s (first call, includes JIT)"));
        return 0;
    }

    private static double Inertia(FeatureMatrix data, double[] centroids, int k)
    {
        var total = 0.0;
        for (var i = 0; i < data.Rows; i++)
        {
            var row = data.Row(i);
            var best = double.PositiveInfinity;
            for (var c = 0; c < k; c++)
            {
                var distance = 0.0;
                for (var j = 0; j < row.Length; j++)
                {
                    var d = row[j] - centroids[(c * row.Length) + j];
                    distance += d * d;
                }
                best = Math.Min(best, distance);
            }
            total += best;
        }
        return total;
    }

    internal static Dictionary<string, string> Parse(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"Expected --name value, got '{args[i]}'.\n{Usage}");
            }
            options[args[i][2..]] = args[++i];
        }
        return options;
    }

    internal static int Int(Dictionary<string, string> options, string name, int fallback) =>
        options.TryGetValue(name, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    internal static double Double(Dictionary<string, string> options, string name, double fallback) =>
        options.TryGetValue(name, out var text) ? double.Parse(text, CultureInfo.InvariantCulture) : fallback;

    internal static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        Console.Error.WriteLine(Usage);
        return 2;
    }
}
