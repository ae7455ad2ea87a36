namespace Clientele.Recommend;

/// <summary>A ranked list of items, best first, and why it is empty or short when it is.</summary>
/// <param name="Items">The items, best first.</param>
/// <param name="Reason">
/// Null for a full personalised answer; otherwise why the list is empty or shorter than asked, or what it fell back
/// on (for example "cold start: the most popular items of segment Champions").
/// </param>
public sealed record RecommendationResult(IReadOnlyList<ScoredItem> Items, string? Reason = null)
{
    /// <summary>Gets whether the list has no items.</summary>
    public bool IsEmpty => Items.Count == 0;

    /// <summary>An empty list with the reason.</summary>
    public static RecommendationResult Empty(string reason) => new([], reason);
}
