using System.Diagnostics;
using System.Runtime.InteropServices;
using Clientele.Recommend;

namespace Clientele.Benchmarks;

/// <summary>
/// The Clientele side of <c>bench/peers/run-recommend-peers.sh</c>: ALS and BPR iterations timed one by one on a binary
/// CSR file written by <c>bench/peers/recommend_data.py</c> (int64 users, items, nnz; int32 row pointers; int32
/// columns; float32 weights).
/// </summary>
internal static class RecommendCommands
{
    /// <summary>
    /// Fits <see cref="AlsFitter"/> for <c>--warm-up</c> + <c>--iterations</c> sweeps on <c>--csr</c> and prints one JSON
    /// line with the wall-clock and CPU seconds of each of the last <c>--iterations</c> sweeps (the first ones include the
    /// weighting and the transpose, and let the tiered JIT settle). Before that, untimed fits on the first 2,000 rows
    /// (<see cref="Timing.WarmUp"/>). With <c>--factors-out PREFIX</c>, writes the factors as raw float32
    /// (<c>PREFIX.users.f32</c>, <c>PREFIX.items.f32</c>, row-major) for the peer script's loss and NDCG.
    /// </summary>
    public static int AlsOnce(string[] args)
    {
        var options = Commands.Parse(args);
        if (!options.TryGetValue("csr", out var path))
        {
            return Commands.Fail("als-once needs --csr PATH.");
        }
        var iterations = Commands.Int(options, "iterations", 5);
        var warmUp = Commands.Int(options, "warm-up", 1);
        var alsOptions = new AlsOptions
        {
            Factors = Commands.Int(options, "factors", 64),
            Regularization = (float)Commands.Double(options, "reg", 20),
            Alpha = (float)Commands.Double(options, "alpha", 1),
            ConjugateGradientSteps = Commands.Int(options, "cg-steps", 3),
            Seed = Commands.Int(options, "seed", 42),
        };
        var matrix = CsrFile.Read(path);
        Console.Error.WriteLine(
            $"als: {matrix.Users} × {matrix.Items}, {matrix.NonZeros} pairs from {path}; {alsOptions.Factors} factors, λ {alsOptions.Regularization}, "
            + $"α {alsOptions.Alpha}, {alsOptions.ConjugateGradientSteps} CG steps; {warmUp} + {iterations} sweeps, {Environment.ProcessorCount} cores");

        var head = Head(matrix, 2_000);
        Timing.WarmUp(() => new AlsFitter(alsOptions with { Iterations = 2 }).Fit(head));

        var (model, seconds, cpu) = TimeIterations(warmUp, iterations, callback =>
            new AlsFitter(alsOptions with { Iterations = warmUp + iterations }).Fit(matrix, callback));
        Timing.ForgetCpuSeconds();
        Timing.Emit(new Dictionary<string, object>
        {
            ["side"] = "clientele",
            ["algorithm"] = "als",
            ["users"] = matrix.Users,
            ["items"] = matrix.Items,
            ["nnz"] = matrix.NonZeros,
            ["factors"] = alsOptions.Factors,
            ["threads"] = Environment.ProcessorCount,
            ["seconds"] = seconds,
            ["cpu_seconds"] = cpu,
            ["median_seconds"] = Timing.Median(seconds),
        });
        if (options.TryGetValue("factors-out", out var prefix))
        {
            WriteFactors(prefix + ".users.f32", matrix.Users, model.Factors, model.UserFactors);
            WriteFactors(prefix + ".items.f32", matrix.Items, model.Factors, model.ItemFactors);
        }
        return 0;
    }

    /// <summary>
    /// Fits <see cref="BprFitter"/> for <c>--warm-up</c> + <c>--iterations</c> epochs on <c>--csr</c> and prints one JSON
    /// line with the wall-clock and CPU seconds of each of the last <c>--iterations</c> epochs. Negatives are drawn by popularity and verified, on all cores (Hogwild), as
    /// implicit's <c>bpr_update</c>, unless <c>--sampling uniform</c> / <c>--threads</c> say otherwise.
    /// </summary>
    public static int BprOnce(string[] args)
    {
        var options = Commands.Parse(args);
        if (!options.TryGetValue("csr", out var path))
        {
            return Commands.Fail("bpr-once needs --csr PATH.");
        }
        var iterations = Commands.Int(options, "iterations", 5);
        var warmUp = Commands.Int(options, "warm-up", 1);
        var sampling = options.TryGetValue("sampling", out var s) && s == "uniform" ? NegativeSampling.Uniform : NegativeSampling.Popularity;
        var bprOptions = new BprOptions
        {
            Factors = Commands.Int(options, "factors", 64),
            LearningRate = (float)Commands.Double(options, "lr", 0.02),
            Regularization = (float)Commands.Double(options, "reg", 0.01),
            NegativeSampling = sampling,
            DegreeOfParallelism = Commands.Int(options, "threads", Environment.ProcessorCount),
            Seed = Commands.Int(options, "seed", 42),
        };
        var matrix = CsrFile.Read(path);
        Console.Error.WriteLine(
            $"bpr: {matrix.Users} × {matrix.Items}, {matrix.NonZeros} pairs from {path}; {bprOptions.Factors} factors, "
            + $"{bprOptions.NegativeSampling} negatives, {bprOptions.DegreeOfParallelism} threads; {warmUp} + {iterations} epochs");

        var head = Head(matrix, 2_000);
        Timing.WarmUp(() => new BprFitter(bprOptions with { Epochs = 2 }).Fit(head));

        var (_, seconds, cpu) = TimeIterations(warmUp, iterations, callback =>
            new BprFitter(bprOptions with { Epochs = warmUp + iterations }).Fit(matrix, callback));
        Timing.ForgetCpuSeconds();
        Timing.Emit(new Dictionary<string, object>
        {
            ["side"] = "clientele",
            ["algorithm"] = "bpr",
            ["users"] = matrix.Users,
            ["items"] = matrix.Items,
            ["nnz"] = matrix.NonZeros,
            ["factors"] = bprOptions.Factors,
            ["threads"] = bprOptions.DegreeOfParallelism,
            ["seconds"] = seconds,
            ["cpu_seconds"] = cpu,
            ["median_seconds"] = Timing.Median(seconds),
        });
        return 0;
    }

