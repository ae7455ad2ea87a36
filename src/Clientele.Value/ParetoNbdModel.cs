using Clientele.Core.Maths;
using Clientele.Core.Models;

namespace Clientele.Value;

/// <summary>
/// A fitted (or given) Pareto/NBD model: r, α (purchase rate λ ~ Gamma(r, α)) and s, β (dropout rate μ ~ Gamma(s, β)),
/// with the queries of Fader, Hardie &amp; Lee (2005, "A Note on Deriving the Pareto/NBD Model and Related
/// Expressions"). Times are in the unit of the summaries the model was fitted on. Immutable.
/// </summary>
public sealed class ParetoNbdModel : FittedModel, ITransactionModel, ISaveableModel<ParetoNbdModel>
{
    /// <summary>The version of the payload written by <see cref="Save"/>; this build reads 1 to this.</summary>
    public const int FormatVersion = 1;

    internal const string Kind = "Pareto/NBD";

    /// <summary>Gets the <see cref="ModelFile.Kind"/> of a saved Pareto/NBD model.</summary>
    public static string ModelKind => "pareto-nbd";

    internal static readonly string[] Names = ["r", "alpha", "s", "beta"];

    /// <summary>A model with given parameters (for example published ones); it has no standard errors or log-likelihood.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is not a finite number &gt; 0.</exception>
    public ParetoNbdModel(double r, double alpha, double s, double beta)
        : this(FittedParameters.Given(Kind, Names, r, alpha, s, beta))
    {
    }

    internal ParetoNbdModel(FittedParameters fit)
        : base(fit)
    {
        R = fit[0];
        Alpha = fit[1];
        S = fit[2];
        Beta = fit[3];
    }

    /// <summary>Gets r, the shape of the gamma distribution of purchase rates.</summary>
    public double R { get; }

    /// <summary>Gets α, the rate of the gamma distribution of purchase rates, in the summaries' time unit.</summary>
    public double Alpha { get; }

    /// <summary>Gets s, the shape of the gamma distribution of dropout rates.</summary>
    public double S { get; }

    /// <summary>Gets β, the rate of the gamma distribution of dropout rates, in the summaries' time unit.</summary>
    public double Beta { get; }

    /// <summary>E[X(t)] = rβ/(α(s − 1)) [1 − (β/(β + t))^(s − 1)] (FHL note, eq. 27); the limit at s = 1 is rβ/α log(1 + t/β).</summary>
    public double ExpectedPurchases(double t)
    {
        SummaryValidation.CheckHorizon(t);
        var log = -SpecialFunctions.Log1P(t / Beta);
        return R / Alpha * Beta * -log * SpecialFunctions.ExpM1OverX((S - 1.0) * log);
    }

    /// <summary>
    /// E[Y(t) | x, t_x, T] = (r + x)(β + T)/((α + T)(s − 1)) [1 − ((β + T)/(β + T + t))^(s − 1)] × P(alive | x, t_x, T)
    /// (FHL note, eq. 30).
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

    private double WhileAlive(double t, double frequency, double age)
    {
        var log = -SpecialFunctions.Log1P(t / (Beta + age));
        return (R + frequency) / (Alpha + age) * (Beta + age) * -log * SpecialFunctions.ExpM1OverX((S - 1.0) * log);
    }

    /// <inheritdoc cref="ConditionalExpectedPurchases(double, double, double, double)"/>
    public double ConditionalExpectedPurchases(double t, CustomerSummary customer)
        => ConditionalExpectedPurchases(t, customer.Frequency, customer.Recency, customer.Age);

    /// <summary>
    /// P(alive | x, t_x, T) = 1 / (1 + s/(r + s + x) (α + T)^(r + x) (β + T)^s A₀) (FHL note, eq. 23), in log space.
    /// </summary>
    public double ProbabilityAlive(double frequency, double recency, double age)
    {
        SummaryValidation.CheckQuery(frequency, recency, age);
        return ProbabilityAliveUnchecked(frequency, recency, age);
    }

    /// <inheritdoc cref="ProbabilityAlive(double, double, double)"/>
    public double ProbabilityAlive(CustomerSummary customer) => ProbabilityAlive(customer.Frequency, customer.Recency, customer.Age);

    /// <summary>The log-likelihood of these parameters on <paramref name="customers"/> (FHL note eq. 19, summed).</summary>
    /// <exception cref="ValueModelException">The summaries break a rule (see <see cref="ParetoNbdFitter.Fit(ReadOnlySpan{CustomerSummary})"/>).</exception>
    public double EvaluateLogLikelihood(IReadOnlyList<CustomerSummary> customers)
    {
        var span = SummaryValidation.AsSpan(customers);
        SummaryValidation.CheckHistory(span, Kind);
        return new ParetoNbdLikelihood(CustomerGroups.ByHistory(span)).Evaluate([R, Alpha, S, Beta], []);
    }

    /// <summary>The model as a <see cref="ModelFile"/> of kind <see cref="ModelKind"/> (payload version <see cref="FormatVersion"/>): parameters, standard errors, intervals, covariance and fit statistics.</summary>
    public byte[] Save() => ModelJson.Save(ModelKind, FormatVersion, Fit);

    /// <summary>Reads a model written by <see cref="Save"/>.</summary>
    /// <exception cref="Core.ClienteleException">The bytes are not a saved Pareto/NBD model of a format version this build reads, or are damaged.</exception>
    public static ParetoNbdModel Load(ReadOnlySpan<byte> bytes) => new(ModelJson.Read(bytes, ModelKind, Kind, FormatVersion, Names));

    private double ProbabilityAliveUnchecked(double x, double recency, double age)
    {
        var logA0 = ParetoNbdLikelihood.LogA0(R, Alpha, S, Beta, x, recency, age, []);
        var odds = Math.Log(S) - Math.Log(R + S + x) + ((R + x) * Math.Log(Alpha + age)) + (S * Math.Log(Beta + age)) + logA0;
        return SpecialFunctions.LogisticOfNegative(odds);
    }
}
