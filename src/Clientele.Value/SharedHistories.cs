namespace Clientele.Value;

/// <summary>
/// The distinct (x, T) pairs of many customers: what the transaction models' expected purchases while alive depend on
/// (<see cref="ITransactionModel.ExpectedPurchasesWhileAlive"/>). A million customers have a few tens of thousands of
/// pairs, so the series behind each is summed once per pair, not once per customer.
/// </summary>
internal sealed class SharedHistories
{
    private SharedHistories((double Frequency, double Age)[] pairs, int[] pairOf)
    {
        Pairs = pairs;
        PairOf = pairOf;
    }

    /// <summary>The distinct pairs, in order of first appearance.</summary>
    public (double Frequency, double Age)[] Pairs { get; }

    /// <summary>For each customer, the index of its pair in <see cref="Pairs"/>.</summary>
    public int[] PairOf { get; }

    public static SharedHistories Of(ReadOnlySpan<CustomerSummary> customers)
    {
        var index = new Dictionary<(double Frequency, double Age), int>();
        var pairOf = new int[customers.Length];
        for (var i = 0; i < customers.Length; i++)
        {
            var key = (customers[i].Frequency, customers[i].Age);
            if (!index.TryGetValue(key, out var k))
            {
                index[key] = k = index.Count;
            }
            pairOf[i] = k;
        }
        return new SharedHistories([.. index.Keys], pairOf);
    }

    /// <summary>Computes <paramref name="compute"/> once per pair, in parallel.</summary>
    public T[] PerPair<T>(Func<double, double, T> compute)
    {
        var result = new T[Pairs.Length];
        Parallel.For(0, Pairs.Length, k => result[k] = compute(Pairs[k].Frequency, Pairs[k].Age));
        return result;
    }
}

/// <summary>The transaction models' per-customer quantities for many customers at once.</summary>
public static class TransactionModelBatch
{
    /// <summary>
    /// E[Y(t) | x, t_x, T] of every customer, as <see cref="ITransactionModel.ConditionalExpectedPurchases"/> gives it to
    /// the bit (the while-alive part times P(alive)), with the while-alive part computed once per (x, T) pair.
    /// </summary>
    public static double[] ConditionalExpectedPurchases(ITransactionModel model, double t, IReadOnlyList<CustomerSummary> customers)
    {
        ArgumentNullException.ThrowIfNull(model);
        var span = SummaryValidation.CheckedSpan(customers);
        var shared = SharedHistories.Of(span);
        var whileAlive = shared.PerPair((x, age) => model.ExpectedPurchasesWhileAlive(t, x, age));
        var result = new double[span.Length];
        for (var i = 0; i < span.Length; i++)
        {
            result[i] = whileAlive[shared.PairOf[i]] * model.ProbabilityAlive(span[i].Frequency, span[i].Recency, span[i].Age);
        }
        return result;
    }
}
