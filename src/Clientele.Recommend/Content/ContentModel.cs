using System.Buffers;
using System.Text.Json;

namespace Clientele.Recommend;

/// <summary>
/// A fitted content model (from <see cref="ContentFitter"/>): the L2-normalised item vectors. Similar items by cosine.
/// </summary>
/// <remarks>JSON parameters: <c>itemVectors</c> (items × dimensions, CSR).</remarks>
public sealed class ContentModel : RecommenderModel
{
    /// <summary>The <see cref="RecommenderModel.Method"/> of this model.</summary>
    public const string MethodName = "content";

    private readonly SparseMatrix _vectors;

    internal ContentModel(InteractionMatrix interactions, SparseMatrix vectors)
        : base(interactions)
    {
        _vectors = vectors;
    }

    /// <inheritdoc/>
    public override string Method => MethodName;

    /// <summary>Gets the number of dimensions of the item vectors.</summary>
    public int Dimensions => _vectors.Columns;

    internal override void ScoreUser(int user, Span<float> scores, ReadOnlySpan<int> excluded) =>
        ScoreNewUser(Interactions.UserItems.RowIndices(user), Interactions.UserItems.RowValues(user), scores, excluded);

    internal override void ScoreNewUser(ReadOnlySpan<int> items, ReadOnlySpan<float> weights, Span<float> scores, ReadOnlySpan<int> excluded)
    {
        var profile = ArrayPool<float>.Shared.Rent(Dimensions);
        try
        {
            var p = profile.AsSpan(0, Dimensions);
            p.Clear();
            for (var n = 0; n < items.Length; n++)
            {
                var terms = _vectors.RowIndices(items[n]);
                var values = _vectors.RowValues(items[n]);
                for (var m = 0; m < terms.Length; m++)
                {
                    p[terms[m]] += weights[n] * values[m];
                }
            }
            var norm = System.Numerics.Tensors.TensorPrimitives.Norm<float>(p);
            if (!(norm > 0))
            {
                scores.Fill(float.NegativeInfinity);
                return;
            }
            System.Numerics.Tensors.TensorPrimitives.Divide(p, norm, p);
            Cosines(p, scores);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(profile);
        }
    }

    internal override void ScoreSimilarItems(int item, Span<float> scores)
    {
        var target = ArrayPool<float>.Shared.Rent(Dimensions);
        try
        {
            var t = target.AsSpan(0, Dimensions);
            t.Clear();
            var terms = _vectors.RowIndices(item);
            var values = _vectors.RowValues(item);
            if (terms.IsEmpty)
            {
                scores.Fill(float.NegativeInfinity);
                return;
            }
            for (var m = 0; m < terms.Length; m++)
            {
                t[terms[m]] = values[m];
            }
            Cosines(t, scores);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(target);
        }
    }

    /// <summary>The dot product of every item vector with the dense unit vector <paramref name="unit"/>; −∞ for items without content.</summary>
    private void Cosines(ReadOnlySpan<float> unit, Span<float> scores)
    {
        for (var j = 0; j < scores.Length; j++)
        {
            var terms = _vectors.RowIndices(j);
            if (terms.IsEmpty)
            {
                scores[j] = float.NegativeInfinity;
                continue;
            }
            var values = _vectors.RowValues(j);
            if (terms.Length == unit.Length)
            {
                // A dense row (text embeddings): every dimension present, in order.
                scores[j] = System.Numerics.Tensors.TensorPrimitives.Dot(values, unit);
                continue;
            }
            var sum = 0f;
            for (var m = 0; m < terms.Length; m++)
            {
                sum += values[m] * unit[terms[m]];
            }
            scores[j] = sum;
        }
    }

    internal override RecommenderModel WithoutUserRow(int row, InteractionMatrix interactions) => new ContentModel(interactions, _vectors);

    internal override void WriteParameters(Utf8JsonWriter writer) => JsonParts.WriteMatrix(writer, "itemVectors", _vectors);

    internal static ContentModel Read(JsonElement parameters, InteractionMatrix interactions)
    {
        var vectors = JsonParts.ReadMatrix(parameters, "itemVectors");
        if (vectors.Rows != interactions.Items || vectors.Columns < 1)
        {
            throw new FormatException($"\"itemVectors\" has {vectors.Rows} rows and {vectors.Columns} columns; expected {interactions.Items} rows.");
        }
        return new ContentModel(interactions, vectors);
    }
}
