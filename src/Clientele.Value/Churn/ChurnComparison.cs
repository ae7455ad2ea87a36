using Clientele.Value.Classification;

namespace Clientele.Value.Churn;

/// <summary>Churn scores of the same customers side by side (<see cref="ChurnEvaluation.Compare"/>).</summary>
/// <param name="Customers">Test customers scored by all three (those with a purchase-history summary).</param>
/// <param name="WithoutSummary">Test customers left out because they have no summary.</param>
/// <param name="Supervised">The churn model's P(churn).</param>
/// <param name="NotAlive">1 − P(alive) from the transaction model.</param>
/// <param name="NoPurchase">BG/NBD's P(no purchase in the horizon); null for other transaction models.</param>
public sealed record ChurnComparison(int Customers, int WithoutSummary, BinaryEvaluation Supervised, BinaryEvaluation NotAlive, BinaryEvaluation? NoPurchase);
