using Clientele.Core;
using Clientele.Segmentation;
using Clientele.Tests;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML;

namespace Clientele.Benchmarks;

/// <summary>
/// The Clientele (and ML.NET) side of <c>bench/peers/run-clustering-peers.sh</c>: k-means, Ward and DBSCAN on the same
/// files the scikit-learn/SciPy peer reads, one JSON line per result (time of each run, quality, agreement with the
/// generating labels).
/// </summary>
internal static class ClusteringCommands
{
    /// <summary>Rows of the untimed warm-up fits (<see cref="Timing.WarmUp"/>) that compile every code path before the timed runs.</summary>
    private const int WarmUpRows = 5_000;

    /// <summary>
    /// Writes DBSCAN's 2-d data (<see cref="ClusteringData.GenerateDbscan"/>) as CSV with a header row, and with
    /// <c>--labels PATH</c> the generating labels (−1 for the uniform noise).
    /// </summary>
    public static int ExportDbscan(string[] args)
    {
        if (args.Length < 1 || args[0].StartsWith("--", StringComparison.Ordinal))
        {
            return Commands.Fail("export-dbscan needs a PATH.");
        }
        var options = Commands.Parse(args[1..]);
        var rows = Commands.Int(options, "rows", 1_000_000);
        var seed = Commands.Int(options, "seed", 42);
        Blobs.WriteCsv(ClusteringData.GenerateDbscan(rows, seed, out var labels), args[0]);
        Console.Error.WriteLine($"wrote {rows} × 2 ({ClusteringData.DbscanBlobs} blobs and {ClusteringData.DbscanNoise:P0} noise, seed {seed}) to {args[0]}");
        if (options.TryGetValue("labels", out var labelPath))
        {
            ClusteringData.WriteLabels(labels, labelPath);
        }
        return 0;
    }

    /// <summary>
    /// k-means on a CSV, every variant in one process: Clientele (Hamerly and Lloyd) from the given initial centres
    /// (<c>--init</c>, scikit-learn's <c>init=array, n_init=1</c>), Clientele from one greedy k-means++ seeding of its own,
    /// and ML.NET's <see cref="KMeansTrainer"/> from one k-means++ seeding of its own (it cannot take initial centres).
    /// All: at most <c>--max-iter</c> iterations, tolerance <c>--tol</c> (Clientele's is scikit-learn's; ML.NET keeps its
    /// own default criterion), every core. Inertia and the adjusted Rand index against <c>--labels</c> are computed
    /// from each side's final centroids (ML.NET: its float centroids on the double data, outside the timing).
    /// </summary>
    public static int KMeansCompare(string[] args)
    {
        var options = Commands.Parse(args);
        if (!options.TryGetValue("csv", out var csv) || !options.TryGetValue("labels", out var labelPath))
        {
            return Commands.Fail("kmeans-compare needs --csv PATH and --labels PATH.");
        }
        var k = Commands.Int(options, "k", 8);
        var maximumIterations = Commands.Int(options, "max-iter", 100);
        var tolerance = Commands.Double(options, "tol", 1e-4);
        var seed = Commands.Int(options, "seed", 42);
        var repeat = Commands.Int(options, "repeat", 3);
        var only = options.TryGetValue("only", out var list) ? list.Split(',') : ["hamerly", "lloyd", "mlnet"];

        var data = Blobs.ReadCsv(csv);
        var truth = ClusteringData.ReadLabels(labelPath);
        CheckLength(truth, data, labelPath);
        double[]? initial = null;
        if (options.TryGetValue("init", out var initPath))
        {
            var centres = Blobs.ReadCsv(initPath);
            if (centres.Rows != k || centres.Columns != data.Columns)
            {
                return Commands.Fail($"{initPath} holds {centres.Rows} × {centres.Columns} centres; expected {k} × {data.Columns}.");
            }
            initial = centres.Values.ToArray();
        }
        Console.Error.WriteLine($"k-means: {data.Rows} × {data.Columns}, k = {k}, at most {maximumIterations} iterations, tol {tolerance}, {repeat} timed runs each, {Environment.ProcessorCount} cores");

        var settings = new KMeansOptions
        {
            NumberOfClusters = k,
            NumberOfRestarts = 1,
            MaximumNumberOfIterations = maximumIterations,
            OptimizationTolerance = tolerance,
            Seed = seed,
        };
        var head = data.SelectRows(Enumerable.Range(0, Math.Min(data.Rows, WarmUpRows)).ToArray());
        foreach (var algorithm in new[] { KMeansAlgorithm.Hamerly, KMeansAlgorithm.Lloyd })
        {
            var name = algorithm.ToString().ToLowerInvariant();
            if (!only.Contains(name))
            {
                continue;
            }
            var fitter = new KMeansFitter(settings with { Algorithm = algorithm });
            Timing.WarmUp(() => fitter.Fit(head));
            if (initial is not null)
            {
                Timing.WarmUp(() => fitter.Fit(head, initial));
                var (given, givenSeconds) = Timing.Repeat(repeat, () => fitter.Fit(data, initial));
                EmitKMeans("clientele", name, "given", given.Iterations, given.Inertia, given.Labels, truth, givenSeconds);
            }
            var (seeded, seededSeconds) = Timing.Repeat(repeat, () => fitter.Fit(data));
            EmitKMeans("clientele", name, "k-means++", seeded.Iterations, seeded.Inertia, seeded.Labels, truth, seededSeconds);
        }

        if (only.Contains("mlnet"))
        {
            var trainerOptions = new KMeansTrainer.Options
            {
                FeatureColumnName = nameof(KMeansBenchmarks.Point.Features),
                NumberOfClusters = k,
                MaximumNumberOfIterations = maximumIterations,
                InitializationAlgorithm = KMeansTrainer.InitializationAlgorithm.KMeansPlusPlus,
            };
            var (headContext, headView) = KMeansBenchmarks.MlNetData(head);
            var headTrainer = headContext.Clustering.Trainers.KMeans(trainerOptions);
            Timing.WarmUp(() => headTrainer.Fit(headView));
            var (context, view) = KMeansBenchmarks.MlNetData(data);
            var trainer = context.Clustering.Trainers.KMeans(trainerOptions);
            var (transformer, seconds) = Timing.Repeat(repeat, () => trainer.Fit(view));
            var centroids = MlNetCentroids(transformer, data.Columns, out var clusters);
            var labels = Nearest(data, centroids, clusters, out var inertia);
            // ML.NET reports its iteration count nowhere (not in its log either): -1.
            EmitKMeans("ml.net", "KMeansTrainer", "k-means++", -1, inertia, labels, truth, seconds);
        }
        return 0;
    }

