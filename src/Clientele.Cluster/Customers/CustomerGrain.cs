using Clientele.Pipeline.Live;

namespace Clientele.Cluster.Customers;

/// <summary>
/// A customer's grain applies the live service's own work (Pipeline.Live) on its silo's <see cref="LiveStore"/>: its
/// events join the silo's next group commit (one transaction, one wait for the disk, for every grain's events that
/// arrived meanwhile) and are answered when it commits; its reads evaluate the silo's current models. The store's
/// rows, updated in the events' transaction, are the customer's summaries and the one truth. The grain keeps in memory
/// what it last read of them (<see cref="LiveCustomerRows"/>: summary, features, purchases, behaviour, sentiment,
/// campaign arms) until its own next write, a new day, or a batch command's write to the store, so a read that follows
/// no write asks the store nothing about the customer. It also keeps the window of the customer's recent event ids
/// (<see cref="RecentEventIds"/>), written to Orleans' grain storage in PostgreSQL once, when the grain is put away
/// (idle, or its silo shutting down), never per event or on a clock: an event is acknowledged when the store committed
/// it, whose <c>received_events</c> is the truth, so a window lost with a silo only costs a resent id a round trip to
/// the store. Written on a clock (once a minute, spread by id), the windows were some 70 durable commits a second at
/// 300 requests a second of each kind, and the event posts' p99 2–3× the build before them (bench/README.md).
/// </summary>
internal sealed class CustomerGrain(
    LiveStore store,
    [PersistentState("recent-events", CustomerGrain.Storage)] IPersistentState<RecentEventIds> recent) : Grain, ICustomerGrain
{
    /// <summary>The grain storage provider's name (<see cref="ClusterHosting"/> registers it).</summary>
    public const string Storage = "customers";

    private readonly LiveCustomerRows _rows = new();

    /// <summary>Whether the window changed since it was read or written.</summary>
    private bool _windowChanged;

    public async Task<LiveEventResult[]> Apply(LiveEventItem[] events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var id = this.GetPrimaryKeyString();
        if (events.Any(e => e.Event is { } valid && valid.CustomerId != id))
        {
            throw new ArgumentException($"Events of another customer were sent to customer {id}'s grain.", nameof(events));
        }
        var results = new LiveEventResult[events.Length];
        var toStore = new List<int>(events.Length);
        for (var i = 0; i < events.Length; i++)
        {
            if (events[i].Event is { } e && recent.State.Contains(e.EventId))
            {
                results[i] = LiveEventResult.DuplicateOf(e.EventId);
            }
            else
            {
                toStore.Add(i);
            }
        }
        if (toStore.Count > 0)
        {
            // Whatever the store answers (a part may be stored even when the call fails), the kept rows are read again.
            _rows.Forget();
            var answers = await GrainCalls.Answered(store.WriteEvents([.. toStore.Select(i => events[i])])).ConfigureAwait(true);
            for (var n = 0; n < answers.Count; n++)
            {
                results[toStore[n]] = answers[n];
                if (answers[n] is { EventId: { } known, Status: LiveEventResult.Accepted or LiveEventResult.Duplicate })
                {
                    recent.State.Add(known);
                    _windowChanged = true;
                }
            }
        }
        return results;
    }

    public Task<LiveProfile?> Profile(DateTime now) =>
        GrainCalls.Answered(store.Read((s, models) => LiveProfiles.Read(s, models.Current(s), this.GetPrimaryKeyString(), now, Kept(s)), CancellationToken.None));

    public Task<LiveCustomerRecommendations?> Recommendations(int count) =>
        GrainCalls.Answered(store.Read((s, models) => LiveRecommendations.ForCustomer(s, models.Current(s), this.GetPrimaryKeyString(), count, Kept(s)), CancellationToken.None));

    /// <summary>The kept rows, forgotten first when a batch command wrote the store since they were read.</summary>
    private LiveCustomerRows Kept(Data.Store.ClienteleStore s)
    {
        _rows.At(store.Data.Current(s));
        return _rows;
    }

    /// <summary>Erases the customer from the store, then deletes the grain's own row (not only its payload) from grain storage.</summary>
    public async Task<ErasureResult?> EraseCustomer()
    {
        _rows.Forget();
        var erased = await GrainCalls.Answered(store.Erase(this.GetPrimaryKeyString(), CancellationToken.None)).ConfigureAwait(true);
        _windowChanged = false;
        await recent.ClearStateAsync().ConfigureAwait(true);
        return erased;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_windowChanged)
        {
            await recent.WriteStateAsync(cancellationToken).ConfigureAwait(true);
            _windowChanged = false;
        }
        await base.OnDeactivateAsync(reason, cancellationToken).ConfigureAwait(true);
    }
}
