using Clientele.Pipeline.Live;
using Microsoft.Extensions.Logging;

namespace Clientele.Cluster.Registry;

/// <summary>
/// Moves every silo to a new set of models together. Phase one: each subscribed silo loads the new set beside its
/// current one (<see cref="IModelSetParticipant.Prepare"/>), each given <see cref="PrepareTimeout"/>. Phase two: each
/// silo subscribed by then switches (<see cref="IModelSetParticipant.Commit"/>); one that did not prepare in time
/// drops its set instead and loads the store's current set at its next read, so no reachable silo answers from the old
/// set after the move. A silo that does not answer at all holds up a move for at most <see cref="PrepareTimeout"/> and
/// <see cref="CommitTimeout"/>; it takes the set when it next subscribes, or is declared dead and its customers' grains
/// come back on silos that hold the set. The registry also reads the store once per <see cref="LiveModelCache.CheckEvery"/>,
/// so a version made elsewhere (<c>models use</c>, a refit by the command line) or an erasure whose move was lost moves
/// the silos within a second. An activation keeps nothing durable: one that comes back after its silo was lost reads the
/// store again and, having no set yet, moves every silo once its participants subscribed again.
/// </summary>
internal sealed partial class ModelRegistryGrain(LiveStore store, ILogger<ModelRegistryGrain> log) : Grain, IModelRegistryGrain
{
    /// <summary>The registry's key: one for the cluster.</summary>
    public const long Key = 0;

    /// <summary>How long a silo may take to load a new set before the move goes on without it.</summary>
    public static readonly TimeSpan PrepareTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How long a silo may take to answer a switch.</summary>
    public static readonly TimeSpan CommitTimeout = TimeSpan.FromSeconds(5);

    /// <summary>A silo not heard from for this long is gone: it is no longer waited for.</summary>
    private static readonly TimeSpan Forgotten = 3 * ModelSetParticipant.SubscribeEvery;

    private readonly Dictionary<string, Subscription> _silos = new(StringComparer.Ordinal);
    private long _activatedAt;
    private long _generation;
    private ModelSet? _current;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _activatedAt = TimeProvider.System.GetTimestamp();
        // Above any generation of an earlier activation (the silos report theirs too, see Subscribe).
        _generation = TimeProvider.System.GetUtcNow().UtcTicks;
        this.RegisterGrainTimer(Check, new GrainTimerCreationOptions(LiveModelCache.CheckEvery, LiveModelCache.CheckEvery) { KeepAlive = true });
        return Task.CompletedTask;
    }

    public Task<ModelSet?> Subscribe(string silo, IModelSetParticipant participant, long generation)
    {
        ArgumentNullException.ThrowIfNull(participant);
        _silos[silo] = new Subscription(participant, TimeProvider.System.GetTimestamp());
        _generation = Math.Max(_generation, generation);
        return Task.FromResult(_current);
    }

    public Task Unsubscribe(string silo)
    {
        _silos.Remove(silo);
        return Task.CompletedTask;
    }

    public async Task<ModelSet> Publish()
    {
        // Just (re)activated: the silos subscribe again within SubscribeEvery; moving before would move none of them.
        var rejoining = Forgotten - TimeProvider.System.GetElapsedTime(_activatedAt);
        if (_current is null && rejoining > TimeSpan.Zero)
        {
            await Task.Delay(rejoining).ConfigureAwait(true);
        }
        var stored = await store.Read((s, _) => ModelSet.Stored(s), CancellationToken.None).ConfigureAwait(true);
        if (_current is { } current && current.SameModels(stored))
        {
            return current;
        }
        var set = stored with { Generation = ++_generation };
        foreach (var gone in _silos.Where(s => TimeProvider.System.GetElapsedTime(s.Value.HeardAt) > Forgotten).Select(s => s.Key).ToList())
        {
            _silos.Remove(gone);
        }
        var prepared = await Task.WhenAll(_silos.ToList().Select(s => Prepare(s.Key, s.Value.Participant, set))).ConfigureAwait(true);
        // Every silo subscribed now switches, including one that joined during the prepare: it drops its set.
        await Task.WhenAll(_silos.ToList().Select(s => Commit(s.Key, s.Value.Participant, set))).ConfigureAwait(true);
        _current = set;
        var ready = prepared.Count(p => p);
        LogMoved(set.Generation, ready, prepared.Length);
        return set;
    }

    private async Task Check()
    {
        try
        {
            await Publish().ConfigureAwait(true);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or StoreBusyException)
        {
            LogStoreFailed(e.Message);
        }
    }

    private async Task<bool> Prepare(string silo, IModelSetParticipant participant, ModelSet set)
    {
        try
        {
            if (await participant.Prepare(set).WaitAsync(PrepareTimeout).ConfigureAwait(true))
            {
                return true;
            }
            LogNotPrepared(silo, set.Generation, "its store failed or was full");
        }
        catch (Exception e) when (e is TimeoutException or OrleansException)
        {
            LogNotPrepared(silo, set.Generation, e.GetType().Name);
        }
        return false;
    }

    private async Task Commit(string silo, IModelSetParticipant participant, ModelSet set)
    {
        try
        {
            await participant.Commit(set.Generation).WaitAsync(CommitTimeout).ConfigureAwait(true);
        }
        catch (Exception e) when (e is TimeoutException or OrleansException)
        {
            LogNotCommitted(silo, set.Generation, e.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Models generation {Generation}: {Prepared} of {Silos} silos prepared, all told to switch")]
    private partial void LogMoved(long generation, int prepared, int silos);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Silo {Silo} did not prepare models generation {Generation} ({Reason}): it drops its set and loads the store's at its next read")]
    private partial void LogNotPrepared(string silo, long generation, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Silo {Silo} did not answer the switch to models generation {Generation} ({Reason}): it takes the set when it next subscribes")]
    private partial void LogNotCommitted(string silo, long generation, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The model registry could not read the store's versions: {Reason}")]
    private partial void LogStoreFailed(string reason);

    private sealed record Subscription(IModelSetParticipant Participant, long HeardAt);
}
