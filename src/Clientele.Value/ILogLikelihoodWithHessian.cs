namespace Clientele.Value;

/// <summary>
/// A log-likelihood that can also give its exact Hessian in one pass over the groups: the observed information then
/// costs one pass instead of the 2n gradient evaluations of central differences, which on a million customers is
/// about half the time of a whole fit.
/// </summary>
internal interface ILogLikelihoodWithHessian : ILogLikelihood
{
    /// <summary>
    /// The total log-likelihood at the natural <paramref name="parameters"/>, its gradient (in <paramref name="gradient"/>)
    /// and its matrix of second derivatives ∂²LL/∂parameterᵢ∂parameterⱼ (in <paramref name="hessian"/>, n × n).
    /// </summary>
    double EvaluateHessian(ReadOnlySpan<double> parameters, Span<double> gradient, double[,] hessian);
}
