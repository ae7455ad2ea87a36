namespace Clientele.Recommend;

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
