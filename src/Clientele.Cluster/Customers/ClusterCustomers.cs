using Clientele.Cluster.Registry;
using Clientele.Pipeline.Live;

namespace Clientele.Cluster.Customers;

/// <summary>
/// The service's per-customer work on the cluster: a request's events are split by customer and each customer's go
/// to its grain, in the order sent; the answers are put back in the request's order. Reads go to the customer's grain.
/// A change to the models goes through the model registry, which moves every silo to them together.
/// </summary>
public sealed class ClusterCustomers(IGrainFactory grains) : ILiveCustomers
{
    public async Task<IReadOnlyList<LiveEventResult>> Write(IReadOnlyList<LiveEventItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var results = new LiveEventResult[items.Count];
        var byCustomer = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i].Event is { } e)
            {
                if (!byCustomer.TryGetValue(e.CustomerId, out var positions))
                {
                    byCustomer[e.CustomerId] = positions = [];
                }
                positions.Add(i);
            }
            else
            {
                results[i] = LiveEventResult.Refused(items[i]);
            }
        }
        await GrainCalls.Reached(Task.WhenAll(byCustomer.Select(async pair =>
        {
            var answers = await grains.GetGrain<ICustomerGrain>(pair.Key).Apply([.. pair.Value.Select(i => items[i])]).ConfigureAwait(false);
            for (var n = 0; n < answers.Length; n++)
            {
                results[pair.Value[n]] = answers[n];
            }
        }))).ConfigureAwait(false);
        return results;
    }

    public async Task<LiveProfile?> Profile(string customerId, DateTime now, CancellationToken cancellation) =>
        await GrainCalls.Reached(grains.GetGrain<ICustomerGrain>(customerId).Profile(now).WaitAsync(cancellation)).ConfigureAwait(false);

    public async Task<LiveCustomerRecommendations?> Recommendations(string customerId, int count, CancellationToken cancellation) =>
        await GrainCalls.Reached(grains.GetGrain<ICustomerGrain>(customerId).Recommendations(count).WaitAsync(cancellation)).ConfigureAwait(false);

    public async Task<ErasureResult?> EraseCustomer(string customerId, CancellationToken cancellation)
    {
        var erased = await GrainCalls.Reached(grains.GetGrain<ICustomerGrain>(customerId).EraseCustomer().WaitAsync(cancellation)).ConfigureAwait(false);
        if (erased is not null)
        {
            // The recommenders were rewritten without the customer under the same versions: no silo may keep its
            // factors once the erasure is answered. Not cancelled with the request: the erasure is done.
            try
            {
                await ModelsChanged(CancellationToken.None).ConfigureAwait(false);
            }
            catch (LiveStoreException e)
            {
                throw new LiveStoreException(e.Message,
                    "The customer was erased from the store, but the model registry did not answer, so some nodes may still hold the customer's "
                    + "factors in memory; they let go within a second of the registry answering again. Sent again, this DELETE answers 404.");
            }
        }
        return erased;
    }

    public async Task ModelsChanged(CancellationToken cancellation) =>
        await GrainCalls.Reached(grains.GetGrain<IModelRegistryGrain>(ModelRegistryGrain.Key).Publish().WaitAsync(cancellation)).ConfigureAwait(false);

    public async Task<IReadOnlyList<LiveNode>> Nodes(CancellationToken cancellation)
    {
        var management = grains.GetGrain<IManagementGrain>(0);
        var hosts = await GrainCalls.Reached(management.GetDetailedHosts(onlyActive: false, cancellation)).ConfigureAwait(false);
        var statistics = await GrainCalls.Reached(management.GetSimpleGrainStatistics(cancellation)).ConfigureAwait(false);
        var customerGrain = typeof(CustomerGrain).FullName!;
        var customers = statistics
            .Where(s => s.GrainType.Contains(customerGrain, StringComparison.Ordinal))
            .GroupBy(s => s.SiloAddress.ToString(), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(s => s.ActivationCount), StringComparer.Ordinal);
        return [.. hosts
            .OrderBy(h => h.SiloAddress.ToString(), StringComparer.Ordinal)
            .Select(h => new LiveNode(h.SiloAddress.ToString(), h.Status.ToString().ToLowerInvariant(), customers.GetValueOrDefault(h.SiloAddress.ToString())))];
    }
}
