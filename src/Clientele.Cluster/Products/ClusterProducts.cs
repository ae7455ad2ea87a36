using Clientele.Pipeline.Live;

namespace Clientele.Cluster.Products;

/// <summary>The service's per-product reads on the cluster: each goes to the product's grain (<see cref="ProductGrain"/>), wherever it lives.</summary>
public sealed class ClusterProducts(IGrainFactory grains) : ILiveProducts
{
    public async Task<LiveProduct?> Product(string productId, CancellationToken cancellation) =>
        await GrainCalls.Reached(grains.GetGrain<IProductGrain>(productId).Counters().WaitAsync(cancellation)).ConfigureAwait(false);

    public async Task<LiveSimilarProducts?> Similar(string productId, int count, CancellationToken cancellation) =>
        await GrainCalls.Reached(grains.GetGrain<IProductGrain>(productId).Similar(count).WaitAsync(cancellation)).ConfigureAwait(false);
}
