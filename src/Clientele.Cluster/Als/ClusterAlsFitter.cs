using Clientele.Recommend;
using Microsoft.Extensions.Logging;

namespace Clientele.Cluster.Als;

/// <summary>
/// ALS for a refit on the cluster: <see cref="DistributedAls"/> over the silos active when the fit starts, with
/// at least <see cref="ShardsPerSilo"/> shards per side for each, so that every silo solves a share of each half-sweep
/// (more on a large matrix, so that no message passes <see cref="DistributedAls.DefaultPartBytes"/>). The
/// factors are the single-process fit's (DistributedAls says why), so the recommender a refit stores is the same.
/// </summary>
public sealed partial class ClusterAlsFitter(IGrainFactory grains, ILogger<ClusterAlsFitter> log)
{
    /// <summary>Shards per side for each active silo: several, so that a silo's share does not hang on one shard's rows.</summary>
    public const int ShardsPerSilo = 4;

    private DistributedAlsFit? _last;

    /// <summary>Gets the last distributed fit's shards per silo (which silos solved it), or null before the first.</summary>
    public IReadOnlyDictionary<string, int>? LastShardsPerSilo => Volatile.Read(ref _last)?.ShardsPerSilo;

    /// <summary>A fitter with <paramref name="options"/> (what <c>RecommendRequest.Als</c> takes).</summary>
    public IRecommenderFitter With(AlsOptions options) => new Fitter(this, options);

    private sealed class Fitter(ClusterAlsFitter cluster, AlsOptions options) : IRecommenderFitter
    {
        // A refit runs on a thread of its own (not a grain's), so waiting here holds no silo's scheduler.
        public IRecommender Fit(InteractionMatrix interactions) => cluster.FitAsync(interactions, options).GetAwaiter().GetResult();
    }

    private async Task<IRecommender> FitAsync(InteractionMatrix interactions, AlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        var silos = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).ConfigureAwait(false);
        var fit = await DistributedAls.Fit(grains, interactions, options, ShardsPerSilo * Math.Max(1, silos.Count)).ConfigureAwait(false);
        Volatile.Write(ref _last, fit);
        var shards = fit.ShardsPerSilo.Values.Sum();
        LogDistributed(interactions.Users, interactions.Items, shards, fit.ShardsPerSilo.Count);
        return fit.Model;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "ALS of {Users} customers × {Items} products solved in {Shards} shards over {Silos} silos")]
    private partial void LogDistributed(int users, int items, int shards, int silos);
}
