using Orleans.Concurrency;

namespace Clientele.Cluster.Als;

/// <summary>
/// A silo's copy of a half-sweep's fixed factors (<see cref="IAlsBoardGrain"/>). Placed on its first caller's silo, a
/// shard's: the coordinator then sends its parts there, and the silo's shards read the array in place (a call between
/// grains of one silo passes an <see cref="Immutable{T}"/> without copying it).
/// </summary>
[Orleans.Placement.PreferLocalPlacement]
internal sealed class AlsBoardGrain : Grain, IAlsBoardGrain
{
    private int _sweep = -1;
    private float[] _factors = [];
    private long _received;

    // The other side's array, kept for the next half-sweep but one (the sides alternate): no new array per half-sweep.
    private float[] _spare = [];

    public Task Open() => Task.CompletedTask;

    public Task Put(int sweep, int offset, int length, Immutable<float[]> part)
    {
        var values = part.Value ?? throw new ArgumentNullException(nameof(part));
        if (sweep != _sweep)
        {
            if (sweep < _sweep)
            {
                throw new InvalidOperationException($"Board {this.GetPrimaryKeyString()}: a part of half-sweep {sweep} after half-sweep {_sweep}'s.");
            }
            (_spare, _factors) = (_factors, _spare.Length == length ? _spare : new float[length]);
            (_sweep, _received) = (sweep, 0);
        }
        if (length != _factors.Length || offset < 0 || (long)offset + values.Length > length)
        {
            throw new ArgumentException($"A part of {values.Length} factors at {offset} does not fit half-sweep {sweep}'s {_factors.Length}.", nameof(part));
        }
        values.CopyTo(_factors, offset);
        _received += values.Length;
        return Task.CompletedTask;
    }

    public Task<Immutable<float[]>> Factors(int sweep)
    {
        if (sweep != _sweep || _received != _factors.Length)
        {
            throw new InvalidOperationException(
                $"Board {this.GetPrimaryKeyString()} holds {_received} of half-sweep {_sweep}'s {_factors.Length} factors, not half-sweep {sweep}'s (its silo may have restarted): run the fit again.");
        }
        return Task.FromResult(_factors.AsImmutable());
    }

    public Task Release()
    {
        (_factors, _spare) = ([], []);
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
