namespace Clientele.Segmentation;

/// <summary>One candidate number of components: the fitted mixture's training log-likelihood and BIC.</summary>
public sealed record GaussianMixtureSelectionRow(int K, double LogLikelihood, double BayesianInformationCriterion);
