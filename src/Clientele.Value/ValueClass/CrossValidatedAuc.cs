namespace Clientele.Value.ValueClass;

/// <summary>A learner's cross-validated AUC: one value per fold, their mean and sample standard deviation.</summary>
public sealed record CrossValidatedAuc(ValueClassAlgorithm Algorithm, IReadOnlyList<double> FoldAuc, double Mean, double StandardDeviation);
