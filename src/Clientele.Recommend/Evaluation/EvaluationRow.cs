namespace Clientele.Recommend.Evaluation;

/// <summary>One recommender's quality on a held-out test set, at k.</summary>
/// <param name="Name">The name given to the recommender.</param>
/// <param name="K">The list length evaluated.</param>
/// <param name="Users">The test users evaluated (those the training matrix knows).</param>
/// <param name="Precision">Mean precision@k.</param>
/// <param name="Recall">Mean recall@k.</param>
/// <param name="Ndcg">Mean NDCG@k.</param>
/// <param name="Map">MAP@k.</param>
/// <param name="HitRate">Fraction of users with a hit in their top k.</param>
/// <param name="Coverage">Distinct recommended items ÷ items with a training interaction.</param>
/// <param name="Novelty">Mean self-information −log₂(popularity) of the recommended items, in bits.</param>
/// <param name="FitSeconds">Wall-clock seconds of the fit (0 when a fitted model was given).</param>
public sealed record EvaluationRow(
    string Name, int K, int Users, double Precision, double Recall, double Ndcg, double Map, double HitRate, double Coverage, double Novelty, double FitSeconds);
