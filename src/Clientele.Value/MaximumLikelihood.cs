using System.Globalization;

namespace Clientele.Value;

/// <summary>
/// Maximum-likelihood fitting shared by every model: minimises the mean negative log-likelihood on the log-parameters
/// plus lifetimes' L2 penalty <c>penalizer × Σ parameter²</c> — by Newton's method where the likelihood gives exact
/// second derivatives, by BFGS otherwise or when a Newton step fails — then the observed information (the Hessian of N
/// times that objective), exact or by central finite differences of the analytic gradient on the log-parameters.
/// </summary>
internal static class MaximumLikelihood
{
    /// <summary>|log parameter| beyond this is treated as an infinite objective (e^30 ≈ 1e13).</summary>
    private const double LogParameterLimit = 30.0;

    /// <summary>|log parameter| beyond this at the optimum means the likelihood has no interior maximum.</summary>
    private const double DivergenceLimit = 20.0;

    /// <summary>The largest standard error of a log-parameter at which the parameter counts as identified.</summary>
    private const double MaximumLogStandardError = 10.0;

    /// <summary>Above this many groups, a fit starts from the optimum of a subsample of <see cref="WarmStartSize"/> groups.</summary>
    public const int WarmStartThreshold = 200_000;

    /// <summary>The number of groups in the warm-start subsample.</summary>
    public const int WarmStartSize = 50_000;

    /// <summary>At most this many Newton iterations before falling back to BFGS.</summary>
    private const int MaximumNewtonIterations = 100;

    /// <summary>Armijo's sufficient-decrease constant of the Newton line search.</summary>
    private const double SufficientDecrease = 1e-4;

    /// <summary>The largest change of a log-parameter in one line search (a factor of e³ ≈ 20).</summary>
    private const double MaximumStep = 3.0;

