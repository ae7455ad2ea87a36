using System.Buffers;
using System.Text.Json;

namespace Clientele.Recommend;

/// <summary>A fitted hybrid (from <see cref="HybridFitter"/>): its components and weights, and the optional segment model for cold starts.</summary>
/// <remarks>JSON parameters: <c>components</c> (each <c>method</c>, <c>weight</c>, <c>parameters</c>) and optionally <c>segments</c> (the segment popularity parameters).</remarks>
public sealed class HybridModel : RecommenderModel
{
    /// <summary>The <see cref="RecommenderModel.Method"/> of this model.</summary>
    public const string MethodName = "hybrid";

    private readonly (RecommenderModel Model, float Weight)[] _components;
    private readonly SegmentPopularityModel? _segments;
    private readonly float[] _popularity;

    internal HybridModel(InteractionMatrix interactions, (RecommenderModel Model, float Weight)[] components, SegmentPopularityModel? segments)
        : base(interactions)
    {
        _components = components;
        _segments = segments;
        _popularity = Popularity.Scores(interactions);
        Components = Array.AsReadOnly(components.Select(c => (IRecommender)c.Model).ToArray());
        Weights = Array.AsReadOnly(components.Select(c => c.Weight).ToArray());
    }

    /// <inheritdoc/>
    public override string Method => MethodName;

    /// <summary>Gets the fitted components, in order.</summary>
    public IReadOnlyList<IRecommender> Components { get; }

    /// <summary>Gets the weight of each component.</summary>
    public IReadOnlyList<float> Weights { get; }

    internal override void ScoreUser(int user, Span<float> scores, ReadOnlySpan<int> excluded) =>
        Blend(new Request(Request.Kind.User, user, [], [], excluded), scores);

    internal override void ScoreNewUser(ReadOnlySpan<int> items, ReadOnlySpan<float> weights, Span<float> scores, ReadOnlySpan<int> excluded) =>
        Blend(new Request(Request.Kind.NewUser, -1, items, weights, excluded), scores);

    internal override void ScoreSimilarItems(int item, Span<float> scores)
    {
        Span<int> self = [item];
        Blend(new Request(Request.Kind.SimilarItems, item, [], [], self), scores);
    }

    private void Blend(Request request, Span<float> scores)
    {
        var items = scores.Length;
        scores.Fill(float.NegativeInfinity);
        var rented = ArrayPool<float>.Shared.Rent(items);
        try
        {
            var buffer = rented.AsSpan(0, items);
            foreach (var (model, weight) in _components)
            {
                switch (request.What)
                {
                    case Request.Kind.User:
                        model.ScoreUser(request.Index, buffer, request.Excluded);
                        break;
                    case Request.Kind.NewUser:
                        model.ScoreNewUser(request.Items, request.Weights, buffer, request.Excluded);
                        break;
                    default:
                        model.ScoreSimilarItems(request.Index, buffer);
                        break;
                }
                foreach (var i in request.Excluded)
                {
                    buffer[i] = float.NegativeInfinity;
                }
                var min = float.PositiveInfinity;
                var max = float.NegativeInfinity;
                foreach (var value in buffer)
                {
                    if (float.IsFinite(value))
                    {
                        min = Math.Min(min, value);
                        max = Math.Max(max, value);
                    }
                }
                if (!float.IsFinite(min))
                {
                    continue;
                }
                var range = max - min;
                for (var i = 0; i < items; i++)
                {
                    var value = buffer[i];
                    if (!float.IsFinite(value))
                    {
                        continue;
                    }
                    var normalized = range > 0 ? (value - min) / range : 1f;
                    scores[i] = (float.IsNegativeInfinity(scores[i]) ? 0f : scores[i]) + (weight * normalized);
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
        }
    }

    /// <summary>What to score: a known user, fresh interactions, or one item's neighbours.</summary>
    private readonly ref struct Request(Request.Kind what, int index, ReadOnlySpan<int> items, ReadOnlySpan<float> weights, ReadOnlySpan<int> excluded)
    {
        public enum Kind
        {
            User,
            NewUser,
            SimilarItems,
        }

        public Kind What { get; } = what;

        public int Index { get; } = index;

        public ReadOnlySpan<int> Items { get; } = items;

        public ReadOnlySpan<float> Weights { get; } = weights;

        public ReadOnlySpan<int> Excluded { get; } = excluded;
    }

    private protected override RecommendationResult RecommendStranger(string userId, int k, Workspace workspace)
    {
        if (_segments is not null && _segments.TryScoreStranger(userId, workspace.Scores, out var segment))
        {
            return Select(workspace, k, $"Cold start: user \"{userId}\" has no history; these are the most popular items of segment \"{segment}\".");
        }
        return base.RecommendStranger(userId, k, workspace);
    }

    private protected override RecommendationResult RecommendWithoutHistory(int k, string why)
    {
        var workspace = new Workspace(Interactions.Items, k);
        _popularity.CopyTo(workspace.Scores, 0);
        return Select(workspace, k, why + " These are the most popular items.");
    }

    internal override RecommenderModel WithoutUserRow(int row, InteractionMatrix interactions) => new HybridModel(
        interactions,
        [.. _components.Select(c => (c.Model.WithoutUserRow(row, interactions), c.Weight))],
        _segments?.WithoutUser(interactions, Interactions.UserIds[row]));

    internal override void WriteParameters(Utf8JsonWriter writer)
    {
        writer.WriteStartArray("components");
        foreach (var (model, weight) in _components)
        {
            writer.WriteStartObject();
            writer.WriteString("method", model.Method);
            writer.WriteNumber("weight", weight);
            writer.WriteStartObject("parameters");
            model.WriteParameters(writer);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        if (_segments is not null)
        {
            writer.WriteStartObject("segments");
            _segments.WriteParameters(writer);
            writer.WriteEndObject();
        }
    }

    internal static HybridModel Read(JsonElement parameters, InteractionMatrix interactions)
    {
        var components = new List<(RecommenderModel Model, float Weight)>();
        foreach (var element in parameters.GetProperty("components").EnumerateArray())
        {
            var method = element.GetProperty("method").GetString() ?? "";
            if (method == MethodName)
            {
                throw new FormatException("A hybrid cannot contain a hybrid.");
            }
            var weight = element.GetProperty("weight").GetSingle();
            if (!float.IsFinite(weight) || weight <= 0)
            {
                throw new FormatException($"Component weight {weight} is not finite and > 0.");
            }
            components.Add((RecommenderJson.ReadModel(method, element.GetProperty("parameters"), interactions), weight));
        }
        if (components.Count == 0)
        {
            throw new FormatException("A hybrid needs at least one component.");
        }
        var segments = parameters.TryGetProperty("segments", out var s) ? SegmentPopularityModel.Read(s, interactions) : null;
        return new HybridModel(interactions, [.. components], segments);
    }
}
