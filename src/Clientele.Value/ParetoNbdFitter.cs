namespace Clientele.Value;

/// <summary>
/// Fits the Pareto/NBD model (Schmittlein, Morrison &amp; Colombo 1987) by maximum likelihood, with the likelihood of
/// Fader, Hardie &amp; Lee (2005), "A Note on Deriving the Pareto/NBD Model and Related Expressions".
/// </summary>
/// <remarks>
/// <para>
/// While active, a customer buys at rate λ (Poisson) and stays active for an exponential lifetime of rate μ. Across
/// customers λ ~ Gamma(r, α) and μ ~ Gamma(s, β).
/// </para>
/// <list type="table">
/// <item><term>Input</term><description>x, t_x, T per customer (<see cref="CustomerSummary"/>), one time unit throughout.</description></item>
/// <item><term>Likelihood</term><description>FHL note eq. 19–22 in log space; the ₂F₁ of either branch (α ≥ β or α &lt; β) by a positive-term series.</description></item>
/// <item><term>Optimiser</term><description>BFGS with a strong-Wolfe line search on log r, log α, log s, log β with the analytic gradient (the ₂F₁ derivatives summed along its series).</description></item>
/// <item><term>Uncertainty</term><description>Observed information by central differences of the analytic gradient on the log-parameters.</description></item>
/// <item><term>Large data</term><description>Above 200,000 distinct (x, t_x, T), the search starts from the optimum of a systematic subsample of 50,000 of them and polishes on all; the result is the full data's optimum.</description></item>
/// </list>
/// </remarks>
public sealed class ParetoNbdFitter
{
    private readonly ParetoNbdOptions _options;

    /// <summary>A fitter with the default <see cref="ParetoNbdOptions"/>.</summary>
    public ParetoNbdFitter()
        : this(new ParetoNbdOptions())
    {
    }

    /// <param name="options">The settings; validated here.</param>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public ParetoNbdFitter(ParetoNbdOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    /// <inheritdoc cref="Fit(ReadOnlySpan{CustomerSummary})"/>
    public ParetoNbdModel Fit(IReadOnlyList<CustomerSummary> customers) => Fit(SummaryValidation.AsSpan(customers));

    /// <summary>Fits the model to the customers' (x, t_x, T); <see cref="CustomerSummary.MonetaryValue"/> is not read.</summary>
    /// <exception cref="ValueModelException">
    /// The input breaks a rule (fewer than 2 customers, a NaN or negative value, t_x &gt; T, no repeat buyer) or the fit
    /// has no finite maximum; the message says what to try.
    /// </exception>
    public ParetoNbdModel Fit(ReadOnlySpan<CustomerSummary> customers)
    {
        SummaryValidation.CheckHistory(customers, ParetoNbdModel.Kind);
        var groups = CustomerGroups.ByHistory(customers);
        var start = BetaGeoFitter.StartingPoint(customers);
        var meanAge = 0.0;
        foreach (var c in customers)
        {
            meanAge += c.Age / customers.Length;
        }
        double[] initial = [1.0, start[1], 1.0, Math.Clamp(meanAge, 1e-6, 1e6)];
        var fit = MaximumLikelihood.Fit(
            ParetoNbdModel.Kind, ParetoNbdModel.Names, new ParetoNbdLikelihood(groups), initial, _options.PenalizerCoefficient,
            _options.OptimizationTolerance, _options.MaximumNumberOfIterations,
            groups.Subsample(MaximumLikelihood.WarmStartThreshold, MaximumLikelihood.WarmStartSize) is { } sample ? new ParetoNbdLikelihood(sample) : null);
        return new ParetoNbdModel(fit);
    }
}
