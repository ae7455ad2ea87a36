namespace Clientele.Recommend;

/// <summary>
/// A fitted recommender: top-k items for a user (one or a batch), items similar to an item, recommendations for fresh
/// interactions without refitting, and versioned JSON. Immutable and safe to use from several threads.
/// </summary>
/// <remarks>
/// <para>Bad input follows one rule for every method and every recommender:</para>
/// <list type="bullet">
/// <item><description>
/// <c>k &lt;= 0</c> throws <see cref="ArgumentOutOfRangeException"/>; a null id throws <see cref="ArgumentNullException"/>;
/// a NaN, infinite or negative weight throws <see cref="ArgumentException"/>. These are programming errors.
/// </description></item>
/// <item><description>
/// An id the model does not know (a user it was not fitted on, an item outside the catalogue) is not an error: the
/// answer is a <see cref="RecommendationResult"/> with no items and a <see cref="RecommendationResult.Reason"/> that
/// says why (unknown items among fresh interactions are skipped and named in the reason). A recommender that can
/// answer a stranger (segment popularity, the hybrid with segments) does so and says so in the reason.
/// </description></item>
/// <item><description>Scores are finite; a list is shorter than k only when fewer candidates exist, and the reason says so.</description></item>
/// </list>
/// </remarks>
public interface IRecommender
{
    /// <summary>Gets the method name written in the JSON (<c>als</c>, <c>bpr</c>, <c>item-knn</c>, ...).</summary>
    string Method { get; }

    /// <summary>Gets the users the model was fitted on.</summary>
    IReadOnlyList<string> UserIds { get; }

    /// <summary>Gets the catalogue: the items the model can recommend.</summary>
    IReadOnlyList<string> ItemIds { get; }

    /// <summary>
    /// The <paramref name="k"/> best items for <paramref name="userId"/>, best first (ties: lower item index first).
    /// </summary>
    /// <param name="userId">A user id.</param>
    /// <param name="k">How many items; at least 1.</param>
    /// <param name="filterAlreadyInteracted">Leave out the items the user interacted with in the training matrix.</param>
    RecommendationResult Recommend(string userId, int k, bool filterAlreadyInteracted = true);

    /// <summary>
    /// <see cref="Recommend(string, int, bool)"/> for every user of <paramref name="userIds"/>, in that order, computed
    /// in parallel.
    /// </summary>
    IReadOnlyList<RecommendationResult> Recommend(IReadOnlyList<string> userIds, int k, bool filterAlreadyInteracted = true);

    /// <summary>The <paramref name="k"/> items most similar to <paramref name="itemId"/> (not the item itself), best first.</summary>
    RecommendationResult SimilarItems(string itemId, int k);

    /// <summary>
    /// Recommendations for a user described only by <paramref name="interactions"/> (a new customer, or a known one
    /// with a fresher history), without refitting: ALS solves the user's least squares against the fixed item factors,
    /// BPR folds the user in by SGD against fixed item factors, item-kNN and content score the items directly.
    /// </summary>
    /// <param name="interactions">Item ids with raw weights (as in the training matrix, before any weighting); repeated items are summed.</param>
    /// <param name="k">How many items; at least 1.</param>
    /// <param name="filterAlreadyInteracted">Leave out the items of <paramref name="interactions"/>.</param>
    RecommendationResult RecommendForNewInteractions(IReadOnlyList<(string ItemId, float Weight)> interactions, int k, bool filterAlreadyInteracted = true);

    /// <summary>The model as the bytes of a <see cref="Core.Models.ModelFile"/>; <see cref="RecommenderModel.Load(ReadOnlySpan{byte})"/> reads it back.</summary>
    byte[] Save();

    /// <summary>Writes the model as a <see cref="Core.Models.ModelFile"/> to <paramref name="destination"/>, in pieces: a model larger than one array (ten million customers' factors) saves this way.</summary>
    void Save(Stream destination);
}
