using Clientele.Pipeline.Live;

namespace Clientele.Cluster.Customers;

/// <summary>
/// One customer on the cluster, keyed by the customer's id as stored. Orleans keeps one activation of it in the whole
/// cluster and runs its calls one at a time, so the customer has one writer however many API nodes take its events.
/// </summary>
public interface ICustomerGrain : IGrainWithStringKey
{
    /// <summary>Writes the customer's events (in the order sent) and answers each once durable.</summary>
    Task<LiveEventResult[]> Apply(LiveEventItem[] events);

    /// <summary>The live profile at <paramref name="now"/>; null when the store has never seen the customer.</summary>
    Task<LiveProfile?> Profile(DateTime now);

    /// <summary>The top <paramref name="count"/> recommendations; null when the store has never seen the customer.</summary>
    Task<LiveCustomerRecommendations?> Recommendations(int count);

    /// <summary>Erases the customer (between two of its own writes); null when the store has no row naming it.</summary>
    Task<ErasureResult?> EraseCustomer();
}
