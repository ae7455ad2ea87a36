namespace Clientele.Pipeline.Live;

/// <summary>A customer's recommendations as a route answers them: the recommender version, the products, and how they were made.</summary>
public sealed record LiveCustomerRecommendations(long? ModelVersion, IReadOnlyList<LiveRecommendation> Items, IReadOnlyList<string> Explanation);

/// <summary>A node the per-customer work runs on: its address, its state, and how many customers it holds now (null when it does not count them).</summary>
public sealed record LiveNode(string Address, string Status, int? Customers);

/// <summary>
/// Where the service's per-customer work runs: in this process on the store (<see cref="StoreCustomers"/>), or on the
/// cluster, one grain per customer (Clientele.Cluster). The routes, their answers and their tests are the same.
/// Customer ids are as stored (pseudonymised when the service pseudonymises).
/// </summary>
public interface ILiveCustomers
{
    /// <summary>Writes a request's events and answers each in the order given, once they are durable.</summary>
    Task<IReadOnlyList<LiveEventResult>> Write(IReadOnlyList<LiveEventItem> items);

    /// <summary>The customer's profile at <paramref name="now"/>; null when the store has never seen the customer.</summary>
    Task<LiveProfile?> Profile(string customerId, DateTime now, CancellationToken cancellation);

    /// <summary>The customer's top <paramref name="count"/> recommendations; null when the store has never seen the customer.</summary>
    Task<LiveCustomerRecommendations?> Recommendations(string customerId, int count, CancellationToken cancellation);

    /// <summary>
    /// Erases the customer where its events are written (on the cluster, by its grain, so that no event of it is being
    /// written meanwhile) and, before answering, makes every node drop the models that still hold the customer's
    /// factors (<see cref="ModelsChanged"/>); null when the store has no row naming the customer.
    /// </summary>
    Task<ErasureResult?> EraseCustomer(string customerId, CancellationToken cancellation);

    /// <summary>
    /// Makes every node answer from the store's current models (after a refit, or an erasure rewrote a model): in one
    /// process, the next read loads them; on the cluster, the model registry moves every silo to them together and
    /// answers once they have.
    /// </summary>
    Task ModelsChanged(CancellationToken cancellation);

    /// <summary>The nodes the work runs on: this process alone, or the cluster's silos with the customers each holds.</summary>
    Task<IReadOnlyList<LiveNode>> Nodes(CancellationToken cancellation);
}

/// <summary>The per-customer work in this process, on the service's <see cref="LiveStore"/>.</summary>
public sealed class StoreCustomers(LiveStore store) : ILiveCustomers
{
    public Task<IReadOnlyList<LiveEventResult>> Write(IReadOnlyList<LiveEventItem> items) => store.WriteEvents(items);

    public Task<LiveProfile?> Profile(string customerId, DateTime now, CancellationToken cancellation) =>
        store.Read((s, models) => LiveProfiles.Read(s, models.Current(s), customerId, now), cancellation);

    public Task<LiveCustomerRecommendations?> Recommendations(string customerId, int count, CancellationToken cancellation) =>
        store.Read((s, models) => LiveRecommendations.ForCustomer(s, models.Current(s), customerId, count), cancellation);

    public async Task<ErasureResult?> EraseCustomer(string customerId, CancellationToken cancellation)
    {
        var erased = await store.Erase(customerId, cancellation).ConfigureAwait(false);
        if (erased is not null)
        {
            await ModelsChanged(cancellation).ConfigureAwait(false);
        }
        return erased;
    }

    public Task ModelsChanged(CancellationToken cancellation)
    {
        store.ReloadModels();
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<LiveNode>> Nodes(CancellationToken cancellation) =>
        Task.FromResult<IReadOnlyList<LiveNode>>([new LiveNode("this process", "active", null)]);
}
