using Clientele.Pipeline.Live;

namespace Clientele.Cluster.Customers;

/// <summary>
/// A customer's grain applies the live service's own work (Pipeline.Live) on its silo's <see cref="LiveStore"/>: its
/// events join the silo's next group commit (one transaction, one wait for the disk, for every grain's events that
/// arrived meanwhile) and are answered when it commits; its reads evaluate the silo's current models. It keeps no
/// copy of the customer's summaries: the store's rows, updated in the events' transaction, are the one truth.
/// </summary>
internal sealed class CustomerGrain(LiveStore store) : Grain, ICustomerGrain
{
    public async Task<LiveEventResult[]> Apply(LiveEventItem[] events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var id = this.GetPrimaryKeyString();
        if (events.Any(e => e.Event is { } valid && valid.CustomerId != id))
        {
            throw new ArgumentException($"Events of another customer were sent to customer {id}'s grain.", nameof(events));
        }
        return [.. await Answered(store.WriteEvents(events)).ConfigureAwait(true)];
    }

    public Task<LiveProfile?> Profile(DateTime now) =>
        Answered(store.Read((s, models) => LiveProfiles.Read(s, models.Current(s), this.GetPrimaryKeyString(), now), CancellationToken.None));

    public Task<LiveCustomerRecommendations?> Recommendations(int count) =>
        Answered(store.Read((s, models) => LiveRecommendations.ForCustomer(s, models.Current(s), this.GetPrimaryKeyString(), count), CancellationToken.None));

    public Task<ErasureResult?> EraseCustomer() => Answered(store.Erase(this.GetPrimaryKeyString(), CancellationToken.None));

    /// <summary>A store error or a full store as one the caller's silo can read (<see cref="CustomerGrainException"/>): the service answers it 503.</summary>
    private static async Task<T> Answered<T>(Task<T> work)
    {
        try
        {
            return await work.ConfigureAwait(true);
        }
        catch (System.Data.Common.DbException e)
        {
            throw new CustomerGrainException(e.Message, busy: false);
        }
        catch (StoreBusyException e)
        {
            throw new CustomerGrainException(e.Message, busy: true);
        }
    }
}
