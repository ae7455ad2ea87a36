using Clientele.Core.Maths;
using Clientele.Core.Models;

namespace Clientele.Value;

/// <summary>
/// A fitted (or given) BG/NBD model: the parameters r, α (purchase rate λ ~ Gamma(r, α)) and a, b (dropout
/// probability p ~ Beta(a, b)), with the queries of Fader, Hardie &amp; Lee (2005). Times are in the unit of the
/// summaries the model was fitted on. Immutable.
/// </summary>
public sealed class BetaGeoModel : FittedModel, ITransactionModel, ISaveableModel<BetaGeoModel>
{
    /// <summary>The version of the payload written by <see cref="Save"/>; this build reads 1 to this.</summary>
    public const int FormatVersion = 1;

    internal const string Kind = "BG/NBD";

    /// <summary>Gets the <see cref="ModelFile.Kind"/> of a saved BG/NBD model.</summary>
    public static string ModelKind => "bg-nbd";

    internal static readonly string[] Names = ["r", "alpha", "a", "b"];

    /// <summary>A model with given parameters (for example published ones); it has no standard errors or log-likelihood.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is not a finite number &gt; 0.</exception>
    public BetaGeoModel(double r, double alpha, double a, double b)
        : this(FittedParameters.Given(Kind, Names, r, alpha, a, b))
    {
    }

    internal BetaGeoModel(FittedParameters fit)
        : base(fit)
    {
        R = fit[0];
        Alpha = fit[1];
        A = fit[2];
        B = fit[3];
    }

    /// <summary>Gets r, the shape of the gamma distribution of purchase rates.</summary>
    public double R { get; }

    /// <summary>Gets α, the rate (inverse scale) of the gamma distribution of purchase rates, in the summaries' time unit.</summary>
    public double Alpha { get; }

    /// <summary>Gets a, the first shape of the beta distribution of dropout probabilities.</summary>
    public double A { get; }

    /// <summary>Gets b, the second shape of the beta distribution of dropout probabilities.</summary>
    public double B { get; }

    /// <summary>E[X(t)] (eq. 9): the expected number of repeat purchases of a new customer in a period of length t.</summary>
    public double ExpectedPurchases(double t)
    {
        SummaryValidation.CheckHorizon(t);
        var z = t / (Alpha + t);
        return Hypergeometric.BetaGeoExpectationKernel(R, A, B, 0.0, z, -SpecialFunctions.Log1P(t / Alpha));
    }

    /// <summary>
    /// E[Y(t) | x, t_x, T] (eq. 10): the expected number of purchases in the next period of length t of a customer
    /// with x repeat purchases, the last at t_x, observed for T.
    /// </summary>
    public double ConditionalExpectedPurchases(double t, double frequency, double recency, double age)
    {
        SummaryValidation.CheckHorizon(t);
        SummaryValidation.CheckQuery(frequency, recency, age);
        return WhileAlive(t, frequency, age) * ProbabilityAliveUnchecked(frequency, recency, age);
    }

    /// <inheritdoc/>
    public double ExpectedPurchasesWhileAlive(double t, double frequency, double age)
    {
        SummaryValidation.CheckHorizon(t);
        SummaryValidation.CheckQuery(frequency, 0, age);
        return WhileAlive(t, frequency, age);
    }

    // The eq. 10 bracket with its factor: Hypergeometric.BetaGeoExpectationKernel at z = t/(α + T + t).
    private double WhileAlive(double t, double frequency, double age) =>
        Hypergeometric.BetaGeoExpectationKernel(R, A, B, frequency, t / (Alpha + age + t), -SpecialFunctions.Log1P(t / (Alpha + age)));

    /// <inheritdoc cref="ConditionalExpectedPurchases(double, double, double, double)"/>
    public double ConditionalExpectedPurchases(double t, CustomerSummary customer)
        => ConditionalExpectedPurchases(t, customer.Frequency, customer.Recency, customer.Age);

    /// <summary>
    /// P(alive | x, t_x, T) = 1 / (1 + δ(x &gt; 0) a/(b + x − 1) ((α + T)/(α + t_x))^(r + x)) (FHL 2005, eq. 11 and
    /// the note "Computing P(alive) using the BG/NBD model"): the probability that the customer is still active at T.
    /// Always 1 for x = 0 (the model's customers can drop out only right after a repeat purchase).
    /// </summary>
    public double ProbabilityAlive(double frequency, double recency, double age)
    {
        SummaryValidation.CheckQuery(frequency, recency, age);
        return ProbabilityAliveUnchecked(frequency, recency, age);
    }

    /// <inheritdoc cref="ProbabilityAlive(double, double, double)"/>
    public double ProbabilityAlive(CustomerSummary customer) => ProbabilityAlive(customer.Frequency, customer.Recency, customer.Age);

