using Clientele.Pipeline.Live;

namespace Clientele.Cluster.Products;

/// <summary>One product on the cluster, keyed by the product's id: its popularity counters and its similar products, kept a while.</summary>
public interface IProductGrain : IGrainWithStringKey
{
    /// <summary>The product's counters, at most <see cref="ProductGrain.CountersFor"/> old; null when the store does not know the product.</summary>
    Task<LiveProduct?> Counters();

    /// <summary>The top <paramref name="count"/> similar products under the silo's current recommender; null without a recommender.</summary>
    Task<LiveSimilarProducts?> Similar(int count);
}
