namespace Clientele.Recommend.Evaluation;

/// <summary>
/// One recommender against the baseline on the same test customers, paired customer by customer on a per-customer
/// metric (NDCG@k in the evaluation).
/// </summary>
/// <param name="Name">The recommender.</param>
/// <param name="Baseline">The baseline (popularity).</param>
/// <param name="Customers">The test customers both were measured on.</param>
/// <param name="Difference">Mean of (recommender − baseline) over the customers.</param>
/// <param name="Low">Lower end of the percentile bootstrap interval of <paramref name="Difference"/>.</param>
/// <param name="High">Upper end of that interval.</param>
/// <param name="Better">Customers for whom the recommender scored higher.</param>
/// <param name="Worse">Customers for whom it scored lower.</param>
/// <param name="SignTestP">Exact two-sided sign test over the customers where the two differ (1 when none do).</param>
/// <param name="Distinguishable">Whether the interval excludes 0 and the sign test is below the level: only then is one better.</param>
public sealed record BaselineComparison(
    string Name, string Baseline, int Customers, double Difference, double Low, double High, int Better, int Worse, double SignTestP, bool Distinguishable)
{
    /// <summary>
    /// Compares per-customer values of a recommender with the baseline's for the same customers (same order). Two
    /// tests must agree before a difference is called real: a percentile bootstrap interval of the mean difference
    /// (Efron &amp; Tibshirani 1993, ch. 13) that excludes 0, and an exact sign test over the customers where the two
    /// differ. The bootstrap measures the size; the sign test keeps a handful of customers from looking decisive (on
    /// five customers, three wins and no loss give a bootstrap interval above 0 but a sign-test p of 0.25).
    /// </summary>
    /// <exception cref="ArgumentException">The two spans differ in length, or a value is not finite.</exception>
    public static BaselineComparison Compare(
        string name, string baseline, ReadOnlySpan<double> values, ReadOnlySpan<double> baselineValues, BaselineComparisonOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(baseline);
        options ??= new BaselineComparisonOptions();
        options.Validate();
        if (values.Length != baselineValues.Length)
        {
            throw new ArgumentException($"{values.Length} values against {baselineValues.Length} baseline values; they must be paired.", nameof(baselineValues));
        }
        var n = values.Length;
        if (n == 0)
        {
            return new BaselineComparison(name, baseline, 0, 0, 0, 0, 0, 0, 1, false);
        }
        var differences = new double[n];
        int better = 0, worse = 0;
        for (var i = 0; i < n; i++)
        {
            if (!double.IsFinite(values[i]) || !double.IsFinite(baselineValues[i]))
            {
                throw new ArgumentException($"Customer {i} has a value that is not finite.", nameof(values));
            }
            differences[i] = values[i] - baselineValues[i];
            better += differences[i] > 0 ? 1 : 0;
            worse += differences[i] < 0 ? 1 : 0;
        }
        var mean = differences.Average();
        var random = new Random(options.Seed);
        var means = new double[options.Resamples];
        for (var b = 0; b < means.Length; b++)
        {
            var sum = 0.0;
            for (var i = 0; i < n; i++)
            {
                sum += differences[random.Next(n)];
            }
            means[b] = sum / n;
        }
        Array.Sort(means);
        var low = Percentile(means, options.SignificanceLevel / 2);
        var high = Percentile(means, 1 - (options.SignificanceLevel / 2));
        var p = SignTest(better, worse);
        var distinguishable = (low > 0 || high < 0) && p < options.SignificanceLevel;
        return new BaselineComparison(name, baseline, n, mean, low, high, better, worse, p, distinguishable);
    }

    /// <summary>
    /// The exact two-sided sign test: 2·P(X ≤ min(b, w)) for X ~ Binomial(b + w, ½), at most 1; 1 when b + w = 0.
    /// Summed in log space, so any number of customers is exact to rounding.
    /// </summary>
    public static double SignTest(int better, int worse)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(better);
        ArgumentOutOfRangeException.ThrowIfNegative(worse);
        var n = better + worse;
        if (n == 0)
        {
            return 1;
        }
        var m = Math.Min(better, worse);
        // log C(n, i) − n·log 2, from i = 0 upward.
        var logTerm = -n * Math.Log(2);
        var logs = new double[m + 1];
        for (var i = 0; i <= m; i++)
        {
            logs[i] = logTerm;
            logTerm += Math.Log(n - i) - Math.Log(i + 1);
        }
        var max = logs.Max();
        var tail = Math.Exp(max) * logs.Sum(l => Math.Exp(l - max));
        return Math.Min(1, 2 * tail);
    }

    /// <summary>The q-quantile of sorted values (linear interpolation between the closest ranks, as numpy's default).</summary>
    private static double Percentile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + ((position - below) * (sorted[above] - sorted[below]));
    }
}
