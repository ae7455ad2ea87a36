namespace Clientele.Recommend;

/// <summary>
/// Item vectors given from outside, for example sentence embeddings of product texts from a language model: every
/// vector of one length, compared by cosine (the content recommender normalises them). Items absent from the map have
/// no content.
/// </summary>
public sealed class DenseItemEmbeddings : IItemEmbeddings
{
    private readonly Dictionary<string, float[]> _vectors;

    /// <summary>Takes a copy of the map (the vectors themselves are not copied: do not change them afterwards).</summary>
    /// <exception cref="ArgumentException">The map is empty, the vectors differ in length, or a value is not finite.</exception>
    public DenseItemEmbeddings(IReadOnlyDictionary<string, float[]> vectors)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        if (vectors.Count == 0)
        {
            throw new ArgumentException("No item vectors were given.", nameof(vectors));
        }
        Dimensions = vectors.First().Value.Length;
        _vectors = new Dictionary<string, float[]>(vectors.Count, StringComparer.Ordinal);
        foreach (var (id, vector) in vectors)
        {
            if (vector.Length != Dimensions || Dimensions == 0)
            {
                throw new ArgumentException($"The vector of item {id} has {vector.Length} dimensions; expected {Dimensions} (and at least 1).", nameof(vectors));
            }
            if (!System.Numerics.Tensors.TensorPrimitives.IsFiniteAll<float>(vector))
            {
                throw new ArgumentException($"The vector of item {id} has a value that is not finite.", nameof(vectors));
            }
            _vectors[id] = vector;
        }
    }

    /// <inheritdoc/>
    public int Dimensions { get; }

    /// <summary>Gets the number of items with a vector.</summary>
    public int Count => _vectors.Count;

    /// <inheritdoc/>
    public bool TryGetEmbedding(string itemId, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(itemId);
        if (!_vectors.TryGetValue(itemId, out var vector))
        {
            return false;
        }
        vector.CopyTo(destination);
        return true;
    }
}
