namespace Clientele.Language.Themes;

/// <summary>A word or two-word phrase that sets a group's texts apart, with the evidence for it.</summary>
/// <param name="Term">The word or phrase, lower-case.</param>
/// <param name="ZScore">The log-odds ratio of the group against the rest divided by its standard deviation; above about 2, unlikely to be chance.</param>
/// <param name="Count">How often the group's texts use it (counting a text's weight).</param>
public readonly record struct DistinctiveTerm(string Term, double ZScore, double Count);
