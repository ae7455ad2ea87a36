using System.Text.Json;

namespace Clientele.Recommend;

/// <summary>
/// A fitted popularity model (from <see cref="PopularityFitter"/>). It answers fresh interactions, and even none, with
/// the most popular items; as similar items it gives the most popular other items and says so.
/// </summary>
/// <remarks>JSON parameters: none (the counts are recomputed from the interactions).</remarks>
public sealed class PopularityModel : RecommenderModel
{
    /// <summary>The <see cref="RecommenderModel.Method"/> of this model.</summary>
    public const string MethodName = "popularity";

    private readonly float[] _scores;

    internal PopularityModel(InteractionMatrix interactions)
        : base(interactions)
    {
        _scores = Popularity.Scores(interactions);
    }

    /// <inheritdoc/>
    public override string Method => MethodName;

    private protected override string? SimilarItemsNote => "Popularity has no item similarity: these are the most popular other items.";

    internal override void ScoreUser(int user, Span<float> scores, ReadOnlySpan<int> excluded) => _scores.CopyTo(scores);

    internal override void ScoreNewUser(ReadOnlySpan<int> items, ReadOnlySpan<float> weights, Span<float> scores, ReadOnlySpan<int> excluded) =>
        _scores.CopyTo(scores);

    internal override void ScoreSimilarItems(int item, Span<float> scores) => _scores.CopyTo(scores);

    /// <inheritdoc/>
    public override bool ExplainsByPurchases => false;

    private protected override RecommendationResult RecommendWithoutHistory(int k, string why)
    {
        var workspace = new Workspace(Interactions.Items, k);
        _scores.CopyTo(workspace.Scores, 0);
        return Select(workspace, k, why + " These are the most popular items.");
    }

    internal override RecommenderModel WithoutUserRow(int row, InteractionMatrix interactions) => new PopularityModel(interactions);

    internal override void WriteParameters(Utf8JsonWriter writer)
    {
    }

    internal static PopularityModel Read(JsonElement parameters, InteractionMatrix interactions) => new(interactions);
}