    private delegate T FitWithCallback<out T>(Action<int> iterationCompleted);

    /// <summary>Runs a fit that reports each finished iteration; returns the wall and CPU seconds of iterations after the first <paramref name="warmUp"/>.</summary>
    private static (T Result, double[] Seconds, double[] Cpu) TimeIterations<T>(int warmUp, int iterations, FitWithCallback<T> fit)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var seconds = new List<double>();
        var cpu = new List<double>();
        var watch = Stopwatch.StartNew();
        var lastWall = 0.0;
        var lastCpu = CpuSeconds();
        var result = fit(iteration =>
        {
            var wall = watch.Elapsed.TotalSeconds;
            var processor = CpuSeconds();
            if (iteration > warmUp)
            {
                seconds.Add(wall - lastWall);
                cpu.Add(processor - lastCpu);
            }
            lastWall = wall;
            lastCpu = processor;
        });
        if (seconds.Count != iterations)
        {
            throw new InvalidOperationException($"Expected {iterations} timed iterations, got {seconds.Count}.");
        }
        return (result, seconds.ToArray(), cpu.ToArray());
    }

    private static double CpuSeconds()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime.TotalSeconds;
    }

    /// <summary>
    /// Writes the interactions <c>clientele recommend</c> learns from in the store <c>--store</c> (one per customer,
    /// product and day; summed per customer and product) as a binary CSR file of <c>recommend_data.py</c>'s layout, rows
    /// and columns in the ordinal order of the customer and product ids, as the recommender numbers them: the same
    /// matrix for <c>als-once</c> and for implicit.
    /// </summary>
    public static int ExportStoreCsr(string[] args)
    {
        var options = Commands.Parse(args);
        if (!options.TryGetValue("store", out var storePath) || !options.TryGetValue("out", out var path))
        {
            return Commands.Fail("export-store-csr needs --store PATH and --out PATH.");
        }
        using var store = Clientele.Data.Store.ClienteleStore.OpenExisting(storePath);
        Clientele.Features.CustomerInputs.Prepare(store);
        var matrix = InteractionMatrix.FromInteractions(
            Clientele.Features.CustomerInputs.Interactions(store).Select(p => new Interaction(p.CustomerId, p.ProductId, 1f, p.Day.DayNumber)).ToList());
        var m = matrix.UserItems;
        using (var stream = File.Create(path))
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write((long)m.Rows);
            writer.Write((long)m.Columns);
            writer.Write((long)m.NonZeros);
            writer.Write(MemoryMarshal.AsBytes(m.RowPointers));
            writer.Write(MemoryMarshal.AsBytes(m.ColumnIndices));
            writer.Write(MemoryMarshal.AsBytes(m.Values));
        }
        Console.Error.WriteLine($"wrote {path}: {m.Rows} x {m.Columns}, {m.NonZeros} pairs from {storePath}");
        return 0;
    }

    /// <summary>The first <paramref name="rows"/> users with all items (for warm-up fits).</summary>
    private static InteractionMatrix Head(InteractionMatrix matrix, int rows)
    {
        var m = matrix.UserItems;
        rows = Math.Min(rows, m.Rows);
        var triples = new List<(int, int, float)>();
        for (var u = 0; u < rows; u++)
        {
            var indices = m.RowIndices(u);
            var values = m.RowValues(u);
            for (var n = 0; n < indices.Length; n++)
            {
                triples.Add((u, indices[n], values[n]));
            }
        }
        return InteractionMatrix.Build(CsrFile.Ids(rows), CsrFile.Ids(matrix.Items), CollectionsMarshal.AsSpan(triples));
    }

    private delegate ReadOnlySpan<float> FactorRow(int row);

    private static void WriteFactors(string path, int rows, int f, FactorRow row)
    {
        using var stream = File.Create(path);
        for (var r = 0; r < rows; r++)
        {
            var values = row(r);
            if (values.Length != f)
            {
                throw new InvalidOperationException($"Row {r} has {values.Length} factors, expected {f}.");
            }
            stream.Write(MemoryMarshal.AsBytes(values));
        }
    }
}
