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
/// (<see cref="RecentEventIds"/>), written to Orleans' grain storage in PostgreSQL at most every
/// <see cref="WriteEvery"/> and when the grain is put away, never once per event: an event is acknowledged when the
/// store committed it, and a window a few seconds behind costs only a round trip to the store.
/// </summary>
internal sealed class CustomerGrain(
    LiveStore store,
    [PersistentState("recent-events", CustomerGrain.Storage)] IPersistentState<RecentEventIds> recent) : Grain, ICustomerGrain
{
    /// <summary>The grain storage provider's name (<see cref="ClusterHosting"/> registers it).</summary>
    public const string Storage = "customers";

    /// <summary>
    /// How long a changed window may wait before it is written: the batching of the grain's state writes. Each write is
    /// a transaction of its own (Orleans' provider writes one grain at a time), so a busy shop's customers would cost
    /// the store about one durable commit per event at a few seconds (measured: PostgreSQL CPU per request +25 % at 5 s,
    /// bench/README.md); a window written a minute behind only costs a resent id's round trip to the store.
    /// </summary>
    public static readonly TimeSpan WriteEvery = TimeSpan.FromMinutes(1);

    private readonly LiveCustomerRows _rows = new();
    private IGrainTimer? _pendingWrite;

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
                    _pendingWrite ??= this.RegisterGrainTimer(WriteWindow, WriteDelay(id), Timeout.InfiniteTimeSpan);
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
        _pendingWrite?.Dispose();
        _pendingWrite = null;
        await recent.ClearStateAsync().ConfigureAwait(true);
        return erased;
    }

    /// <summary>
    /// How long this customer's changed window waits: between half of <see cref="WriteEvery"/> and all of it, by the
    /// customer's id (the same for the same id on every run). Grains that woke together (a burst of traffic, a silo's
    /// customers coming back elsewhere) would otherwise all write a minute later in the same few seconds, a durable
    /// commit each, and hold up the events' group commits behind them (measured: p99 of event posts 3× the build before).
    /// </summary>
    internal static TimeSpan WriteDelay(string customerId)
    {
        var spread = System.IO.Hashing.XxHash32.HashToUInt32(System.Text.Encoding.UTF8.GetBytes(customerId)) / (double)uint.MaxValue;
        return WriteEvery * (0.5 + spread / 2);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_pendingWrite is not null)
        {
            await WriteWindow(cancellationToken).ConfigureAwait(true);
        }
        await base.OnDeactivateAsync(reason, cancellationToken).ConfigureAwait(true);
    }

    /// <summary>Writes the window, then drops the timer (disposing it first would cancel the write it runs).</summary>
    private async Task WriteWindow(CancellationToken cancellation)
    {
        await recent.WriteStateAsync(cancellation).ConfigureAwait(true);
        _pendingWrite?.Dispose();
        _pendingWrite = null;
    }
}
