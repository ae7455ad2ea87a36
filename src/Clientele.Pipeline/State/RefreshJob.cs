using Clientele.Core;
using Clientele.Data.Store;
using Clientele.Features;
using Clientele.Features.Behaviour;
using Clientele.Features.Summaries;

namespace Clientele.Pipeline.State;

public sealed record RefreshRequest
{
    public required string StorePath { get; init; }

    public required string OutputDirectory { get; init; }

    /// <summary>Fit every model again even when the current one is up to date.</summary>
    /// <value>The default value is false.</value>
    public bool Force { get; init; }

    /// <summary>The segmentation refresh makes (k-means, k chosen by silhouette, as the report shows it).</summary>
    /// <value>The default value is k-means with every other setting at its default.</value>
    public SegmentRequest Segmentation { get; init; } = new() { OutputDirectory = "", Method = SegmentMethod.KMeans };

    /// <value>The default value is BG/NBD with every setting at its default.</value>
    public ValueRequest Value { get; init; } = new() { StorePath = "", OutputDirectory = "" };

    /// <value>The default value is ALS with every setting at its default.</value>
    public RecommendRequest Recommend { get; init; } = new() { StorePath = "", OutputDirectory = "" };

    /// <summary>The comparison with popularity that the report's recommendations section shows.</summary>
    /// <value>The default value is ALS, item-kNN (BM25) and the hybrid against popularity, the last 30 days held out.</value>
    public RecommendEvaluationRequest Evaluation { get; init; } = new() { StorePath = "", Algorithms = ["als", "item-knn-bm25", "hybrid"] };
}

/// <summary>One step of a refresh: the kind, the version now current, and whether it was fitted now or kept.</summary>
public sealed record RefreshStep(string Kind, long? Version, bool Fitted, string? Note);

public sealed record RefreshResult(IReadOnlyList<RefreshStep> Steps, ReportResult Report);

/// <summary>
/// <c>clientele refresh</c>: the work after an ingest, end to end — the per-customer summaries, segmentation, value,
/// recommendations and their comparison with popularity, then the report — fitting only what is not up to date: a current version fitted with the same options on the same data (the
/// same files, rows and last order, <see cref="StoreData"/>; events only for a model that reads them) and as of the same day is kept.
/// </summary>
public static class RefreshJob
{
    public static RefreshResult Run(RefreshRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        DateOnly asOf;
        StoreData data;
        using (var store = ClienteleStore.OpenExisting(request.StorePath))
        {
            asOf = CustomerFeatureQuery.DefaultAsOf(store);
            data = CustomerInputs.StoreData(store);
        }
        var steps = new List<RefreshStep> { Summaries(request) };
        // The as-of dates stay unset (the day after the last order), as a plain segment or value run leaves them, so that
        // their versions count as up to date here; the day itself is compared apart.
        var segmentation = request.Segmentation with { StorePath = request.StorePath, OutputDirectory = request.OutputDirectory };
        steps.Add(Step(request, ModelKinds.Segmentation, StateJson.OptionsOf(segmentation), asOf, data, segmentation.BehaviourFeatures, () => SegmentationJob.Run(segmentation).Version));
        var value = request.Value with { StorePath = request.StorePath, OutputDirectory = request.OutputDirectory };
        // Churn takes behaviour columns whenever the store has events (docs/value.md).
        steps.Add(Step(request, ModelKinds.Value, StateJson.OptionsOf(value), asOf, data, readsEvents: data.Events > 0, () => ValueJob.Run(value).Version));
        var recommend = request.Recommend with { StorePath = request.StorePath, OutputDirectory = request.OutputDirectory };
        steps.Add(Step(request, ModelKinds.Recommender, StateJson.OptionsOf(recommend), null, data, recommend.Feedback == RecommendJob.Events, () => RecommendJob.Run(recommend).Version));
        var evaluation = request.Evaluation with { StorePath = request.StorePath };
        steps.Add(Step(request, ModelKinds.RecommenderEvaluation, StateJson.OptionsOf(evaluation), null, data, evaluation.Feedback == RecommendJob.Events, () => RecommendJob.Evaluate(evaluation).Version));
        var report = ReportJob.Run(new ReportRequest { StorePath = request.StorePath, OutputDirectory = request.OutputDirectory });
        return new RefreshResult(steps, report);
    }

    /// <summary>
    /// The per-customer summaries (docs/summaries.md) and behaviour summaries (docs/behaviour.md), each rebuilt in bulk
    /// when it no longer accounts for every order line or event (after an ingest); what the live service keeps one
    /// event at a time from then on.
    /// </summary>
    private static RefreshStep Summaries(RefreshRequest request)
    {
        using var store = ClienteleStore.OpenExisting(request.StorePath);
        var orders = request.Force || !CustomerSummaryTables.IsCurrent(store) ? CustomerSummaryTables.Rebuild(store) : null;
        var behaviour = request.Force || !BehaviourSummaryTables.IsCurrent(store) ? BehaviourSummaryTables.Rebuild(store) : null;
        if (orders is null && behaviour is null)
        {
            return new RefreshStep(SummariesStep, null, Fitted: false, "up to date");
        }
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        string?[] notes =
        [
            orders is null ? null : string.Create(culture, $"rebuilt from {orders.Lines:N0} order lines: {orders.Customers:N0} customers"),
            behaviour is not { Events: > 0 } ? null : string.Create(culture, $"behaviour rebuilt from {behaviour.Events:N0} events: {behaviour.People:N0} people, {behaviour.Sessions:N0} sessions"),
        ];
        return new RefreshStep(SummariesStep, null, Fitted: true, notes.Any(n => n is not null) ? string.Join("; ", notes.OfType<string>()) : "up to date");
    }

    /// <summary>The name of the summaries' step (not a model: it has no version).</summary>
    public const string SummariesStep = "summaries";

    /// <summary>Keeps the current version when it is up to date, else fits; a model the data cannot carry is a step with its reason, not a failed refresh.</summary>
    private static RefreshStep Step(RefreshRequest request, string kind, string options, DateOnly? asOf, StoreData data, bool readsEvents, Func<long> fit)
    {
        if (!request.Force)
        {
            using var store = ClienteleStore.OpenExisting(request.StorePath);
            if (ModelRegistry.Current(store, kind) is { } current && current.Options == options && current.AsOf == asOf && StoreData.FromJson(current.Data) is { } fitted && data.Same(fitted, readsEvents))
            {
                return new RefreshStep(kind, current.Version, Fitted: false, "up to date");
            }
        }
        try
        {
            return new RefreshStep(kind, fit(), Fitted: true, null);
        }
        catch (ClienteleException e)
        {
            return new RefreshStep(kind, null, Fitted: false, e.Message);
        }
    }
}
