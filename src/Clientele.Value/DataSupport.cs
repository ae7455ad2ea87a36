using System.Globalization;
using Clientele.Value.Classification;
using Clientele.Value.ValueClass;

namespace Clientele.Value;

/// <summary>
/// Checks that the data can carry the value models' numbers (issue 13: "no confident number the data cannot support").
/// Each check returns null when all is well, or a <see cref="DataCheck"/> that the outputs print as it is.
/// </summary>
public static class DataSupport
{
    /// <summary>
    /// Repeat buyers whose repeat purchases cost nothing, left out of the Gamma-Gamma fit (it needs a positive mean
    /// spend): null when there are none.
    /// </summary>
    public static DataCheck? RepeatBuyersWithoutSpend(int leftOut, int repeatBuyers) =>
        leftOut == 0
            ? null
            : new DataCheck(
                "repeat-buyers-without-spend",
                $"{Count(leftOut)} of {Count(repeatBuyers)} repeat buyers spent nothing on their repeat purchases (free orders, $0 lines): "
                + "the Gamma-Gamma spend model is fitted without them, and their expected spend and CLV are the model's for a mean spend of 0.");

    /// <summary>
    /// Flags a transaction model fitted where most customers bought only once. Under BG/NBD a customer can leave only just
    /// after a repeat purchase, so P(alive | x = 0) = 1 for every one-time buyer whatever their age (Fader, Hardie &amp; Lee
    /// 2005, eq. 8 with x = 0); under Pareto/NBD it falls with their age alone. Either way their numbers rest on the
    /// population's parameters, which the few repeat buyers determine.
    /// </summary>
    /// <param name="customers">The summaries the model was fitted on.</param>
    /// <param name="betaGeo">True for BG/NBD, false for Pareto/NBD (the explanation differs).</param>
    public static DataCheck? OneTimeBuyers(ReadOnlySpan<CustomerSummary> customers, bool betaGeo, DataSupportOptions? options = null)
    {
        options = Checked(options);
        if (customers.IsEmpty)
        {
            return null;
        }
        var once = 0;
        foreach (var c in customers)
        {
            if (c.Frequency == 0)
            {
                once++;
            }
        }
        var share = (double)once / customers.Length;
        if (share <= options.OneTimeBuyerShare)
        {
            return null;
        }
        var repeat = customers.Length - once;
        var head = $"{Count(once)} of {Count(customers.Length)} customers ({Percent(share)}) bought on one day only (more than {Percent(options.OneTimeBuyerShare)})";
        return new DataCheck("one-time-buyers", betaGeo
            ? $"{head}: BG/NBD lets a customer leave only just after a repeat purchase, so it gives each of them P(alive) = 1 by construction, "
              + $"which says nothing about whether they will come back; their expected purchases and CLV rest on what {Count(repeat)} repeat buyers show. "
              + "Rank one-time buyers by churn risk, not by P(alive)."
            : $"{head}: Pareto/NBD's P(alive) for each of them falls with their age alone, and their expected purchases and CLV rest on what "
              + $"{Count(repeat)} repeat buyers show. Rank one-time buyers by churn risk, not by P(alive).");
    }

    /// <summary>Flags a churn base rate outside [<see cref="DataSupportOptions.LowBaseRate"/>, <see cref="DataSupportOptions.HighBaseRate"/>].</summary>
    /// <param name="evaluation">The churn model's held-out evaluation.</param>
    /// <param name="horizonDays">Churn = no purchase in this many days.</param>
    public static DataCheck? ChurnBaseRate(BinaryEvaluation evaluation, int horizonDays, DataSupportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        options = Checked(options);
        var rate = evaluation.BaseRate;
        var head = $"{Percent(rate)} of the {Count(evaluation.Count)} held-out customers churned (made no purchase in {horizonDays} days)";
        if (rate > options.HighBaseRate)
        {
            return new DataCheck("churn-base-rate",
                $"{head}: calling everyone a churner is right {Percent(rate)} of the time, so precision says little and churn risk is high for nearly everyone; "
                + "read the AUC (how well it ranks customers) and use churn risk to order customers, not as a verdict.");
        }
        if (rate < options.LowBaseRate)
        {
            return new DataCheck("churn-base-rate",
                $"{head}: only {Count(evaluation.Positives)} churners to learn from and to judge on, so the model's precision and recall are uncertain; "
                + "read the AUC and use churn risk to order customers.");
        }
        return null;
    }

