using System.Text.Json;

namespace Clientele.Recommend;

/// <summary>
/// A fitted per-segment popularity model (from <see cref="SegmentPopularityFitter"/>). A user with a segment gets the
/// segment's most popular items, whether or not the model was fitted on the user ("cold start" in the reason when
/// not); a user without a segment gets overall popularity; fresh interactions get overall popularity.
/// </summary>
/// <remarks>JSON parameters: <c>userIds</c> and <c>segments</c> (the segment map as two parallel arrays); the counts are recomputed.</remarks>
public sealed class SegmentPopularityModel : RecommenderModel
{
    /// <summary>The <see cref="RecommenderModel.Method"/> of this model.</summary>
    public const string MethodName = "segment-popularity";

    private readonly Dictionary<string, string> _userSegments;
    private readonly float[] _overall;
    private readonly Dictionary<string, float[]> _bySegment;

    internal SegmentPopularityModel(InteractionMatrix interactions, Dictionary<string, string> userSegments)
        : base(interactions)
    {
        _userSegments = userSegments;
        _overall = Popularity.Scores(interactions);
        var max = _overall.Where(float.IsFinite).DefaultIfEmpty(0f).Max();
        var segments = userSegments.Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        Segments = Array.AsReadOnly(segments);
        var counts = segments.ToDictionary(s => s, _ => new float[interactions.Items], StringComparer.Ordinal);
        var matrix = interactions.UserItems;
        for (var u = 0; u < interactions.Users; u++)
        {
            if (userSegments.TryGetValue(interactions.UserIdArray[u], out var segment))
            {
                var row = counts[segment];
                foreach (var item in matrix.RowIndices(u))
                {
                    row[item]++;
                }
            }
        }
        // Segment count, ties broken by overall popularity (the fraction); items nobody has are not candidates.
        foreach (var row in counts.Values)
        {
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = float.IsFinite(_overall[i]) ? row[i] + (_overall[i] / (max + 1f)) : float.NegativeInfinity;
            }
        }
        _bySegment = counts;
    }

    /// <inheritdoc/>
    public override string Method => MethodName;

    /// <summary>Gets the segment names, in ordinal order.</summary>
    public IReadOnlyList<string> Segments { get; }

    /// <summary>The segment of <paramref name="userId"/>, or null when the map has none.</summary>
    public string? SegmentOf(string userId)
    {
        ArgumentNullException.ThrowIfNull(userId);
        return _userSegments.GetValueOrDefault(userId);
    }

    /// <summary>The <paramref name="k"/> most popular items of <paramref name="segment"/> (empty with a reason for an unknown segment).</summary>
    public RecommendationResult RecommendForSegment(string segment, int k)
    {
        ArgumentNullException.ThrowIfNull(segment);
        CheckK(k);
        if (!_bySegment.TryGetValue(segment, out var scores))
        {
            return RecommendationResult.Empty($"Segment \"{segment}\" is not in the segment map ({string.Join(", ", Segments)}).");
        }
        var workspace = new Workspace(Interactions.Items, k);
        scores.CopyTo(workspace.Scores, 0);
        return Select(workspace, k, null);
    }

    private protected override string? SimilarItemsNote => "Popularity has no item similarity: these are the most popular other items.";

    internal override void ScoreUser(int user, Span<float> scores, ReadOnlySpan<int> excluded)
    {
        var segment = _userSegments.GetValueOrDefault(Interactions.UserIdArray[user]);
        (segment is null ? _overall : _bySegment[segment]).CopyTo(scores);
    }

    internal override void ScoreNewUser(ReadOnlySpan<int> items, ReadOnlySpan<float> weights, Span<float> scores, ReadOnlySpan<int> excluded) =>
        _overall.CopyTo(scores);

    internal override void ScoreSimilarItems(int item, Span<float> scores) => _overall.CopyTo(scores);

    /// <inheritdoc/>
    public override bool ExplainsByPurchases => false;

    /// <summary>Whether the model can answer <paramref name="userId"/> although it was not fitted on the user.</summary>
    internal bool CanAnswerStranger(string userId) => _userSegments.ContainsKey(userId);

    private protected override RecommendationResult RecommendStranger(string userId, int k, Workspace workspace)
    {
        if (!_userSegments.TryGetValue(userId, out var segment))
        {
            return base.RecommendStranger(userId, k, workspace);
        }
        _bySegment[segment].CopyTo(workspace.Scores, 0);
        return Select(workspace, k, $"Cold start: user \"{userId}\" has no history; these are the most popular items of segment \"{segment}\".");
    }

    private protected override RecommendationResult RecommendWithoutHistory(int k, string why)
    {
        var workspace = new Workspace(Interactions.Items, k);
        _overall.CopyTo(workspace.Scores, 0);
        return Select(workspace, k, why + " These are the most popular items overall.");
    }

    /// <summary>The scores of a stranger with a segment into <paramref name="scores"/>; false when the user has no segment.</summary>
    internal bool TryScoreStranger(string userId, Span<float> scores, out string segment)
    {
        if (_userSegments.TryGetValue(userId, out var found))
        {
            segment = found;
            _bySegment[found].CopyTo(scores);
            return true;
        }
        segment = "";
        return false;
    }

    internal override RecommenderModel WithoutUserRow(int row, InteractionMatrix interactions) => WithoutUser(interactions, Interactions.UserIds[row]);

    /// <summary>The model on <paramref name="interactions"/> without <paramref name="userId"/>'s segment.</summary>
    internal SegmentPopularityModel WithoutUser(InteractionMatrix interactions, string userId) =>
        new(interactions, _userSegments.Where(p => p.Key != userId).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal));

    internal override void WriteParameters(Utf8JsonWriter writer)
    {
        var users = _userSegments.Keys.Order(StringComparer.Ordinal).ToArray();
        JsonParts.WriteArray(writer, "userIds", users);
        JsonParts.WriteArray(writer, "segments", users.Select(u => _userSegments[u]));
    }

    internal static SegmentPopularityModel Read(JsonElement parameters, InteractionMatrix interactions)
    {
        var users = JsonParts.StringArray(parameters, "userIds");
        var segments = JsonParts.StringArray(parameters, "segments");
        if (users.Length != segments.Length)
        {
            throw new FormatException($"The segment map has {users.Length} user ids but {segments.Length} segments.");
        }
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var n = 0; n < users.Length; n++)
        {
            if (string.IsNullOrEmpty(users[n]) || string.IsNullOrEmpty(segments[n]) || !map.TryAdd(users[n], segments[n]))
            {
                throw new FormatException($"Entry {n} of the segment map is empty or repeats user \"{users[n]}\".");
            }
        }
        return new SegmentPopularityModel(interactions, map);
    }
}