    /// <summary>
    /// P(X(t) = n) (eq. 8): the probability that a new customer makes exactly n repeat purchases in a period of length t.
    /// The negative-binomial tail in the second term is summed directly rather than as 1 − (head), so small
    /// probabilities keep their relative precision.
    /// </summary>
    public double ProbabilityOfPurchases(int n, double t)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        SummaryValidation.CheckHorizon(t);
        if (t == 0)
        {
            return n == 0 ? 1.0 : 0.0;
        }
        var logP = -SpecialFunctions.Log1P(t / Alpha);          // log(α / (α + t))
        var logQ = Math.Log(t) - Math.Log(Alpha + t);            // log(t / (α + t))
        var logBetaAB = SpecialFunctions.LogBeta(A, B);
        var first = SpecialFunctions.LogBeta(A, B + n) - logBetaAB
            + SpecialFunctions.LogGamma(R + n) - SpecialFunctions.LogGamma(R) - SpecialFunctions.LogGamma(n + 1.0)
            + (R * logP) + (n * logQ);
        if (n == 0)
        {
            return Math.Exp(first);
        }
        var second = SpecialFunctions.LogBeta(A + 1.0, B + n - 1.0) - logBetaAB + LogNegativeBinomialUpperTail(R, logP, logQ, n);
        return Math.Exp(SpecialFunctions.LogAddExp(first, second));
    }

    /// <summary>
    /// The log-likelihood of these parameters on <paramref name="customers"/> (eq. 6, summed): for example the
    /// published parameters on the published data.
    /// </summary>
    /// <exception cref="ValueModelException">The summaries break a rule (see <see cref="BetaGeoFitter.Fit(ReadOnlySpan{CustomerSummary})"/>).</exception>
    public double EvaluateLogLikelihood(IReadOnlyList<CustomerSummary> customers)
    {
        var span = SummaryValidation.AsSpan(customers);
        SummaryValidation.CheckHistory(span, Kind);
        return new BetaGeoLikelihood(CustomerGroups.ByHistory(span)).Evaluate([R, Alpha, A, B], []);
    }

    /// <summary>The model as a <see cref="ModelFile"/> of kind <see cref="ModelKind"/> (payload version <see cref="FormatVersion"/>): parameters, standard errors, intervals, covariance and fit statistics.</summary>
    public byte[] Save() => ModelJson.Save(ModelKind, FormatVersion, Fit);

    /// <summary>Reads a model written by <see cref="Save"/>.</summary>
    /// <exception cref="Core.ClienteleException">The bytes are not a saved BG/NBD model of a format version this build reads, or are damaged.</exception>
    public static BetaGeoModel Load(ReadOnlySpan<byte> bytes) => new(ModelJson.Read(bytes, ModelKind, Kind, FormatVersion, Names));

    private double ProbabilityAliveUnchecked(double x, double recency, double age)
    {
        if (x == 0)
        {
            return 1.0;
        }
        // log of a/(b + x − 1) ((α + T)/(α + t_x))^(r + x).
        var odds = Math.Log(A) - Math.Log(B + x - 1.0) + ((R + x) * SpecialFunctions.Log1P((age - recency) / (Alpha + recency)));
        return SpecialFunctions.LogisticOfNegative(odds);
    }

    /// <summary>log P(N ≥ n) for N negative binomial with P(N = j) = Γ(r + j)/(Γ(r) j!) p^r q^j, n ≥ 1.</summary>
    internal static double LogNegativeBinomialUpperTail(double r, double logP, double logQ, int n)
    {
        var logTerm = r * logP;
        var logHead = logTerm;
        for (var j = 0; j < n - 1; j++)
        {
            logTerm += Math.Log((r + j) / (j + 1.0)) + logQ;
            logHead = SpecialFunctions.LogAddExp(logHead, logTerm);
        }
        if (logHead < -0.6931471805599453)
        {
            // The head is below 1/2, so 1 − head loses no precision.
            return SpecialFunctions.Log1P(-Math.Exp(logHead));
        }
        logTerm += Math.Log((r + n - 1.0) / n) + logQ;
        var logTail = logTerm;
        for (var j = n; j < int.MaxValue - 1; j++)
        {
            var logRatio = Math.Log((r + j) / (j + 1.0)) + logQ;
            logTerm += logRatio;
            logTail = SpecialFunctions.LogAddExp(logTail, logTerm);
            if (logRatio < 0 && logTerm + logRatio - SpecialFunctions.Log1P(-Math.Exp(logRatio)) < logTail - 37.0)
            {
                break;
            }
            if (double.IsNegativeInfinity(logTerm))
            {
                break;
            }
        }
        return logTail;
    }
}
