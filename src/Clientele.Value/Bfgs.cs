namespace Clientele.Value;

/// <summary>
/// Quasi-Newton minimisation: BFGS on the inverse Hessian with a strong-Wolfe line search (Nocedal &amp; Wright 2006,
/// algorithms 6.1, 3.5 and 3.6). A non-finite objective at a trial point is treated as "too far" and the step is
/// shortened, so the search never steps into an overflow.
/// </summary>
internal static class Bfgs
{
    /// <summary>Returns f(x) and writes ∇f(x) to <c>gradient</c>.</summary>
    public delegate double Objective(ReadOnlySpan<double> x, Span<double> gradient);

    /// <param name="InverseHessian">The final approximation of the inverse Hessian (a warm start for a related problem).</param>
    public sealed record Result(double[] X, double Value, double[] Gradient, int Iterations, int Evaluations, bool Converged, string? Failure, double[,] InverseHessian);

    private const double SufficientDecrease = 1e-4;
    private const double Curvature = 0.9;

    /// <param name="gradientTolerance">Converged when the largest |∂f/∂xᵢ| is at most this.</param>
    /// <param name="maximumStep">The largest change of any coordinate in one line search.</param>
    /// <param name="inverseHessian">An approximation of the inverse Hessian at <paramref name="start"/>, or null for a scaled identity.</param>
    public static Result Minimize(
        Objective objective, double[] start, double gradientTolerance, int maximumIterations, double maximumStep, double[,]? inverseHessian = null)
    {
        var n = start.Length;
        var x = (double[])start.Clone();
        var g = new double[n];
        var evaluations = 1;
        var f = objective(x, g);
        if (!double.IsFinite(f) || !AllFinite(g))
        {
            return new Result(x, f, g, 0, evaluations, false, "the log-likelihood is not finite at the starting point", Identity(n));
        }

        var h = inverseHessian is null ? Identity(n) : (double[,])inverseHessian.Clone();
        var freshHessian = inverseHessian is null;
        var direction = new double[n];
        var xNew = new double[n];
        var gNew = new double[n];
        var s = new double[n];
        var y = new double[n];
        var hy = new double[n];

        for (var iteration = 0; iteration < maximumIterations; iteration++)
        {
            if (MaxAbs(g) <= gradientTolerance)
            {
                return new Result(x, f, g, iteration, evaluations, true, null, h);
            }

            Multiply(h, g, direction, -1.0);
            var slope = Dot(g, direction);
            if (!(slope < 0.0))
            {
                h = Identity(n);
                freshHessian = true;
                Multiply(h, g, direction, -1.0);
                slope = Dot(g, direction);
            }

            var longest = MaxAbs(direction);
            var stepLimit = longest > 0 ? maximumStep / longest : 1.0;
            var initialStep = freshHessian ? Math.Min(1.0, 1.0 / Math.Max(longest, 1e-12)) : 1.0;
            initialStep = Math.Min(initialStep, stepLimit);

            var search = LineSearch(objective, x, f, direction, slope, initialStep, stepLimit, xNew, gNew, ref evaluations);
            if (search is null)
            {
                if (!freshHessian)
                {
                    h = Identity(n);
                    freshHessian = true;
                    continue;
                }
                var converged = MaxAbs(g) <= 1e3 * gradientTolerance;
                return new Result(x, f, g, iteration, evaluations, converged,
                    converged ? null : "the line search could not decrease the negative log-likelihood", h);
            }

            var fNew = search.Value;
            for (var i = 0; i < n; i++)
            {
                s[i] = xNew[i] - x[i];
                y[i] = gNew[i] - g[i];
            }
            var sy = Dot(s, y);
            if (sy > 1e-12 * Math.Sqrt(Dot(s, s) * Dot(y, y)))
            {
                if (freshHessian)
                {
                    // Scale the first approximation (Nocedal & Wright eq. 6.20).
                    var scale = sy / Dot(y, y);
                    for (var i = 0; i < n; i++)
                    {
                        for (var j = 0; j < n; j++)
                        {
                            h[i, j] = i == j ? scale : 0.0;
                        }
                    }
                }
                Update(h, s, y, sy, hy);
                freshHessian = false;
            }

            Array.Copy(xNew, x, n);
            Array.Copy(gNew, g, n);
            f = fNew;
        }

        var done = MaxAbs(g) <= gradientTolerance;
        return new Result(x, f, g, maximumIterations, evaluations, done,
            done ? null : $"the optimiser did not converge in {maximumIterations} iterations", h);
    }