    /// <param name="warmStart">
    /// The likelihood of a subsample, fitted first so that the full data need only a few polishing iterations from its
    /// optimum and its inverse-Hessian approximation; null to start on the full data. The result is the optimum of the
    /// full likelihood either way.
    /// </param>
    public static FittedParameters Fit(
        string model, string[] names, ILogLikelihood likelihood, double[] start, double penalizer, double tolerance, int maximumIterations,
        ILogLikelihood? warmStart = null)
    {
        var n = names.Length;
        var customers = (double)likelihood.NumberOfCustomers;
        var objective = CreateObjective(likelihood, n, customers, penalizer);
        var logStart = new double[n];
        for (var i = 0; i < n; i++)
        {
            logStart[i] = Math.Log(start[i]);
        }

        double[,]? inverseHessian = null;
        var warmIterations = 0;
        // Whether Newton's method may be tried on the full data: not when it failed on the subsample and BFGS found no
        // optimum there either (a ridge on which the likelihood rises without end, such as BG/NBD's a and b running off
        // together when every customer drops out with the same probability). Newton then walks the same ridge on all the
        // data until its line search stalls (twenty exact-Hessian passes on the 1M shop, 3 s) and BFGS from the start
        // takes over; it now takes over at once, from the same start, so the fit is the same to the bit.
        var tryNewton = true;
        if (warmStart is not null)
        {
            var warmNewton = warmStart is ILogLikelihoodWithHessian exactWarm
                ? Newton(exactWarm, logStart, warmStart.NumberOfCustomers, penalizer, tolerance, Math.Min(maximumIterations, MaximumNewtonIterations))
                : null;
            if (warmNewton is not null && warmNewton.X.All(v => Math.Abs(v) <= DivergenceLimit))
            {
                logStart = warmNewton.X;
                warmIterations = warmNewton.Iterations;
            }
            else
            {
                var warm = Bfgs.Minimize(
                    CreateObjective(warmStart, n, warmStart.NumberOfCustomers, penalizer), logStart, tolerance, maximumIterations, MaximumStep);
                if (warm.Converged && warm.X.All(v => Math.Abs(v) <= DivergenceLimit))
                {
                    logStart = warm.X;
                    inverseHessian = warm.InverseHessian;
                    warmIterations = warm.Iterations;
                }
                else
                {
                    tryNewton = warmNewton is not null;
                }
            }
        }

        // With exact second derivatives, Newton's method from the warm start (or from the start on small data) needs a
        // handful of passes where BFGS needs dozens; BFGS remains the fallback whenever a Newton step cannot be taken.
        var newton = tryNewton && likelihood is ILogLikelihoodWithHessian exactLikelihood
            ? Newton(exactLikelihood, logStart, customers, penalizer, tolerance, Math.Min(maximumIterations, MaximumNewtonIterations))
            : null;
        double[] x;
        int iterations;
        if (newton is not null)
        {
            x = newton.X;
            iterations = newton.Iterations;
        }
        else
        {
            var result = Bfgs.Minimize(objective, logStart, tolerance, maximumIterations, MaximumStep, inverseHessian);
            if (!result.Converged && inverseHessian is not null)
            {
                // The subsample misled the search: start again on the full data.
                result = Bfgs.Minimize(objective, logStart, tolerance, maximumIterations, MaximumStep);
            }
            if (!result.Converged)
            {
                throw new ValueModelException(
                    $"The {model} fit did not converge ({result.Failure}; largest gradient {MaxAbs(result.Gradient):G3} after {result.Iterations} iterations).",
                    $"Try {PenalizerAdvice(penalizer)}, more iterations (MaximumNumberOfIterations), or check the summaries: "
                    + "one time unit throughout, the same calibration end for every customer, and enough repeat buyers.");
            }
            x = result.X;
            iterations = result.Iterations;
        }
        for (var i = 0; i < n; i++)
        {
            if (Math.Abs(x[i]) > DivergenceLimit)
            {
                throw new ValueModelException(
                    $"The {model} fit has no interior maximum: parameter {names[i]} ran off to {Math.Exp(x[i]):G3}, so the data do not "
                    + "identify it (for example, no customer seems to drop out, or every customer looks the same).",
                    $"Try {PenalizerAdvice(penalizer)}, a longer calibration period, or more customers.");
            }
        }

        var values = new double[n];
        for (var i = 0; i < n; i++)
        {
            values[i] = Math.Exp(x[i]);
        }
        double logLikelihood;
        double[,] hessian;
        if (newton is not null)
        {
            // Newton stopped at a point where it had just computed the exact Hessian.
            (logLikelihood, hessian) = (newton.LogLikelihood, newton.Hessian);
        }
        else if (likelihood is ILogLikelihoodWithHessian exact)
        {
            (logLikelihood, hessian, _) = ExactHessian(exact, values, customers, penalizer);
        }
        else
        {
            logLikelihood = likelihood.Evaluate(values, []);
            hessian = Hessian(objective, x, customers);
        }
        var covariance = Matrix.InverseOfPositiveDefinite(hessian)
            ?? throw new ValueModelException(
                $"The {model} fit reached a point where the observed information is singular, so the parameters are not identified "
                + $"(log-likelihood {logLikelihood:F2}).",
                $"Try {PenalizerAdvice(penalizer)}, or more customers with repeat purchases.");

        for (var i = 0; i < n; i++)
        {
            // A log-parameter whose standard error exceeds this is not identified either: its 95 % interval spans more than
            // a factor of 10⁸ each way. (The exact Hessian can stay barely positive definite where the data say nothing,
            // e.g. a dropout parameter running to 0 when no customer visibly drops out.)
            if (!(Math.Sqrt(covariance[i, i]) <= MaximumLogStandardError))
            {
                throw new ValueModelException(
                    $"The {model} fit reached a point where the observed information is nearly singular: parameter {names[i]} = {values[i]:G3} "
                    + $"has a standard error of {Math.Sqrt(covariance[i, i]):G3} on the log scale, so the data do not identify it "
                    + $"(log-likelihood {logLikelihood:F2}).",
                    $"Try {PenalizerAdvice(penalizer)}, or more customers with repeat purchases.");
            }
        }

        return new FittedParameters(names, values, covariance, logLikelihood, likelihood.NumberOfCustomers, warmIterations + iterations, penalizer);
    }

    /// <summary>The penaliser to suggest after a fit with <paramref name="penalizer"/> failed: one, or a larger one than was used.</summary>
    private static string PenalizerAdvice(double penalizer) => penalizer > 0
        ? string.Create(CultureInfo.InvariantCulture, $"a larger penaliser than {penalizer} (PenalizerCoefficient = {penalizer * 10:G3})")
        : "a penaliser (PenalizerCoefficient = 0.001 to 0.1)";