    /// <summary>
    /// A held-out AUC with the Hanley &amp; McNeil (1982) standard error,
    /// SE² = (A(1 − A) + (n₁ − 1)(Q₁ − A²) + (n₂ − 1)(Q₂ − A²)) / (n₁n₂), Q₁ = A/(2 − A), Q₂ = 2A²/(1 + A),
    /// and the rule: usable when the AUC is at least <see cref="DataSupportOptions.MinimumAuc"/> and A − 1.96 SE &gt; 0.5.
    /// </summary>
    /// <param name="auc">The AUC on held-out rows.</param>
    /// <param name="positives">Held-out rows of the positive class (n₁).</param>
    /// <param name="negatives">Held-out rows of the negative class (n₂).</param>
    public static AucSupport HeldOutAuc(double auc, int positives, int negatives, DataSupportOptions? options = null)
    {
        options = Checked(options);
        if (positives < 1 || negatives < 1)
        {
            return new AucSupport(auc, double.NaN, double.NaN, "the held-out rows hold only one class, so the AUC is undefined");
        }
        var q1 = auc / (2 - auc);
        var q2 = 2 * auc * auc / (1 + auc);
        var variance = ((auc * (1 - auc)) + ((positives - 1) * (q1 - (auc * auc))) + ((negatives - 1) * (q2 - (auc * auc)))) / ((double)positives * negatives);
        var se = Math.Sqrt(Math.Max(variance, 0));
        return Judge(auc, auc - (1.959964 * se), auc + (1.959964 * se), options);
    }

    /// <summary>
    /// A cross-validated AUC with a 95 % interval mean ± t(0.975, k − 1) · sd / √k over the k fold AUCs, and the same rule
    /// as <see cref="HeldOutAuc"/>. The folds share training rows, so the interval is, if anything, too narrow.
    /// </summary>
    public static AucSupport CrossValidated(CrossValidatedAuc crossValidation, DataSupportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(crossValidation);
        options = Checked(options);
        var k = crossValidation.FoldAuc.Count;
        if (k < 2 || !double.IsFinite(crossValidation.StandardDeviation))
        {
            return new AucSupport(crossValidation.Mean, double.NaN, double.NaN, "fewer than two folds, so the AUC has no interval");
        }
        var half = StudentT975(k - 1) * crossValidation.StandardDeviation / Math.Sqrt(k);
        return Judge(crossValidation.Mean, crossValidation.Mean - half, crossValidation.Mean + half, options);
    }

    /// <summary>
    /// The sentence shown wherever P(alive) and churn risk appear together: they answer different questions, so a customer
    /// can be both "alive" and likely to churn.
    /// </summary>
    /// <param name="churnDays">Churn = no purchase in this many days.</param>
    /// <param name="betaGeo">True when P(alive) comes from BG/NBD (a one-time buyer is alive by construction).</param>
    public static string AliveVersusChurn(int churnDays, bool betaGeo) =>
        "P(alive) and churn risk answer different questions: P(alive) is the chance that a customer has not left for good"
        + (betaGeo ? " (BG/NBD counts everyone who bought only once as alive)" : "")
        + $", churn risk the chance that they will not buy in the next {churnDays} days; a customer who has not left may still not buy for months, so both can be high.";

    /// <summary>The 0.975 quantile of Student's t with <paramref name="df"/> degrees of freedom.</summary>
    /// <remarks>Tabulated for 1–30 (any statistics table); above 30 the Cornish–Fisher expansion in 1/df (Abramowitz &amp; Stegun 26.7.5), within 10⁻⁴.</remarks>
    internal static double StudentT975(int df)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(df, 1);
        if (df <= T975.Length)
        {
            return T975[df - 1];
        }
        const double z = 1.959963985;
        double z3 = z * z * z, z5 = z3 * z * z;
        return z + ((z3 + z) / (4.0 * df)) + (((5 * z5) + (16 * z3) + (3 * z)) / (96.0 * df * df));
    }

    private static readonly double[] T975 =
    [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
        2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
    ];

    private static AucSupport Judge(double auc, double lower, double upper, DataSupportOptions options)
    {
        string? because = null;
        if (!(auc >= options.MinimumAuc))
        {
            because = $"AUC {Fixed(auc)} is below {Fixed(options.MinimumAuc)}";
        }
        else if (!(lower > 0.5))
        {
            because = $"the 95 % interval of its AUC ({Fixed(lower)}–{Fixed(upper)}) includes 0.5, a coin toss";
        }
        return new AucSupport(auc, lower, upper, because);
    }

    private static DataSupportOptions Checked(DataSupportOptions? options)
    {
        options ??= new DataSupportOptions();
        options.Validate();
        return options;
    }

    private static string Count(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string Percent(double share) => (100 * share).ToString("0.#", CultureInfo.InvariantCulture) + " %";

    private static string Fixed(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);
}
