using System.Text.Json;

namespace Clientele.Recommend;

/// <summary>The item-item similarity of <see cref="ItemKnnFitter"/>, as implicit's <c>ItemItemRecommender</c> variants.</summary>
public enum ItemSimilarity
{
    /// <summary>Cosine of the items' user vectors (implicit's <c>CosineRecommender</c>).</summary>
    Cosine,

    /// <summary>
    /// Dot product of the items' BM25-weighted user vectors, items as documents and users as terms (implicit's
    /// <c>BM25Recommender</c>, K1 = 1.2, B = 0.75 by default).
    /// </summary>
    Bm25,
}

/// <summary>Settings for <see cref="ItemKnnFitter"/>.</summary>
public sealed record ItemKnnOptions
{
    /// <summary>Gets the similarity.</summary>
    /// <value>The default value is <see cref="ItemSimilarity.Cosine"/>.</value>
    public ItemSimilarity Similarity { get; init; } = ItemSimilarity.Cosine;

    /// <summary>
    /// Gets the number of neighbours kept per item (the top-K pruning of the similarity matrix; implicit's <c>K</c>,
    /// which there counts the item itself). Also the longest list <see cref="IRecommender.SimilarItems"/> can return.
    /// </summary>
    /// <value>The default value is 20 (implicit's); at least 1.</value>
    public int Neighbours { get; init; } = 20;

    /// <summary>Gets K1 of the BM25 weighting.</summary>
    /// <value>The default value is 1.2 (implicit's <c>BM25Recommender</c>).</value>
    public float K1 { get; init; } = 1.2f;

    /// <summary>Gets B of the BM25 weighting.</summary>
    /// <value>The default value is 0.75 (implicit's <c>BM25Recommender</c>).</value>
    public float B { get; init; } = 0.75f;

    /// <summary>Throws <see cref="ArgumentException"/> when a setting is out of range.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Similarity))
        {
            throw new ArgumentException($"{nameof(Similarity)} {(int)Similarity} is not an item similarity.", nameof(Similarity));
        }
        if (Neighbours < 1)
        {
            throw new ArgumentException($"{nameof(Neighbours)} must be at least 1, got {Neighbours}.", nameof(Neighbours));
        }
        InteractionWeighting.Bm25(K1, B).Validate();
    }
}

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

/// <summary>
/// A fitted item-kNN model (from <see cref="ItemKnnFitter"/>): the pruned item × item similarity matrix. Only items
/// that are a neighbour of one of the user's items get a score, so a list can be shorter than k.
/// </summary>
/// <remarks>JSON parameters: <c>similarity</c>, <c>neighbours</c>, <c>k1</c>, <c>b</c>, and <c>itemItems</c> (the similarity matrix, CSR).</remarks>
public sealed class ItemKnnModel : RecommenderModel
{
    /// <summary>The <see cref="RecommenderModel.Method"/> of this model.</summary>
    public const string MethodName = "item-knn";

    private readonly SparseMatrix _similarity;

    internal ItemKnnModel(InteractionMatrix interactions, SparseMatrix similarity, ItemKnnOptions options)
        : base(interactions)
    {
        _similarity = similarity;
        Options = options;
    }

    /// <inheritdoc/>
    public override string Method => MethodName;

    /// <summary>Gets the settings the model was fitted with.</summary>
    public ItemKnnOptions Options { get; }

    /// <summary>Gets the pruned similarity matrix (items × items, at most <see cref="ItemKnnOptions.Neighbours"/> per row, no diagonal).</summary>
    public SparseMatrix Similarity => _similarity;

    private protected override string SimilarItemsLimit => $" (the model keeps {Options.Neighbours} neighbours per item)";

    internal override void ScoreUser(int user, Span<float> scores, ReadOnlySpan<int> excluded) =>
        ScoreNewUser(Interactions.UserItems.RowIndices(user), Interactions.UserItems.RowValues(user), scores, excluded);

    internal override void ScoreNewUser(ReadOnlySpan<int> items, ReadOnlySpan<float> weights, Span<float> scores, ReadOnlySpan<int> excluded)
    {
        scores.Fill(float.NegativeInfinity);
        for (var n = 0; n < items.Length; n++)
        {
            var neighbours = _similarity.RowIndices(items[n]);
            var similarities = _similarity.RowValues(items[n]);
            var w = weights[n];
            for (var m = 0; m < neighbours.Length; m++)
            {
                var j = neighbours[m];
                var add = w * similarities[m];
                scores[j] = float.IsNegativeInfinity(scores[j]) ? add : scores[j] + add;
            }
        }
    }

    internal override void ScoreSimilarItems(int item, Span<float> scores)
    {
        scores.Fill(float.NegativeInfinity);
        var neighbours = _similarity.RowIndices(item);
        var similarities = _similarity.RowValues(item);
        for (var m = 0; m < neighbours.Length; m++)
        {
            scores[neighbours[m]] = similarities[m];
        }
    }

    internal override void WriteParameters(Utf8JsonWriter writer)
    {
        writer.WriteString("similarity", Options.Similarity.ToString());
        writer.WriteNumber("neighbours", Options.Neighbours);
        writer.WriteNumber("k1", Options.K1);
        writer.WriteNumber("b", Options.B);
        JsonParts.WriteMatrix(writer, "itemItems", _similarity);
    }

    internal static ItemKnnModel Read(JsonElement parameters, InteractionMatrix interactions)
    {
        var name = parameters.GetProperty("similarity").GetString();
        if (!Enum.TryParse<ItemSimilarity>(name, ignoreCase: false, out var similarity))
        {
            throw new FormatException($"Unknown item similarity \"{name}\".");
        }
        var options = new ItemKnnOptions
        {
            Similarity = similarity,
            Neighbours = JsonParts.Int(parameters, "neighbours"),
            K1 = JsonParts.Float(parameters, "k1"),
            B = JsonParts.Float(parameters, "b"),
        };
        RecommenderJson.Validate(options.Validate);
        var matrix = JsonParts.ReadMatrix(parameters, "itemItems");
        if (matrix.Rows != interactions.Items || matrix.Columns != interactions.Items)
        {
            throw new FormatException($"\"itemItems\" is {matrix.Rows} × {matrix.Columns}; expected {interactions.Items} × {interactions.Items}.");
        }
        return new ItemKnnModel(interactions, matrix, options);
    }
}
