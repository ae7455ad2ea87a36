namespace Clientele.Value;

/// <summary>
/// A fitted model of how many transactions customers make (BG/NBD, Pareto/NBD). Times are in the unit of the
/// summaries the model was fitted on.
/// </summary>
public interface ITransactionModel
{
    /// <summary>E[X(t)]: the expected number of repeat transactions of a new customer in a period of length t.</summary>
    double ExpectedPurchases(double t);

    /// <summary>
    /// E[Y(t) | x, t_x, T]: the expected number of transactions in the next period of length t of a customer with
    /// <paramref name="frequency"/> x repeat transactions, the last at <paramref name="recency"/> t_x, observed for
    /// <paramref name="age"/> T.
    /// </summary>
    double ConditionalExpectedPurchases(double t, double frequency, double recency, double age);

    /// <summary>
    /// The expected number of transactions in the next period of length t of a customer with <paramref name="frequency"/>
    /// x repeat transactions, observed for <paramref name="age"/> T, who is still active at T: E[Y(t) | x, t_x, T] is this
    /// times <see cref="ProbabilityAlive"/>, and it does not depend on t_x, so many customers share it (CLV's periods).
    /// </summary>
    double ExpectedPurchasesWhileAlive(double t, double frequency, double age);

    /// <summary>P(alive | x, t_x, T): the probability that the customer is still active at the end of the observation.</summary>
    double ProbabilityAlive(double frequency, double recency, double age);
}
