namespace Clientele.Recommend.Evaluation;

/// <summary>Interactions divided into a training part and a held-out test part.</summary>
/// <param name="Train">The interactions to fit on.</param>
/// <param name="Test">The held-out interactions whose items count as relevant.</param>
public sealed record DataSplit(IReadOnlyList<Interaction> Train, IReadOnlyList<Interaction> Test);
