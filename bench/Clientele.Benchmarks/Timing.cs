using System.Diagnostics;
using System.Text.Json;

namespace Clientele.Benchmarks;

/// <summary>Repeated wall-clock timing for the side-by-side commands, and their one-JSON-line-per-result output.</summary>
internal static class Timing
{
    /// <summary>Plain ASCII JSON for a terminal and a Python reader: "k-means++" rather than "k-means\u002B\u002B".</summary>
    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Runs <paramref name="action"/> <paramref name="repeat"/> times, each after a full garbage collection, and returns
    /// the last result with the wall-clock seconds of every run. The CPU seconds of the process (all threads) during each
    /// run go to <see cref="LastCpuSeconds"/>: on a shared machine they move less than the wall clock when neighbours
    /// take a core.
    /// </summary>
    public static (T Result, double[] Seconds) Repeat<T>(int repeat, Func<T> action)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(repeat);
        ArgumentNullException.ThrowIfNull(action);
        var seconds = new double[repeat];
        var cpu = new double[repeat];
        var result = default(T)!;
        for (var i = 0; i < repeat; i++)
        {
            Collect();
            var cpuBefore = CpuSeconds();
            var stopwatch = Stopwatch.StartNew();
            result = action();
            seconds[i] = stopwatch.Elapsed.TotalSeconds;
            cpu[i] = CpuSeconds() - cpuBefore;
        }
        LastCpuSeconds = cpu;
        return (result, seconds);
    }

    /// <summary>Gets the CPU seconds of each run of the last <see cref="Repeat{T}"/>; <see cref="Emit"/> adds them as <c>cpu_seconds</c>.</summary>
    public static double[] LastCpuSeconds { get; private set; } = [];

    /// <summary>Forgets the CPU seconds of the last <see cref="Repeat{T}"/>, for results timed otherwise.</summary>
    public static void ForgetCpuSeconds() => LastCpuSeconds = [];

    private static double CpuSeconds()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime.TotalSeconds;
    }

    /// <summary>
    /// Runs <paramref name="action"/> (a small version of the timed work) at least 30 times and for at least half a
    /// second (at most 500 times), then waits for the tiered JIT's background compilations: the timed runs then execute
    /// optimised code from the first one, instead of starting in tier 0 and speeding up part way through.
    /// </summary>
    public static void WarmUp(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var stopwatch = Stopwatch.StartNew();
        for (var runs = 0; runs < 500 && (runs < 30 || stopwatch.Elapsed.TotalSeconds < 0.5); runs++)
        {
            action();
        }
        Thread.Sleep(500);
    }

    /// <summary>The median of <paramref name="values"/> (the mean of the middle two for an even count).</summary>
    public static double Median(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2.0;
    }

    /// <summary>
    /// Prints <paramref name="fields"/> as one JSON line on standard output, with the median of <c>seconds</c> and the
    /// CPU seconds of the last <see cref="Repeat{T}"/> (when it timed as many runs) added.
    /// </summary>
    public static void Emit(Dictionary<string, object> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        if (fields.TryGetValue("seconds", out var value) && value is double[] seconds)
        {
            fields["median_seconds"] = Median(seconds);
            if (LastCpuSeconds.Length == seconds.Length)
            {
                fields["cpu_seconds"] = LastCpuSeconds;
            }
        }
        Console.WriteLine(JsonSerializer.Serialize(fields, JsonOptions));
        Console.Out.Flush();
    }

    private static void Collect()
    {
        // Each timed run starts from a collected heap, so one run does not pay for the previous run's garbage.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}