    /// <summary>
    /// Ward hierarchical clustering of every row (<see cref="HierarchicalFitter"/>, no sampling: the sample limit is
    /// set to the number of rows), cut into <c>--k</c> clusters; the timing covers the whole fit (pairwise distances,
    /// nearest-neighbour chain, cut). With <c>--heights-out</c>, writes the merge heights in merge order.
    /// </summary>
    public static int HierarchicalOnce(string[] args)
    {
        var options = Commands.Parse(args);
        if (!options.TryGetValue("csv", out var csv) || !options.TryGetValue("labels", out var labelPath))
        {
            return Commands.Fail("hierarchical-once needs --csv PATH and --labels PATH.");
        }
        var k = Commands.Int(options, "k", 8);
        var repeat = Commands.Int(options, "repeat", 1);
        var data = Blobs.ReadCsv(csv);
        var truth = ClusteringData.ReadLabels(labelPath);
        CheckLength(truth, data, labelPath);
        if (data.Rows > HierarchicalFitter.MaximumSampleLimit)
        {
            return Commands.Fail($"At most {HierarchicalFitter.MaximumSampleLimit} rows can be clustered exactly, got {data.Rows}.");
        }
        Console.Error.WriteLine($"Ward: {data.Rows} × {data.Columns}, cut into {k}, {repeat} timed runs");
        var settings = new HierarchicalOptions { Linkage = Linkage.Ward, NumberOfClusters = k, SampleLimit = data.Rows };
        var head = data.SelectRows(Enumerable.Range(0, Math.Min(500, data.Rows)).ToArray());
        Timing.WarmUp(() => new HierarchicalFitter(settings with { SampleLimit = 500 }).Fit(head));
        var clusterer = new HierarchicalFitter(settings);
        var (model, seconds) = Timing.Repeat(repeat, () => clusterer.Fit(data));
        var heights = model.Dendrogram.Merges.Select(merge => merge.Height).ToArray();
        if (options.TryGetValue("heights-out", out var heightsPath))
        {
            ClusteringData.WriteNumbers(heights, "height", heightsPath);
        }
        Timing.Emit(new Dictionary<string, object>
        {
            ["side"] = "clientele",
            ["method"] = "ward",
            ["rows"] = data.Rows,
            ["k"] = k,
            ["seconds"] = seconds,
            ["top_height"] = heights[^1],
            ["sum_heights"] = heights.Sum(),
            ["ari"] = ClusterAgreement.AdjustedRandIndex(model.Labels, truth),
            ["peak_working_set_mb"] = System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64 / 1e6,
        });
        return 0;
    }

