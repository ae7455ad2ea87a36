namespace Clientele.Recommend;

/// <summary>
/// A vector per item from its content (description, title, category), compared by cosine. <see cref="TfIdfItemEmbeddings"/>
/// is the built-in one; text embeddings from a language model can take its place.
/// </summary>
public interface IItemEmbeddings
{
    /// <summary>Gets the length of every vector.</summary>
    int Dimensions { get; }

    /// <summary>Writes the vector of <paramref name="itemId"/> into <paramref name="destination"/> (length <see cref="Dimensions"/>).</summary>
    /// <returns>False when the item has no content (the destination is then left unspecified).</returns>
    bool TryGetEmbedding(string itemId, Span<float> destination);
}
