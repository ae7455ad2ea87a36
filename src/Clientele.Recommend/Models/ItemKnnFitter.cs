namespace Clientele.Recommend;

/// <summary>
/// Fits an item-based nearest-neighbour recommender (Sarwar et al. 2001; Deshpande &amp; Karypis 2004) as implicit's
/// <c>ItemItemRecommender</c>: the item × item similarity S = WᵀW of a weighted users × items matrix W (columns
/// L2-normalised for cosine, BM25-weighted for BM25), each row pruned to its top <see cref="ItemKnnOptions.Neighbours"/>
/// items other than itself; a user's score for item j is Σ_i r_ui S_ij over the user's items i (raw weights r).
/// </summary>
/// <remarks>Rows of S are computed in parallel with a dense accumulator per thread (a sparse product, O(Σ_u n_u²)).</remarks>
public sealed class ItemKnnFitter : IRecommenderFitter
{
    private readonly ItemKnnOptions _options;

    /// <summary>A fitter with the default <see cref="ItemKnnOptions"/>.</summary>
    public ItemKnnFitter()
        : this(new ItemKnnOptions())
    {
    }

    /// <param name="options">The settings; validated here.</param>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public ItemKnnFitter(ItemKnnOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    IRecommender IRecommenderFitter.Fit(InteractionMatrix interactions) => Fit(interactions);

    /// <summary>Computes the pruned similarity matrix of <paramref name="interactions"/>.</summary>
    /// <exception cref="ArgumentException">The matrix has no interactions.</exception>
    public ItemKnnModel Fit(InteractionMatrix interactions)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        FitterInput.Check(interactions, ItemKnnModel.MethodName);
        var itemUsers = Weighted(interactions.ItemUsers);
        var userItems = itemUsers.Transpose();
        return new ItemKnnModel(interactions, TopNeighbours(itemUsers, userItems, _options.Neighbours), _options);
    }

    /// <summary>The items × users matrix weighted for the similarity (rows = items = documents).</summary>
    private SparseMatrix Weighted(SparseMatrix itemUsers)
    {
        if (_options.Similarity == ItemSimilarity.Bm25)
        {
            var bm25 = InteractionWeighting.Bm25(_options.K1, _options.B);
            return bm25.Fit(itemUsers).Apply(itemUsers);
        }
        var values = itemUsers.Values.ToArray();
        for (var i = 0; i < itemUsers.Rows; i++)
        {
            var start = itemUsers.RowPointers[i];
            var row = values.AsSpan(start, itemUsers.RowLength(i));
            var norm = Math.Sqrt(System.Numerics.Tensors.TensorPrimitives.SumOfSquares<float>(row));
            if (norm > 0)
            {
                System.Numerics.Tensors.TensorPrimitives.Divide(row, (float)norm, row);
            }
        }
        return itemUsers.WithValues(values);
    }

    /// <summary>S_ij = Σ_u W_iu W_ju for every item i, keeping the top K j ≠ i with S_ij &gt; 0 (ties: lower j).</summary>
    internal static SparseMatrix TopNeighbours(SparseMatrix itemUsers, SparseMatrix userItems, int neighbours)
    {
        var items = itemUsers.Rows;
        var k = Math.Min(neighbours, Math.Max(1, items - 1));
        var indices = new int[items * k];
        var values = new float[items * k];
        var lengths = new int[items];
        Parallel.For(
            0,
            items,
            () => new KnnBuffers(items, k),
            (i, _, b) =>
            {
                var touched = 0;
                var users = itemUsers.RowIndices(i);
                var weights = itemUsers.RowValues(i);
                for (var n = 0; n < users.Length; n++)
                {
                    var w = weights[n];
                    var others = userItems.RowIndices(users[n]);
                    var otherWeights = userItems.RowValues(users[n]);
                    for (var m = 0; m < others.Length; m++)
                    {
                        var j = others[m];
                        if (!b.Seen[j])
                        {
                            b.Seen[j] = true;
                            b.Touched[touched++] = j;
                            b.Sums[j] = 0;
                        }
                        b.Sums[j] += w * otherWeights[m];
                    }
                }
                // Candidates: touched items other than i with a positive similarity, by increasing index so that ties
                // go to the lower index whatever the order the items were reached in.
                Array.Sort(b.Touched, 0, touched);
                var candidateCount = 0;
                for (var t = 0; t < touched; t++)
                {
                    var j = b.Touched[t];
                    b.Seen[j] = false;
                    if (j != i && b.Sums[j] > 0)
                    {
                        b.CandidateIndex[candidateCount] = j;
                        b.Candidates[candidateCount++] = b.Sums[j];
                    }
                }
                var count = TopK.Select(b.Candidates.AsSpan(0, candidateCount), k, b.TopIndices, b.TopValues);
                for (var n = 0; n < count; n++)
                {
                    b.TopIndices[n] = b.CandidateIndex[b.TopIndices[n]];
                }
                // Stored by increasing column.
                Array.Sort(b.TopIndices, b.TopValues, 0, count);
                b.TopIndices.AsSpan(0, count).CopyTo(indices.AsSpan(i * k, count));
                b.TopValues.AsSpan(0, count).CopyTo(values.AsSpan(i * k, count));
                lengths[i] = count;
                return b;
            },
            _ => { });

        var pointers = new int[items + 1];
        for (var i = 0; i < items; i++)
        {
            pointers[i + 1] = pointers[i] + lengths[i];
        }
        var compactIndices = new int[pointers[items]];
        var compactValues = new float[pointers[items]];
        for (var i = 0; i < items; i++)
        {
            Array.Copy(indices, i * k, compactIndices, pointers[i], lengths[i]);
            Array.Copy(values, i * k, compactValues, pointers[i], lengths[i]);
        }
        return new SparseMatrix(items, items, pointers, compactIndices, compactValues, validate: false);
    }

    private sealed class KnnBuffers(int items, int k)
    {
        public float[] Sums { get; } = new float[items];

        public bool[] Seen { get; } = new bool[items];

        public int[] Touched { get; } = new int[items];

        public float[] Candidates { get; } = new float[items];

        public int[] CandidateIndex { get; } = new int[items];

        public int[] TopIndices { get; } = new int[k];

        public float[] TopValues { get; } = new float[k];
    }
}