    /// <summary>f(θ) = −LL(e^θ)/N + c Σ e^(2θ) and its gradient in θ; +∞ outside |θ| ≤ 30 or where LL is not finite.</summary>
    private static Bfgs.Objective CreateObjective(ILogLikelihood likelihood, int n, double customers, double penalizer)
        => (theta, gradient) =>
        {
            Span<double> parameters = stackalloc double[n];
            Span<double> natural = stackalloc double[n];
            var penalty = 0.0;
            for (var i = 0; i < n; i++)
            {
                if (!(Math.Abs(theta[i]) <= LogParameterLimit))
                {
                    gradient.Fill(double.NaN);
                    return double.PositiveInfinity;
                }
                parameters[i] = Math.Exp(theta[i]);
                penalty += parameters[i] * parameters[i];
            }
            var value = (-likelihood.Evaluate(parameters, natural) / customers) + (penalizer * penalty);
            if (!double.IsFinite(value))
            {
                gradient.Fill(double.NaN);
                return double.PositiveInfinity;
            }
            for (var i = 0; i < n; i++)
            {
                // d/dθ = φ d/dφ.
                gradient[i] = (-parameters[i] * natural[i] / customers) + (2.0 * penalizer * parameters[i] * parameters[i]);
            }
            return value;
        };

