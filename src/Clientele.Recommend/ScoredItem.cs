namespace Clientele.Recommend;

/// <summary>An item with its score (higher is better; scores are comparable only within one list).</summary>
public readonly record struct ScoredItem(string ItemId, float Score);