    /// <summary>
    /// DBSCAN (<see cref="DbscanFitter"/>, automatic index: a grid in 2-d) with <c>--eps</c> and <c>--min-samples</c>;
    /// the adjusted Rand index is against the generating labels with noise as its own label. With <c>--labels-out</c>,
    /// writes the labels (−1 for noise) for the comparison with scikit-learn's.
    /// </summary>
    public static int DbscanOnce(string[] args)
    {
        var options = Commands.Parse(args);
        if (!options.TryGetValue("csv", out var csv) || !options.TryGetValue("labels", out var labelPath) || !options.ContainsKey("eps"))
        {
            return Commands.Fail("dbscan-once needs --csv PATH, --labels PATH and --eps E.");
        }
        var epsilon = Commands.Double(options, "eps", 0);
        var minimumPoints = Commands.Int(options, "min-samples", 5);
        var repeat = Commands.Int(options, "repeat", 3);
        var data = Blobs.ReadCsv(csv);
        var truth = ClusteringData.ReadLabels(labelPath);
        CheckLength(truth, data, labelPath);
        Console.Error.WriteLine($"DBSCAN: {data.Rows} × {data.Columns}, eps {epsilon}, min_samples {minimumPoints}, {repeat} timed runs");
        var clusterer = new DbscanFitter(new DbscanOptions { Epsilon = epsilon, MinimumPoints = minimumPoints });
        var head = data.SelectRows(Enumerable.Range(0, Math.Min(data.Rows, WarmUpRows)).ToArray());
        Timing.WarmUp(() => clusterer.Fit(head));
        var (model, seconds) = Timing.Repeat(repeat, () => clusterer.Fit(data));
        if (options.TryGetValue("labels-out", out var labelsOut))
        {
            ClusteringData.WriteLabels(model.Labels, labelsOut);
        }
        Timing.Emit(new Dictionary<string, object>
        {
            ["side"] = "clientele",
            ["method"] = "dbscan",
            ["rows"] = data.Rows,
            ["eps"] = epsilon,
            ["min_samples"] = minimumPoints,
            ["seconds"] = seconds,
            ["clusters"] = model.NumberOfClusters,
            ["noise"] = model.NoiseCount,
            ["core"] = model.CoreSampleIndices.Count,
            ["ari"] = ClusterAgreement.AdjustedRandIndex(model.Labels, truth),
            ["peak_working_set_mb"] = System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64 / 1e6,
        });
        return 0;
    }

    private static void EmitKMeans(
        string side, string algorithm, string init, int iterations, double inertia, IReadOnlyList<int> labels, int[] truth, double[] seconds) =>
        Timing.Emit(new Dictionary<string, object>
        {
            ["side"] = side,
            ["algorithm"] = algorithm,
            ["init"] = init,
            ["n_iter"] = iterations,
            ["inertia"] = inertia,
            ["ari"] = ClusterAgreement.AdjustedRandIndex(labels, truth),
            ["seconds"] = seconds,
        });

    private static double[] MlNetCentroids(ClusteringPredictionTransformer<KMeansModelParameters> transformer, int dimensions, out int k)
    {
        VBuffer<float>[] centroids = [];
        transformer.Model.GetClusterCentroids(ref centroids, out k);
        var flat = new double[k * dimensions];
        for (var c = 0; c < k; c++)
        {
            var dense = centroids[c].DenseValues().ToArray();
            for (var j = 0; j < dimensions; j++)
            {
                flat[(c * dimensions) + j] = dense[j];
            }
        }
        return flat;
    }

    /// <summary>The nearest centroid of every row (ties to the lower index) and the sum of squared distances to it.</summary>
    private static int[] Nearest(FeatureMatrix data, double[] centroids, int k, out double inertia)
    {
        var labels = new int[data.Rows];
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
                if (distance < best)
                {
                    best = distance;
                    labels[i] = c;
                }
            }
            total += best;
        }
        inertia = total;
        return labels;
    }

    private static void CheckLength(int[] labels, FeatureMatrix data, string path)
    {
        if (labels.Length != data.Rows)
        {
            throw new FormatException($"{path} holds {labels.Length} labels for {data.Rows} rows.");
        }
    }
}
