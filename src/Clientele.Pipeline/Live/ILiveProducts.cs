namespace Clientele.Pipeline.Live;

/// <summary>
/// Where the service's per-product reads run: in this process on the store (<see cref="StoreProducts"/>), or on the
/// cluster, one grain per product that keeps its answers a while (Clientele.Cluster). The routes, their answers and
/// their tests are the same.
/// </summary>
public interface ILiveProducts
{
    /// <summary>The product's popularity counters; null when the store does not know the product.</summary>
    Task<LiveProduct?> Product(string productId, CancellationToken cancellation);

    /// <summary>The top <paramref name="count"/> products similar to it under the current recommender; null without a recommender.</summary>
    Task<LiveSimilarProducts?> Similar(string productId, int count, CancellationToken cancellation);
}

/// <summary>The per-product reads in this process, on the service's <see cref="LiveStore"/>: each read asks the store.</summary>
public sealed class StoreProducts(LiveStore store) : ILiveProducts
{
    public Task<LiveProduct?> Product(string productId, CancellationToken cancellation) =>
        store.Read((s, _) => LiveProducts.Read(s, productId), cancellation);

    public Task<LiveSimilarProducts?> Similar(string productId, int count, CancellationToken cancellation) =>
        store.Read((s, models) => LiveLists.Similar(s, models.Current(s), productId, count), cancellation);
}
