namespace Clientele.Value;

/// <summary>
/// Fits the BG/NBD model (Fader, Hardie &amp; Lee 2005, "Counting Your Customers the Easy Way: An Alternative to the
/// Pareto/NBD Model", Marketing Science 24(2)) by maximum likelihood.
/// </summary>
/// <remarks>
/// <para>
/// While active, a customer buys at rate λ (a Poisson process); after each repeat purchase the customer drops out with
/// probability p. Across customers λ ~ Gamma(r, α) (shape r, rate α) and p ~ Beta(a, b).
/// </para>
/// <list type="table">
/// <item><term>Input</term><description>x, t_x, T per customer (<see cref="CustomerSummary"/>), one time unit throughout.</description></item>
/// <item><term>Likelihood</term><description>Eq. 6 of the paper in log space (log-sum-exp), summed over groups of identical (x, t_x, T) on all cores.</description></item>
/// <item><term>Optimiser</term><description>Newton's method with the exact Hessian and a backtracking line search on log r, log α, log a, log b (a multiple of the identity added where the Hessian is indefinite); BFGS with a strong-Wolfe line search if no Newton step can be taken.</description></item>
/// <item><term>Uncertainty</term><description>Observed information from the exact second derivatives (trigamma terms and the mixture's), in one pass.</description></item>
/// <item><term>Large data</term><description>Above 200,000 distinct (x, t_x, T), the search starts from the optimum of a systematic subsample of 50,000 of them and polishes on all; the result is the full data's optimum.</description></item>
/// </list>
/// </remarks>
public sealed class BetaGeoFitter
{
    private readonly BetaGeoOptions _options;

    /// <summary>A fitter with the default <see cref="BetaGeoOptions"/>.</summary>
    public BetaGeoFitter()
        : this(new BetaGeoOptions())
    {
    }

    /// <param name="options">The settings; validated here.</param>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public BetaGeoFitter(BetaGeoOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    /// <inheritdoc cref="Fit(ReadOnlySpan{CustomerSummary})"/>
    public BetaGeoModel Fit(IReadOnlyList<CustomerSummary> customers) => Fit(SummaryValidation.AsSpan(customers));

    /// <summary>Fits the model to the customers' (x, t_x, T); <see cref="CustomerSummary.MonetaryValue"/> is not read.</summary>
    /// <exception cref="ValueModelException">
    /// The input breaks a rule (fewer than 2 customers, a NaN or negative value, t_x &gt; T, no repeat buyer) or the fit
    /// has no finite maximum; the message says what to try.
    /// </exception>
    public BetaGeoModel Fit(ReadOnlySpan<CustomerSummary> customers)
    {
        SummaryValidation.CheckHistory(customers, BetaGeoModel.Kind);
        var groups = CustomerGroups.ByHistory(customers);
        var likelihood = new BetaGeoLikelihood(groups);
        var fit = MaximumLikelihood.Fit(
            BetaGeoModel.Kind, BetaGeoModel.Names, likelihood, StartingPoint(customers), _options.PenalizerCoefficient,
            _options.OptimizationTolerance, _options.MaximumNumberOfIterations,
            groups.Subsample(MaximumLikelihood.WarmStartThreshold, MaximumLikelihood.WarmStartSize) is { } sample ? new BetaGeoLikelihood(sample) : null);
        return new BetaGeoModel(fit);
    }

    /// <summary>r = a = b = 1 and α = ΣT/Σx, so that the mean purchase rate r/α matches the data's.</summary>
    internal static double[] StartingPoint(ReadOnlySpan<CustomerSummary> customers)
    {
        double purchases = 0, time = 0;
        foreach (var c in customers)
        {
            purchases += c.Frequency;
            time += c.Age;
        }
        var alpha = purchases > 0 && time > 0 ? Math.Clamp(time / purchases, 1e-6, 1e6) : 1.0;
        return [1.0, alpha, 1.0, 1.0];
    }
}
