namespace Clientele.Core;

/// <summary>One customer's value from the transaction and spend models: the value columns of customers.csv.</summary>
public sealed record CustomerValue(string CustomerId, double ExpectedPurchases, double ProbabilityAlive, double ExpectedAverageSpend, double Clv);
