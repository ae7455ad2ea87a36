namespace Clientele.Value;

/// <summary>
/// Fits the Gamma-Gamma model of spend (Fader, Hardie &amp; Lee 2005, "The Gamma-Gamma Model of Monetary Value";
/// Fader &amp; Hardie 2013) by maximum likelihood on the customers with at least one repeat purchase.
/// </summary>
/// <remarks>
/// <para>
/// A customer's transaction values are Gamma(p, ν) with a customer-specific rate ν ~ Gamma(q, γ); the mean spend is
/// independent of the purchase process, so the model is combined with BG/NBD or Pareto/NBD for lifetime value.
/// </para>
/// <list type="table">
/// <item><term>Input</term><description>x and the mean repeat-transaction value m per customer; customers with x = 0 are left out of the fit.</description></item>
/// <item><term>Optimiser</term><description>Newton's method with the exact Hessian and a backtracking line search on log p, log q, log γ; BFGS with a strong-Wolfe line search if no Newton step can be taken.</description></item>
/// <item><term>Uncertainty</term><description>Observed information from the exact second derivatives (trigamma terms), in one pass.</description></item>
/// <item><term>Large data</term><description>Above 200,000 distinct (x, m), the search starts from the optimum of a systematic subsample of 50,000 of them and polishes on all; the result is the full data's optimum.</description></item>
/// </list>
/// </remarks>
public sealed class GammaGammaFitter
{
    private readonly GammaGammaOptions _options;

    /// <summary>A fitter with the default <see cref="GammaGammaOptions"/>.</summary>
    public GammaGammaFitter()
        : this(new GammaGammaOptions())
    {
    }

    /// <param name="options">The settings; validated here.</param>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public GammaGammaFitter(GammaGammaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    /// <inheritdoc cref="Fit(ReadOnlySpan{CustomerSummary})"/>
    public GammaGammaModel Fit(IReadOnlyList<CustomerSummary> customers) => Fit(SummaryValidation.AsSpan(customers));

    /// <summary>
    /// Fits the model to the repeat buyers among <paramref name="customers"/> (x &gt; 0): their x and
    /// <see cref="CustomerSummary.MonetaryValue"/>. <see cref="FittedModel.NumberOfCustomers"/> of the Gamma-Gamma model counts them.
    /// </summary>
    /// <exception cref="ValueModelException">
    /// Fewer than 2 repeat buyers, a repeat buyer whose mean spend is not positive, a NaN or negative value, or no
    /// finite maximum; the message says what to try.
    /// </exception>
    public GammaGammaModel Fit(ReadOnlySpan<CustomerSummary> customers)
    {
        var repeatBuyers = SummaryValidation.CheckSpend(customers, GammaGammaModel.Kind);
        var groups = CustomerGroups.BySpend(customers, repeatBuyers);
        var meanSpend = 0.0;
        for (var i = 0; i < groups.Count; i++)
        {
            meanSpend += groups.Weight[i] * groups.Recency[i] / groups.NumberOfCustomers;
        }
        // p = 1, q = 2 and γ = mean spend: the population mean pγ/(q − 1) starts at the data's mean.
        double[] start = [1.0, 2.0, Math.Clamp(meanSpend, 1e-9, 1e9)];
        var fit = MaximumLikelihood.Fit(
            GammaGammaModel.Kind, GammaGammaModel.Names, new GammaGammaLikelihood(groups), start, _options.PenalizerCoefficient,
            _options.OptimizationTolerance, _options.MaximumNumberOfIterations,
            groups.Subsample(MaximumLikelihood.WarmStartThreshold, MaximumLikelihood.WarmStartSize) is { } sample ? new GammaGammaLikelihood(sample) : null);
        return new GammaGammaModel(fit);
    }
}
