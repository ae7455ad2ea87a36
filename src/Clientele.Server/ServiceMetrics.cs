using System.Diagnostics.Metrics;
using OpenTelemetry.Metrics;

namespace Clientele.Server;

/// <summary>
/// The service's metrics for Prometheus at <c>/metrics</c> (OpenTelemetry): ASP.NET Core's request durations by route
/// and status, and the service's own counts of events by outcome and of store waits refused. No label carries a
/// customer id or a key.
/// </summary>
public sealed class ServiceMetrics : IDisposable
{
    public const string MeterName = "Clientele.Server";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _events;
    private readonly Counter<long> _busy;

    public ServiceMetrics()
    {
        _events = _meter.CreateCounter<long>("clientele.events", description: "Events received, by outcome (accepted, duplicate, rejected).");
        _busy = _meter.CreateCounter<long>("clientele.store.busy", description: "Requests answered 503 because too many waited for the store.");
    }

    public void Events(string status, int count) => _events.Add(count, new KeyValuePair<string, object?>("status", status));

    public void Busy() => _busy.Add(1);

    public void Dispose() => _meter.Dispose();

    /// <summary>Registers the metrics and the Prometheus exporter.</summary>
    public static void Add(IServiceCollection services)
    {
        services.AddSingleton<ServiceMetrics>();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddAspNetCoreInstrumentation()
            .AddMeter(MeterName)
            .AddPrometheusExporter());
    }
}