    /// <summary>H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ, ρ = 1/(yᵀs).</summary>
    private static void Update(double[,] h, double[] s, double[] y, double sy, double[] hy)
    {
        var n = s.Length;
        var rho = 1.0 / sy;
        Multiply(h, y, hy, 1.0);
        var yhy = Dot(y, hy);
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                h[i, j] += (((1.0 + (rho * yhy)) * s[i] * s[j]) - (hy[i] * s[j]) - (s[i] * hy[j])) * rho;
            }
        }
    }

    private sealed record Accepted(double Step, double Value, double[] X, double[] Gradient);

    /// <summary>A step length meeting the strong Wolfe conditions (or, failing that, sufficient decrease); the accepted
    /// point and its gradient are left in <paramref name="xNew"/> and <paramref name="gNew"/>. Null when no step decreases f.</summary>
    private static Accepted? LineSearch(
        Objective objective, double[] x, double f0, double[] d, double slope0, double step, double stepLimit,
        double[] xNew, double[] gNew, ref int evaluations)
    {
        var accepted = Search(objective, x, f0, d, slope0, step, stepLimit, xNew, gNew, ref evaluations);
        if (accepted is not null)
        {
            accepted.X.CopyTo(xNew, 0);
            accepted.Gradient.CopyTo(gNew, 0);
        }
        return accepted;
    }

    private static Accepted? Search(
        Objective objective, double[] x, double f0, double[] d, double slope0, double step, double stepLimit,
        double[] xNew, double[] gNew, ref int evaluations)
    {
        Accepted Keep(double alpha, double value) => new(alpha, value, (double[])xNew.Clone(), (double[])gNew.Clone());

        double Evaluate(double alpha, out double derivative, ref int count)
        {
            for (var i = 0; i < x.Length; i++)
            {
                xNew[i] = x[i] + (alpha * d[i]);
            }
            count++;
            var value = objective(xNew, gNew);
            derivative = Dot(gNew, d);
            return double.IsFinite(value) && double.IsFinite(derivative) ? value : double.PositiveInfinity;
        }

        var previousStep = 0.0;
        var previousValue = f0;
        var previousSlope = slope0;
        Accepted? best = null;
        for (var i = 0; i < 40; i++)
        {
            var value = Evaluate(step, out var slope, ref evaluations);
            if (double.IsPositiveInfinity(value) || value > f0 + (SufficientDecrease * step * slope0) || (i > 0 && value >= previousValue))
            {
                return Zoom(previousStep, previousValue, previousSlope, step, value, ref evaluations) ?? best;
            }
            if (Math.Abs(slope) <= -Curvature * slope0)
            {
                return Keep(step, value);
            }
            best = Keep(step, value);
            if (slope >= 0)
            {
                return Zoom(step, value, slope, previousStep, previousValue, ref evaluations) ?? best;
            }
            if (step >= stepLimit)
            {
                return best;
            }
            previousStep = step;
            previousValue = value;
            previousSlope = slope;
            step = Math.Min(2.0 * step, stepLimit);
        }
        return best;

        Accepted? Zoom(double low, double lowValue, double lowSlope, double high, double highValue, ref int count)
        {
            Accepted? sufficient = low > 0 && best is not null && best.Step == low ? best : null;
            for (var j = 0; j < 60; j++)
            {
                var width = high - low;
                double trial;
                if (double.IsFinite(highValue))
                {
                    // Minimiser of the quadratic through (low, lowValue, lowSlope) and (high, highValue), safeguarded.
                    var denominator = 2.0 * (highValue - lowValue - (lowSlope * width));
                    trial = denominator > 0 ? low - (lowSlope * width * width / denominator) : low + (0.5 * width);
                    var margin = 0.1 * Math.Abs(width);
                    var lo = Math.Min(low, high) + margin;
                    var hi = Math.Max(low, high) - margin;
                    if (!(trial >= lo && trial <= hi))
                    {
                        trial = low + (0.5 * width);
                    }
                }
                else
                {
                    trial = low + (0.2 * width);
                }
                if (Math.Abs(trial - low) < 1e-16 * Math.Max(1.0, Math.Abs(low)))
                {
                    break;
                }
                var value = Evaluate(trial, out var slope, ref count);
                if (double.IsPositiveInfinity(value) || value > f0 + (SufficientDecrease * trial * slope0) || value >= lowValue)
                {
                    high = trial;
                    highValue = value;
                }
                else
                {
                    if (Math.Abs(slope) <= -Curvature * slope0)
                    {
                        return Keep(trial, value);
                    }
                    sufficient = Keep(trial, value);
                    if (slope * (high - low) >= 0)
                    {
                        high = low;
                        highValue = lowValue;
                    }
                    low = trial;
                    lowValue = value;
                    lowSlope = slope;
                }
            }
            return sufficient ?? best;
        }
    }

    private static double[,] Identity(int n)
    {
        var h = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            h[i, i] = 1.0;
        }
        return h;
    }

    private static void Multiply(double[,] m, double[] v, double[] result, double factor)
    {
        var n = v.Length;
        for (var i = 0; i < n; i++)
        {
            var sum = 0.0;
            for (var j = 0; j < n; j++)
            {
                sum += m[i, j] * v[j];
            }
            result[i] = factor * sum;
        }
    }

    private static double Dot(double[] a, double[] b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }
        return sum;
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

    private static bool AllFinite(double[] v)
    {
        foreach (var value in v)
        {
            if (!double.IsFinite(value))
            {
                return false;
            }
        }
        return true;
    }
}
