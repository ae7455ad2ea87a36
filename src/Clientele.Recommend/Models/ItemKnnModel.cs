using System.Text.Json;

namespace Clientele.Recommend;

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

    internal override RecommenderModel WithoutUserRow(int row, InteractionMatrix interactions) => new ItemKnnModel(interactions, _similarity, Options);

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
