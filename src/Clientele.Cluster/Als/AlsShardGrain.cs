using Clientele.Recommend;

namespace Clientele.Cluster.Als;

/// <summary>
/// A shard's rows and factors, in the silo's memory for the length of a fit: a fit is rerun from the store, not
/// resumed, so nothing is persisted (a silo lost mid-fit fails the fit, and the caller runs it again). Placed at
/// random, so that a fit's shards spread over the silos (the default placement puts new activations on the least
/// loaded silo by its last report, which can send a whole fit to one silo).
/// </summary>
[Orleans.Placement.RandomPlacement]
internal sealed class AlsShardGrain : Grain, IAlsShardGrain
{
    private SparseMatrix? _rows;
    private float[]? _factors;
    private AlsFitter? _fitter;
    private IAlsBoardGrain? _board;

    /// <summary>The board of <paramref name="fit"/> on <paramref name="silo"/>: one per silo, shared by its shards.</summary>
    public static string BoardKey(string fit, string silo) => $"{fit}/{silo}";

    public async Task<string> Load(ShardRows rows, float[] initialFactors, AlsSolveSettings settings)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(initialFactors);
        ArgumentNullException.ThrowIfNull(settings);
        if (initialFactors.Length != (long)rows.Rows * settings.Factors)
        {
            throw new ArgumentException($"{initialFactors.Length} initial factors for {rows.Rows} rows of {settings.Factors}.", nameof(initialFactors));
        }
        _rows = rows.ToMatrix();
        _factors = (float[])initialFactors.Clone();
        _fitter = settings.Fitter();
        var silo = GrainContext.Address.SiloAddress?.ToString() ?? throw new InvalidOperationException("A shard without a silo address.");
        // The board activates on this silo (its first caller's), where the coordinator will send the fixed factors.
        _board = GrainFactory.GetGrain<IAlsBoardGrain>(BoardKey(this.GetPrimaryKeyString().Split('/')[0], silo));
        await _board.Open().ConfigureAwait(true);
        return silo;
    }

    public async Task<float[]> Solve(int sweep, float[] gram)
    {
        if (_rows is null || _factors is null || _fitter is null || _board is null)
        {
            throw new InvalidOperationException($"Shard {this.GetPrimaryKeyString()} was not loaded (its silo may have restarted): run the fit again.");
        }
        var fixedFactors = await _board.Factors(sweep).ConfigureAwait(true);
        _fitter.Solve(_rows, _factors, fixedFactors.Value, gram);
        return _factors;
    }

    public Task Release()
    {
        _rows = null;
        _factors = null;
        _board = null;
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
