using Clientele.Pipeline.Live;

namespace Clientele.Cluster.Customers;

/// <summary>
/// The service's per-customer work on the cluster: a request's events are split by customer and each customer's go
/// to its grain, in the order sent; the answers are put back in the request's order. Reads go to the customer's grain.
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
        await Task.WhenAll(byCustomer.Select(async pair =>
        {
            var answers = await grains.GetGrain<ICustomerGrain>(pair.Key).Apply([.. pair.Value.Select(i => items[i])]).ConfigureAwait(false);
            for (var n = 0; n < answers.Length; n++)
            {
                results[pair.Value[n]] = answers[n];
            }
        })).ConfigureAwait(false);
        return results;
    }

    public Task<LiveProfile?> Profile(string customerId, DateTime now, CancellationToken cancellation) =>
        grains.GetGrain<ICustomerGrain>(customerId).Profile(now).WaitAsync(cancellation);

    public Task<LiveCustomerRecommendations?> Recommendations(string customerId, int count, CancellationToken cancellation) =>
        grains.GetGrain<ICustomerGrain>(customerId).Recommendations(count).WaitAsync(cancellation);
}