    /// <summary>
    /// The Hessian of N·f in θ from the likelihood's exact second derivatives: with φ = e^θ, g = ∇LL and H = ∇²LL in φ,
    /// ∂²(N·f)/∂θᵢ∂θⱼ = −(φᵢ φⱼ Hᵢⱼ + δᵢⱼ φᵢ gᵢ) + 4 N c δᵢⱼ φᵢ².
    /// </summary>
    /// <returns>The log-likelihood at φ (from the same pass), the Hessian, and the gradient of f (not N·f) in θ.</returns>
    private static (double LogLikelihood, double[,] Hessian, double[] Gradient) ExactHessian(
        ILogLikelihoodWithHessian likelihood, double[] phi, double customers, double penalizer)
    {
        var n = phi.Length;
        var gradient = new double[n];
        var h = new double[n, n];
        var logLikelihood = likelihood.EvaluateHessian(phi, gradient, h);
        var result = new double[n, n];
        var gradientTheta = new double[n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                result[i, j] = -phi[i] * phi[j] * h[i, j];
            }
            result[i, i] += (-phi[i] * gradient[i]) + (4.0 * customers * penalizer * phi[i] * phi[i]);
            gradientTheta[i] = (-phi[i] * gradient[i] / customers) + (2.0 * penalizer * phi[i] * phi[i]);
        }
        return (logLikelihood, result, gradientTheta);
    }

    private sealed record NewtonResult(double[] X, double LogLikelihood, double[,] Hessian, int Iterations);

    /// <summary>
    /// Newton's method on f(θ) with the exact Hessian and a backtracking (Armijo) line search, stopping on the same
    /// gradient criterion as BFGS; where the Hessian is not positive definite a multiple of the identity is added. Null —
    /// and the caller falls back to BFGS — when no descent step is found, the objective is not finite, or the iterations
    /// run out.
    /// </summary>
    private static NewtonResult? Newton(
        ILogLikelihoodWithHessian likelihood, double[] start, double customers, double penalizer, double tolerance, int maximumIterations)
    {
        var n = start.Length;
        var x = (double[])start.Clone();
        var phi = new double[n];
        (double Value, double LogLikelihood, double[,] Hessian, double[] Gradient)? At(double[] theta)
        {
            var penalty = 0.0;
            for (var i = 0; i < n; i++)
            {
                if (!(Math.Abs(theta[i]) <= LogParameterLimit))
                {
                    return null;
                }
                phi[i] = Math.Exp(theta[i]);
                penalty += phi[i] * phi[i];
            }
            var (ll, hessian, gradient) = ExactHessian(likelihood, phi, customers, penalizer);
            var value = (-ll / customers) + (penalizer * penalty);
            return double.IsFinite(value) && gradient.All(double.IsFinite) ? (value, ll, hessian, gradient) : null;
        }

        var current = At(x);
        if (current is null)
        {
            return null;
        }
        var trial = new double[n];
        for (var iteration = 0; iteration < maximumIterations; iteration++)
        {
            var (f, ll, hessian, g) = current.Value;
            if (MaxAbs(g) <= tolerance)
            {
                return new NewtonResult(x, ll, hessian, iteration);
            }
            // Solve (H/N) δ = −g through the inverse of the positive-definite H/N.
            var scaled = new double[n, n];
            for (var i = 0; i < n; i++)
            {
                for (var j = 0; j < n; j++)
                {
                    scaled[i, j] = hessian[i, j] / customers;
                }
            }
            // Far from the optimum the Hessian may be indefinite: add τI, τ growing tenfold, until it is positive
            // definite (Nocedal & Wright 2006, algorithm 3.3); near the optimum τ = 0 and the step is Newton's.
            var inverse = Matrix.InverseOfPositiveDefinite(scaled);
            var diagonal = 0.0;
            for (var i = 0; i < n; i++)
            {
                diagonal = Math.Max(diagonal, Math.Abs(scaled[i, i]));
            }
            for (var tau = Math.Max(1e-3 * diagonal, 1e-10); inverse is null && tau < 1e10 * Math.Max(diagonal, 1.0); tau *= 10.0)
            {
                var shifted = (double[,])scaled.Clone();
                for (var i = 0; i < n; i++)
                {
                    shifted[i, i] += tau;
                }
                inverse = Matrix.InverseOfPositiveDefinite(shifted);
            }
            if (inverse is null)
            {
                return null;
            }
            var step = new double[n];
            var slope = 0.0;
            var largest = 0.0;
            for (var i = 0; i < n; i++)
            {
                for (var j = 0; j < n; j++)
                {
                    step[i] -= inverse[i, j] * g[j];
                }
                slope += g[i] * step[i];
                largest = Math.Max(largest, Math.Abs(step[i]));
            }
            if (!(slope < 0.0))
            {
                return null;
            }
            var t = largest > MaximumStep ? MaximumStep / largest : 1.0;
            (double Value, double LogLikelihood, double[,] Hessian, double[] Gradient)? next = null;
            for (var halving = 0; halving < 30; halving++, t *= 0.5)
            {
                for (var i = 0; i < n; i++)
                {
                    trial[i] = x[i] + (t * step[i]);
                }
                next = At(trial);
                // Armijo, or (at the level of rounding, where f no longer decreases measurably) a smaller gradient.
                if (next is { } candidate
                    && (candidate.Value <= f + (SufficientDecrease * t * slope)
                        || (candidate.Value - f <= 1e-13 * Math.Abs(f) && MaxAbs(candidate.Gradient) < MaxAbs(g))))
                {
                    break;
                }
                next = null;
            }
            if (next is null)
            {
                return null;
            }
            Array.Copy(trial, x, n);
            current = next;
        }
        return null;
    }

    /// <summary>The Hessian of N·f in θ by central differences of the analytic gradient (step 1e-4), symmetrised.</summary>
    private static double[,] Hessian(Bfgs.Objective objective, double[] theta, double customers)
    {
        const double step = 1e-4;
        var n = theta.Length;
        var h = new double[n, n];
        var point = (double[])theta.Clone();
        var gradientPlus = new double[n];
        var gradientMinus = new double[n];
        for (var j = 0; j < n; j++)
        {
            point[j] = theta[j] + step;
            objective(point, gradientPlus);
            point[j] = theta[j] - step;
            objective(point, gradientMinus);
            point[j] = theta[j];
            for (var i = 0; i < n; i++)
            {
                h[i, j] = (gradientPlus[i] - gradientMinus[i]) / (2.0 * step);
            }
        }
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var mean = 0.5 * (h[i, j] + h[j, i]) * customers;
                h[i, j] = mean;
                h[j, i] = mean;
            }
        }
        return h;
    }

    private static double MaxAbs(double[] v)
    {
        var max = 0.0;
        foreach (var value in v)
        {
            max = Math.Max(max, Math.Abs(value));
        }
        return max;
    }
}
