namespace Clientele.Recommend;

/// <summary>
/// Fits a content-based recommender from item vectors (<see cref="IItemEmbeddings"/>, for example
/// <see cref="TfIdfItemEmbeddings"/> of product descriptions): a user's profile is the weighted sum of the vectors of
/// the user's items, an item's score the cosine between its vector and the profile. Items without content are never
/// recommended; items without interactions are (content is the answer to a new product's cold start).
/// </summary>
/// <param name="embeddings">The item vectors; items of the catalogue it does not know have no content.</param>
public sealed class ContentFitter(IItemEmbeddings embeddings) : IRecommenderFitter
{
    private readonly IItemEmbeddings _embeddings = embeddings ?? throw new ArgumentNullException(nameof(embeddings));

    IRecommender IRecommenderFitter.Fit(InteractionMatrix interactions) => Fit(interactions);

    /// <summary>Takes the vector of every catalogue item, L2-normalised.</summary>
    /// <exception cref="ArgumentException">The matrix has no interactions, or no catalogue item has content.</exception>
    public ContentModel Fit(InteractionMatrix interactions)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        FitterInput.Check(interactions, ContentModel.MethodName);
        var d = _embeddings.Dimensions;
        if (d < 1)
        {
            throw new ArgumentException($"The item embeddings have {d} dimensions; at least 1 is needed.", nameof(interactions));
        }
        var buffer = new float[d];
        var pointers = new int[interactions.Items + 1];
        var indices = new List<int>();
        var values = new List<float>();
        for (var i = 0; i < interactions.Items; i++)
        {
            if (_embeddings.TryGetEmbedding(interactions.ItemIdArray[i], buffer))
            {
                var norm = Math.Sqrt(System.Numerics.Tensors.TensorPrimitives.SumOfSquares<float>(buffer));
                if (double.IsFinite(norm) && norm > 0)
                {
                    for (var t = 0; t < d; t++)
                    {
                        if (buffer[t] != 0f)
                        {
                            indices.Add(t);
                            values.Add((float)(buffer[t] / norm));
                        }
                    }
                }
            }
            pointers[i + 1] = indices.Count;
        }
        if (indices.Count == 0)
        {
            throw new ArgumentException($"None of the {interactions.Items} catalogue items has content in the item embeddings.", nameof(interactions));
        }
        return new ContentModel(interactions, new SparseMatrix(interactions.Items, d, pointers, [.. indices], [.. values]));
    }
}
