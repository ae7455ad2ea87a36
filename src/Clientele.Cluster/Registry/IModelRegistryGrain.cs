using Orleans.Concurrency;

namespace Clientele.Cluster.Registry;

/// <summary>
/// The cluster's one model registry (key <see cref="ModelRegistryGrain.Key"/>): it moves every silo to a new set of models
/// together, in two phases (each silo loads the set, then each switches), when the store's current versions change
/// (a refit, <c>models use</c>) or an erasure rewrote a model.
/// </summary>
public interface IModelRegistryGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Registers (again) a silo's participant and answers the set the cluster holds, or null before this activation's
    /// first move. <paramref name="generation"/> is the one the silo holds: the registry's next generations exceed it.
    /// Runs during a move, so that a silo can join while one waits on the others.
    /// </summary>
    [AlwaysInterleave]
    Task<ModelSet?> Subscribe(string silo, IModelSetParticipant participant, long generation);

    /// <summary>Forgets a silo that stops.</summary>
    [AlwaysInterleave]
    Task Unsubscribe(string silo);

    /// <summary>
    /// Reads the store's current versions and erasures and, when they differ from the set the cluster holds, moves
    /// every subscribed silo to them; answers the set every reachable silo holds now.
    /// </summary>
    Task<ModelSet> Publish();
}
