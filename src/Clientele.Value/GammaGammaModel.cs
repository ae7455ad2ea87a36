using Clientele.Core.Models;

namespace Clientele.Value;

/// <summary>
/// A fitted (or given) Gamma-Gamma spend model: p (shape of a transaction's value), q and γ (shape and rate of the
/// customers' value rates ν). Values are in the currency of the summaries. Immutable.
/// </summary>
public sealed class GammaGammaModel : FittedModel, ISaveableModel<GammaGammaModel>
{
    /// <summary>The version of the payload written by <see cref="Save"/>; this build reads 1 to this.</summary>
    public const int FormatVersion = 1;

    internal const string Kind = "Gamma-Gamma";

    /// <summary>Gets the <see cref="ModelFile.Kind"/> of a saved Gamma-Gamma model.</summary>
    public static string ModelKind => "gamma-gamma";

    internal static readonly string[] Names = ["p", "q", "gamma"];

    /// <summary>A model with given parameters (for example published ones); it has no standard errors or log-likelihood.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is not a finite number &gt; 0.</exception>
    public GammaGammaModel(double p, double q, double gamma)
        : this(FittedParameters.Given(Kind, Names, p, q, gamma))
    {
    }

    internal GammaGammaModel(FittedParameters fit)
        : base(fit)
    {
        P = fit[0];
        Q = fit[1];
        Gamma = fit[2];
    }

    /// <summary>Gets p, the shape of the gamma distribution of a customer's transaction values.</summary>
    public double P { get; }

    /// <summary>Gets q, the shape of the gamma distribution of the customers' rates ν.</summary>
    public double Q { get; }

    /// <summary>Gets γ (lifetimes' v), the rate of the gamma distribution of the customers' rates ν, in currency units.</summary>
    public double Gamma { get; }

    /// <summary>
    /// Gets the population mean transaction value E[Z] = pγ/(q − 1); +∞ when q ≤ 1 (the mean does not exist).
    /// </summary>
    public double PopulationMeanSpend => Q > 1.0 ? P * Gamma / (Q - 1.0) : double.PositiveInfinity;

    /// <summary>
    /// E[Z | x, m] = p(γ + x m)/(p x + q − 1) (the note's eq. 5): the expected mean transaction value of a customer with
    /// x repeat transactions of mean value m; a weighted mean of <see cref="PopulationMeanSpend"/> and m. For x = 0 it
    /// is the population mean. +∞ when p x + q ≤ 1.
    /// </summary>
    public double ConditionalExpectedAverageSpend(double frequency, double monetaryValue)
    {
        if (!double.IsFinite(frequency) || frequency < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(frequency), frequency, "The frequency x must be a finite number >= 0.");
        }
        if (!double.IsFinite(monetaryValue) || monetaryValue < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(monetaryValue), monetaryValue, "The mean spend m must be a finite number >= 0.");
        }
        var denominator = (P * frequency) + Q - 1.0;
        return denominator > 0 ? P * (Gamma + (frequency * monetaryValue)) / denominator : double.PositiveInfinity;
    }

    /// <inheritdoc cref="ConditionalExpectedAverageSpend(double, double)"/>
    public double ConditionalExpectedAverageSpend(CustomerSummary customer)
        => ConditionalExpectedAverageSpend(customer.Frequency, customer.Frequency > 0 ? customer.MonetaryValue : 0.0);

    /// <summary>The log-likelihood of these parameters on the repeat buyers among <paramref name="customers"/>.</summary>
    /// <exception cref="ValueModelException">The summaries break a rule (see <see cref="GammaGammaFitter.Fit(ReadOnlySpan{CustomerSummary})"/>).</exception>
    public double EvaluateLogLikelihood(IReadOnlyList<CustomerSummary> customers)
    {
        var span = SummaryValidation.AsSpan(customers);
        SummaryValidation.CheckSpend(span, Kind);
        return new GammaGammaLikelihood(CustomerGroups.BySpend(span)).Evaluate([P, Q, Gamma], []);
    }

    /// <summary>The model as a <see cref="ModelFile"/> of kind <see cref="ModelKind"/> (payload version <see cref="FormatVersion"/>): parameters, standard errors, intervals, covariance and fit statistics.</summary>
    public byte[] Save() => ModelJson.Save(ModelKind, FormatVersion, Fit);

    /// <summary>Reads a model written by <see cref="Save"/>.</summary>
    /// <exception cref="Core.ClienteleException">The bytes are not a saved Gamma-Gamma model of a format version this build reads, or are damaged.</exception>
    public static GammaGammaModel Load(ReadOnlySpan<byte> bytes) => new(ModelJson.Read(bytes, ModelKind, Kind, FormatVersion, Names));
}
