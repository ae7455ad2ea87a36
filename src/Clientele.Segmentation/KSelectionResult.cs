namespace Clientele.Segmentation;

/// <summary>The chosen k, the table it was chosen from (ascending k) and a one-sentence statement of the rule.</summary>
public sealed record KSelectionResult(int ChosenK, IReadOnlyList<KSelectionRow> Table, string Rule);
