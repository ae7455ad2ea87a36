using Orleans.Concurrency;

namespace Clientele.Cluster.Als;

/// <summary>
/// One silo's copy of the fixed side's factors for a half-sweep of one ALS fit, which every shard on that silo solves
/// against (<see cref="DistributedAls"/>). The coordinator sends the factors once per silo, in parts small enough for a
/// grain message, instead of once per shard in one message: a million customers' 64 factors are 256 MB, above the
/// 100 MB Orleans carries, and a silo's four shards would each have held a copy. Keyed <c>FIT/SILO</c>; placed on the
/// silo of its first caller, a shard of that silo (<see cref="AlsBoardGrain"/>).
/// </summary>
public interface IAlsBoardGrain : IGrainWithStringKey
{
    /// <summary>Activates the board where its caller lives (a shard's silo), before any part is sent.</summary>
    Task Open();

    /// <summary>
    /// Part of half-sweep <paramref name="sweep"/>'s fixed factors, at <paramref name="offset"/> of <paramref name="length"/>
    /// in all; the first part of a new sweep lets the last sweep's factors go.
    /// </summary>
    Task Put(int sweep, int offset, int length, Immutable<float[]> part);

    /// <summary>Half-sweep <paramref name="sweep"/>'s factors, once every part has been put (read in place by the silo's shards).</summary>
    Task<Immutable<float[]>> Factors(int sweep);

    /// <summary>Forgets the factors (the fit is over): the grain deactivates.</summary>
    Task Release();
}
