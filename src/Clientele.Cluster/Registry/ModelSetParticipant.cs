using Clientele.Pipeline.Live;
using Microsoft.Extensions.Logging;

namespace Clientele.Cluster.Registry;

/// <summary>
/// A silo's participant in the registry's moves, on the silo's <see cref="LiveStore"/>'s models. From the moment the
/// silo is active it subscribes to the registry every <see cref="SubscribeEvery"/>: a registry that came back on another
/// silo learns of it again, and a silo that joined later or missed a switch takes the cluster's set from the answer.
/// </summary>
internal sealed partial class ModelSetParticipant(LiveStore store, IGrainFactory grains, ILocalSiloDetails silo, ILogger<ModelSetParticipant> log)
    : IModelSetParticipant, ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    /// <summary>How often the silo subscribes again.</summary>
    public static readonly TimeSpan SubscribeEvery = TimeSpan.FromSeconds(2);

    private readonly CancellationTokenSource _stopping = new();
    private Task? _subscribing;

    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        lifecycle.Subscribe(nameof(ModelSetParticipant), ServiceLifecycleStage.Active, Start, Stop);
    }

    public async Task<bool> Prepare(ModelSet models)
    {
        ArgumentNullException.ThrowIfNull(models);
        try
        {
            return await store.Read((s, cache) =>
            {
                cache.Prepare(s, models.Versions, models.Generation);
                return true;
            }, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or StoreBusyException or Core.ClienteleException)
        {
            LogNotLoaded(models.Generation, e.Message);
            return false;
        }
    }

    public Task Commit(long generation)
    {
        store.Models.Commit(generation);
        return Task.CompletedTask;
    }

    private Task Start(CancellationToken cancellation)
    {
        // Not awaited: the silo starts whether or not the registry answers yet.
        _subscribing = Task.Run(KeepSubscribed, CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task Stop(CancellationToken cancellation)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_subscribing is not null)
        {
            await _subscribing.ConfigureAwait(false);
        }
        try
        {
            await grains.GetGrain<IModelRegistryGrain>(ModelRegistryGrain.Key).Unsubscribe(Name).WaitAsync(SubscribeEvery, cancellation).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or OrleansException or OperationCanceledException)
        {
            // The registry forgets a silo it does not hear from.
        }
    }

    private string Name => silo.SiloAddress.ToString();

    private async Task KeepSubscribed()
    {
        // Made here, outside any grain: Orleans refuses an observer reference made from within a grain.
        var self = grains.CreateObjectReference<IModelSetParticipant>(this);
        var registry = grains.GetGrain<IModelRegistryGrain>(ModelRegistryGrain.Key);
        using var every = new PeriodicTimer(SubscribeEvery);
        try
        {
            do
            {
                try
                {
                    var cluster = await registry.Subscribe(Name, self, store.Models.Generation).WaitAsync(SubscribeEvery, _stopping.Token).ConfigureAwait(false);
                    // Joined later, or missed a switch: take the cluster's set (an older generation changes nothing).
                    if (cluster is not null && cluster.Generation > store.Models.Generation && await Prepare(cluster).ConfigureAwait(false))
                    {
                        store.Models.Commit(cluster.Generation);
                    }
                }
                catch (Exception e) when (e is TimeoutException or OrleansException)
                {
                    LogNotSubscribed(e);
                }
            }
            while (await every.WaitForNextTickAsync(_stopping.Token).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        finally
        {
            grains.DeleteObjectReference<IModelSetParticipant>(self);
        }
    }

    public void Dispose() => _stopping.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "This silo could not load models generation {Generation}: {Reason}")]
    private partial void LogNotLoaded(long generation, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "This silo could not reach the model registry; it tries again")]
    private partial void LogNotSubscribed(Exception error);
}
