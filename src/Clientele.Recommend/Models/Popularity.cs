using System.Text.Json;

namespace Clientele.Recommend;

/// <summary>
/// Fits the popularity baseline: an item's score is the number of distinct users who interacted with it (the same
/// list for everyone, minus what the user already has). Items nobody interacted with are never recommended.
/// </summary>
public sealed class PopularityFitter : IRecommenderFitter
{
    IRecommender IRecommenderFitter.Fit(InteractionMatrix interactions) => Fit(interactions);

    /// <summary>Counts the users of every item.</summary>
    /// <exception cref="ArgumentException">The matrix has no interactions.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "A fitter's Fit is an instance method like every other fitter's.")]
    public PopularityModel Fit(InteractionMatrix interactions)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        FitterInput.Check(interactions, PopularityModel.MethodName);
        return new PopularityModel(interactions);
    }
}

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

    private protected override RecommendationResult RecommendWithoutHistory(int k, string why)
    {
        var workspace = new Workspace(Interactions.Items, k);
        _scores.CopyTo(workspace.Scores, 0);
        return Select(workspace, k, why + " These are the most popular items.");
    }

    internal override void WriteParameters(Utf8JsonWriter writer)
    {
    }

    internal static PopularityModel Read(JsonElement parameters, InteractionMatrix interactions) => new(interactions);
}

/// <summary>
/// Fits popularity per segment: for a user in segment s, an item's score is the number of users of s who interacted
/// with it, ties broken by overall popularity. This is the cold-start answer for a customer with no history but a
/// known segment (from RFM or clustering): the user need not be in the training matrix, only in the segment map.
/// </summary>
/// <param name="userSegments">The segment of each user id (users of the matrix and newcomers alike).</param>
public sealed class SegmentPopularityFitter(IReadOnlyDictionary<string, string> userSegments) : IRecommenderFitter
{
    private readonly IReadOnlyDictionary<string, string> _userSegments = userSegments ?? throw new ArgumentNullException(nameof(userSegments));

    IRecommender IRecommenderFitter.Fit(InteractionMatrix interactions) => Fit(interactions);

    /// <summary>Counts the users of every item within every segment.</summary>
    /// <exception cref="ArgumentException">The matrix has no interactions, or a segment name is empty.</exception>
    public SegmentPopularityModel Fit(InteractionMatrix interactions)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        FitterInput.Check(interactions, SegmentPopularityModel.MethodName);
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (user, segment) in _userSegments)
        {
            if (string.IsNullOrEmpty(user) || string.IsNullOrEmpty(segment))
            {
                throw new ArgumentException($"The segment map has an empty user id or segment (user \"{user}\").", nameof(interactions));
            }
            map[user] = segment;
        }
        return new SegmentPopularityModel(interactions, map);
    }
}

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

/// <summary>Popularity counts shared by the popularity models.</summary>
internal static class Popularity
{
    /// <summary>The number of users of every item; −∞ for items nobody has.</summary>
    public static float[] Scores(InteractionMatrix interactions) =>
        interactions.UserItems.ColumnCounts().Select(c => c > 0 ? (float)c : float.NegativeInfinity).ToArray();
}
