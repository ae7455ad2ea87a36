using Clientele.Pipeline.Live;

namespace Clientele.Cluster.Products;

/// <summary>
/// A product's grain answers its counters and its similar products from its silo's <see cref="LiveStore"/> with the
/// code one process uses (Pipeline.Live), and keeps the answers so that a popular product's page, read by many at once,
/// costs the store one read a while rather than one per request. It keeps nothing durable: the store's
/// <c>product_summaries</c> row, updated in the events' transactions on whichever silo took them, is the truth.
/// </summary>
internal sealed class ProductGrain(LiveStore store) : Grain, IProductGrain
{
    /// <summary>
    /// How long the counters are answered from memory before the store is read again. Kept by time, not invalidated by
    /// the writers: a product's events are written by the grains of its buyers on every silo, and telling the product's
    /// grain after each commit would cost a call across silos per event for a cache of a few milliseconds' read. One
    /// second is the service's other bound on staleness (a model version made elsewhere serves within a second).
    /// </summary>
    public static readonly TimeSpan CountersFor = TimeSpan.FromSeconds(1);

    private (long ReadAt, LiveProduct? Product)? _counters;
    private long _similarGeneration;
    private readonly Dictionary<int, LiveSimilarProducts?> _similar = [];

    public async Task<LiveProduct?> Counters()
    {
        var now = store.Time.GetTimestamp();
        if (_counters is { } kept && store.Time.GetElapsedTime(kept.ReadAt, now) < CountersFor)
        {
            return kept.Product;
        }
        var id = this.GetPrimaryKeyString();
        var product = await GrainCalls.Answered(store.Read((s, _) => LiveProducts.Read(s, id), CancellationToken.None)).ConfigureAwait(true);
        _counters = (now, product);
        return product;
    }

    /// <summary>
    /// Similar products are kept per count for the silo's model generation (<see cref="LiveModelCache.Generation"/>): the
    /// registry moves every silo to a new recommender (a refit, or an erasure that rewrote it under the same version)
    /// under a new generation, so a kept answer is the current model's until the generation changes. Before the
    /// registry's first move (generation 0) the silo's models may change by themselves, and nothing is kept.
    /// </summary>
    public async Task<LiveSimilarProducts?> Similar(int count)
    {
        var generation = store.Models.Generation;
        if (generation > 0 && generation == _similarGeneration && _similar.TryGetValue(count, out var kept))
        {
            return kept;
        }
        var id = this.GetPrimaryKeyString();
        var similar = await GrainCalls.Answered(store.Read((s, models) => LiveLists.Similar(s, models.Current(s), id, count), CancellationToken.None)).ConfigureAwait(true);
        if (generation != _similarGeneration)
        {
            _similar.Clear();
            _similarGeneration = generation;
        }
        if (generation > 0)
        {
            _similar[count] = similar;
        }
        return similar;
    }
}
