namespace Clientele.Segmentation;

/// <summary>The chosen number of components, its fitted model, the table it was chosen from (ascending k) and the rule.</summary>
public sealed record GaussianMixtureSelectionResult(
    int ChosenK, GaussianMixtureModel Model, IReadOnlyList<GaussianMixtureSelectionRow> Table, string Rule);
