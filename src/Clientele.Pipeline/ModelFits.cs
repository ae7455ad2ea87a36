using System.Diagnostics.Metrics;

namespace Clientele.Pipeline;

/// <summary>
/// Every model the Pipeline fits is counted here (meter <c>Clientele.Pipeline</c>, counter <c>clientele.model.fits</c>,
/// tagged with the kind): how a service's metrics and a test see that a reader of the store fitted nothing.
/// </summary>
public static class ModelFits
{
    public const string MeterName = "Clientele.Pipeline";
    public const string CounterName = "clientele.model.fits";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Fits = Meter.CreateCounter<long>(CounterName, unit: "{fit}", description: "Models fitted, by kind");

    /// <summary>Counts one fit of <paramref name="kind"/> (clustering, segment-classifier, bg-nbd, gamma-gamma, churn, value-class, a recommender's name, …).</summary>
    public static void Count(string kind) => Fits.Add(1, new KeyValuePair<string, object?>("kind", kind));
}
