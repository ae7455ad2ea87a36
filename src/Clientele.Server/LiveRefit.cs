using Clientele.Core;
using Clientele.Pipeline;
using Clientele.Pipeline.Live;

namespace Clientele.Server;

/// <summary>A refit's state: running, succeeded (with the versions it made) or failed (with the reason).</summary>
public sealed record RefitStatus(string Id, string State, DateTime StartedAt, DateTime? FinishedAt, IReadOnlyDictionary<string, long> Versions, string? Error)
{
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
}

/// <summary>
/// <c>POST /v1/models/refit</c>'s work: the segmentation (k-means, k chosen), value and ALS refitted in the background on
/// their own connections, one refit at a time, with the exports in a temporary folder. Each version becomes current in
/// the transaction that stores it, and the profiles take the new set on their next read, whole
/// (<see cref="LiveModelCache"/>), so no read sees a version half stored. On a cluster every node takes it together
/// (<see cref="ILiveCustomers.ModelsChanged"/>) before the refit is reported finished.
/// </summary>
/// <remarks>On the cluster, ALS solves over the silos (<see cref="RefitAls"/>), to the same factors.</remarks>
public sealed class LiveRefit(LiveStore store, ILiveCustomers customers, ILogger<LiveRefit> log, RefitAls? als = null)
{
    private readonly Lock _gate = new();
    private RefitStatus? _last;

    /// <summary>Gets the last refit's state, or null before the first.</summary>
    public RefitStatus? Last => Volatile.Read(ref _last);

    /// <summary>Starts a refit, or gives the running one (<c>Started</c> false) when one is running.</summary>
    public (RefitStatus Status, bool Started) Start()
    {
        lock (_gate)
        {
            if (_last is { State: RefitStatus.Running } running)
            {
                return (running, false);
            }
            var status = new RefitStatus(Guid.NewGuid().ToString("N")[..12], RefitStatus.Running, store.Time.GetUtcNow().UtcDateTime, null, new Dictionary<string, long>(), null);
            Volatile.Write(ref _last, status);
            _ = Task.Run(() => Run(status));
            return (status, true);
        }
    }

    private async Task Run(RefitStatus status)
    {
        var folder = Path.Combine(Path.GetTempPath(), "clientele-refit-" + status.Id);
        RefitStatus finished;
        try
        {
            var segmentation = SegmentationJob.Run(new SegmentRequest { StorePath = store.Location, OutputDirectory = folder, Method = SegmentMethod.KMeans, Time = store.Time });
            var value = ValueJob.Run(new ValueRequest { StorePath = store.Location, OutputDirectory = folder, Time = store.Time });
            var recommender = RecommendJob.Run(new RecommendRequest { StorePath = store.Location, OutputDirectory = folder, Algorithm = "als", Time = store.Time, Als = als?.Fitter });
            var versions = new Dictionary<string, long>
            {
                [Pipeline.State.ModelKinds.Segmentation] = segmentation.Version,
                [Pipeline.State.ModelKinds.Value] = value.Version,
                [Pipeline.State.ModelKinds.Recommender] = recommender.Version,
            };
            finished = status with { State = RefitStatus.Succeeded, FinishedAt = store.Time.GetUtcNow().UtcDateTime, Versions = versions };
        }
        catch (Exception e) when (e is ClienteleException or System.Data.Common.DbException or IOException)
        {
            log.LogWarning("Refit {Id} failed: {Reason}", status.Id, e.Message);
            finished = status with { State = RefitStatus.Failed, FinishedAt = store.Time.GetUtcNow().UtcDateTime, Error = e.Message };
        }
#pragma warning disable CA1031 // A refit no one awaits: anything else it throws must still end it, or it is "running" for ever and no refit can start.
        catch (Exception e)
#pragma warning restore CA1031
        {
            log.LogError(e, "Refit {Id} failed unexpectedly", status.Id);
            finished = status with
            {
                State = RefitStatus.Failed,
                FinishedAt = store.Time.GetUtcNow().UtcDateTime,
                Error = $"the refit failed unexpectedly ({e.GetType().Name}); the service's log has the details",
            };
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (DirectoryNotFoundException)
            {
            }
        }
        // The new versions serve from the next read on every node, not after each one's next look at the registry.
        try
        {
            await customers.ModelsChanged(CancellationToken.None).ConfigureAwait(false);
        }
        catch (LiveStoreException e)
        {
            // The cluster's registry also finds the new versions in the store by itself, within a second of reaching it.
            log.LogWarning("Refit {Id}: the nodes were not moved to its versions now: {Reason}", status.Id, e.Message);
        }
        Volatile.Write(ref _last, finished);
    }
}
