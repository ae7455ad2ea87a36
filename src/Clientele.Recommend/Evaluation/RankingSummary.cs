namespace Clientele.Recommend.Evaluation;

/// <summary>The ranking metrics at k averaged over users.</summary>
/// <param name="Users">The number of users averaged over.</param>
/// <param name="Precision">Mean precision@k.</param>
/// <param name="Recall">Mean recall@k.</param>
/// <param name="Ndcg">Mean NDCG@k.</param>
/// <param name="Map">MAP@k.</param>
/// <param name="HitRate">The fraction of users with at least one hit in their top k.</param>
public sealed record RankingSummary(int Users, double Precision, double Recall, double Ndcg, double Map, double HitRate);
