namespace Clientele.Cluster.Als;

/// <summary>
/// One shard of one side (users or items) of an ALS fit: it holds its rows of the weighted matrix and their factors,
/// and solves them where it lives against the other side's factors, which its silo's board holds (<see cref="IAlsBoardGrain"/>),
/// and their Gramian, which the coordinator sends (<see cref="DistributedAls"/>). Keyed <c>FIT/SIDE/SHARD</c>.
/// </summary>
public interface IAlsShardGrain : IGrainWithStringKey
{
    /// <summary>Takes the shard's rows and their initial factors (rows × f) and opens its silo's board; answers the silo it lives on.</summary>
    Task<string> Load(ShardRows rows, float[] initialFactors, AlsSolveSettings settings);

    /// <summary>Half-sweep <paramref name="sweep"/> of the shard's rows against the fixed side on its silo's board; answers the shard's new factors.</summary>
    Task<float[]> Solve(int sweep, float[] gram);

    /// <summary>Forgets the shard (the fit is over): the grain deactivates.</summary>
    Task Release();
}
