using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Jobs;
using Perfolizer.Horology;

namespace Clientele.Benchmarks;

/// <summary>
/// A short job for a noisy 2-core machine: one process, 2 warm-up and 10 measured iterations of about a second each
/// (long enough to average out the neighbours' noise, few enough to keep a full run within minutes), no unrolling
/// and no minimum of 4 invocations per iteration, so that an operation of a second is invoked once per iteration
/// rather than 4 or 16 times.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ShortJobAttribute() : JobConfigBaseAttribute(Job.Default
    .WithLaunchCount(1)
    .WithWarmupCount(2)
    .WithIterationCount(10)
    .WithIterationTime(TimeInterval.FromMilliseconds(1000))
    .WithUnrollFactor(1)
    .WithMinInvokeCount(1)
    .WithId("Short"));
