namespace Clientele.Value;

/// <summary>A model's log-likelihood summed over the (grouped) customers it was built from.</summary>
internal interface ILogLikelihood
{
    /// <summary>Gets the number of customers (the sum of the group weights).</summary>
    int NumberOfCustomers { get; }

    /// <summary>
    /// The total log-likelihood at the natural (positive) <paramref name="parameters"/>; unless <paramref name="gradient"/>
    /// is empty, also the analytic ∂LL/∂parameter in it. May return a non-finite value far from the optimum.
    /// </summary>
    double Evaluate(ReadOnlySpan<double> parameters, Span<double> gradient);
}
