using Clientele.Data.Store;
using Clientele.Pipeline.Live;

namespace Clientele.Cluster.Registry;

/// <summary>
/// A set of models every silo holds together: the store's current versions by kind and how many customers the store
/// had erased when it was read (an erasure rewrites the recommenders under the same version numbers, so the count tells
/// such a rewrite apart), under the registry's generation, which grows with every move.
/// </summary>
[GenerateSerializer]
[Immutable]
public sealed record ModelSet(
    [property: Id(0)] long Generation,
    [property: Id(1)] IReadOnlyDictionary<string, long> Versions,
    [property: Id(2)] long Erasures)
{
    /// <summary>The store's current versions and erasure count, under generation 0 (not moved to yet).</summary>
    public static ModelSet Stored(ClienteleStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        // A plain dictionary: Orleans copies it as it is (a sorted one would carry its comparer).
        return new ModelSet(0, new Dictionary<string, long>(LiveModels.CurrentVersions(store), StringComparer.Ordinal), store.Scalar<long>("SELECT count(*) FROM erased_customers"));
    }

    /// <summary>Whether this set holds the same models as <paramref name="other"/> (whatever the generations).</summary>
    public bool SameModels(ModelSet other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Erasures == other.Erasures
            && Versions.OrderBy(v => v.Key, StringComparer.Ordinal).SequenceEqual(other.Versions.OrderBy(v => v.Key, StringComparer.Ordinal));
    }
}
