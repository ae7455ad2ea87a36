using Clientele.Core.Maths;

namespace Clientele.Value.Tests;

/// <summary>The special functions and the analytic gradients against independent computations.</summary>
public sealed class NumericsTests
{
    [Theory]
    // Known values: log Γ(1/2) = log √π; log Γ(1) = log Γ(2) = 0; log Γ(10) = log 9!; log Γ(x) ≈ −log x − γx for tiny x;
    // log Γ(100) = log 99! (Abramowitz & Stegun 6.1).
    [InlineData(0.5, 0.57236494292470008707)]
    [InlineData(1.0, 0.0)]
    [InlineData(2.0, 0.0)]
    [InlineData(10.0, 12.801827480081469611)]
    [InlineData(1e-8, 18.420680738180208905)]
    [InlineData(100.0, 359.13420536957539878)]
    public void LogGamma_KnownValues(double x, double expected)
    {
        Numeric.Within(expected, SpecialFunctions.LogGamma(x), 1e-13 * Math.Max(1, Math.Abs(expected)), $"log Γ({x})");
    }

    [Theory]
    // ψ(1) = −γ, ψ(1/2) = −γ − 2 log 2, ψ(10) = −γ + H₉ (Abramowitz & Stegun 6.3.2, 6.3.3).
    [InlineData(1.0, -0.57721566490153286061)]
    [InlineData(0.5, -1.9635100260214234794)]
    [InlineData(10.0, 2.2517525890667211076)]
    public void Digamma_KnownValues(double x, double expected)
    {
        Numeric.Within(expected, SpecialFunctions.Digamma(x), 1e-14, $"ψ({x})");
    }

    [Theory]
    // ψ′(1) = π²/6, ψ′(1/2) = π²/2, ψ′(10) = π²/6 − Σ_{k=1..9} 1/k² (Abramowitz & Stegun 6.4.2, 6.4.4, 6.4.6); the
    // others from SciPy 1.10's polygamma(1, x), computed for this test.
    [InlineData(1.0, 1.6449340668482266)]
    [InlineData(0.5, 4.93480220054468)]
    [InlineData(10.0, 0.10516633568168576)]
    [InlineData(0.01, 10001.621213528311)]
    [InlineData(3.7, 0.31003785767003833)]
    [InlineData(150.0, 0.006688938271165996)]
    public void Trigamma_KnownValues(double x, double expected)
    {
        Numeric.Relative(expected, SpecialFunctions.Trigamma(x), 1e-13, $"ψ′({x})");
    }

    [Fact]
    public void Log1PAndExpM1_TinyArguments_KeepRelativePrecision()
    {
        Numeric.Relative(1e-12 - 0.5e-24, SpecialFunctions.Log1P(1e-12), 1e-15, "log1p(1e-12)");
        Numeric.Relative(1e-12 + 0.5e-24, SpecialFunctions.ExpM1(1e-12), 1e-15, "expm1(1e-12)");
        Numeric.Relative(Math.Exp(0.3) - 1, SpecialFunctions.ExpM1(0.3), 1e-15, "expm1(0.3)");
    }

    [Theory]
    [InlineData(5.0, 1.6, 0.3)]
    [InlineData(30.5, 27.5, 0.05)]
    [InlineData(0.8, 0.6, 0.9)]
    public void LogF21WithCEqualsAPlusOne_MatchesGaussSeries(double a, double b, double z)
    {
        // ₂F₁(a, b; a+1; z) = Σ (a)ₙ(b)ₙ/((a+1)ₙ n!) zⁿ summed directly.
        double sum = 1, term = 1;
        for (var n = 0; n < 100_000 && term > 1e-20 * sum; n++)
        {
            term *= (a + n) * (b + n) / ((a + 1 + n) * (n + 1)) * z;
            sum += term;
        }

        Numeric.Within(Math.Log(sum), Hypergeometric.LogF21WithCEqualsAPlusOne(a, b, z, Math.Log(1 - z)), 1e-13, "log ₂F₁");
    }

    [Fact]
    public void BetaGeoLikelihood_Gradient_MatchesCentralDifferences()
    {
        var likelihood = new BetaGeoLikelihood(CustomerGroups.ByHistory(Cdnow.Summary));
        CheckGradient(likelihood, [0.3, 5.0, 0.7, 2.0]);
    }

    [Theory]
    [InlineData(0.55, 10.0, 0.6, 12.0)]
    [InlineData(0.55, 12.0, 0.6, 10.0)]
    public void ParetoNbdLikelihood_Gradient_MatchesCentralDifferencesOnBothBranches(double r, double alpha, double s, double beta)
    {
        var data = Cdnow.Summary.Append(new CustomerSummary("heavy", 200, 900, 1000)).ToArray();
        CheckGradient(new ParetoNbdLikelihood(CustomerGroups.ByHistory(data)), [r, alpha, s, beta]);
    }

    [Fact]
    public void GammaGammaLikelihood_Gradient_MatchesCentralDifferences()
    {
        CheckGradient(new GammaGammaLikelihood(CustomerGroups.BySpend(Cdnow.WithSpend)), [5.0, 3.0, 12.0]);
    }

    [Theory]
    // Near CDNOW's optimum, and far from it so that both signs of d = A₄ − A₃ occur often.
    [InlineData(0.243, 4.414, 0.793, 2.426)]
    [InlineData(1.5, 0.7, 3.0, 0.9)]
    public void BetaGeoLikelihood_Hessian_MatchesCentralDifferencesOfTheGradient(double r, double alpha, double a, double b)
    {
        CheckHessian(new BetaGeoLikelihood(CustomerGroups.ByHistory(Cdnow.Summary)), [r, alpha, a, b]);
    }

    [Fact]
    public void GammaGammaLikelihood_Hessian_MatchesCentralDifferencesOfTheGradient()
    {
        CheckHessian(new GammaGammaLikelihood(CustomerGroups.BySpend(Cdnow.WithSpend)), [6.25, 3.74, 15.44]);
    }

    [Fact]
    public void CustomerGroups_Cdnow_MergesDuplicatesAndKeepsEveryCustomer()
    {
        var groups = CustomerGroups.ByHistory(Cdnow.Summary);

        Assert.Equal(2357, groups.NumberOfCustomers);
        Assert.Equal(2357.0, groups.Weight.Sum());
        Assert.True(groups.Count < 2357, $"{groups.Count} groups");
    }

    [Fact]
    public void Fit_WarmStartFromSubsample_ReachesTheSameOptimum()
    {
        // 250,000 simulated customers make more than 200,000 groups, so BetaGeoFitter warm-starts from a subsample;
        // the optimum must be the one a search on the full data alone finds.
        var data = BetaGeoSimulator.Simulate(new BetaGeoModel(0.243, 4.414, 0.793, 2.426), 250_000, 26, 39, seed: 4);
        var groups = CustomerGroups.ByHistory(data);
        Assert.True(groups.Count > MaximumLikelihood.WarmStartThreshold, $"{groups.Count} groups");

        var warm = new BetaGeoFitter().Fit(data);
        var direct = MaximumLikelihood.Fit(
            "BG/NBD", ["r", "alpha", "a", "b"], new BetaGeoLikelihood(groups), BetaGeoFitter.StartingPoint(data), 0, 1e-8, 500);

        for (var i = 0; i < 4; i++)
        {
            Numeric.Relative(direct[i], warm.Parameters[i].Value, 1e-6, warm.Parameters[i].Name);
            Numeric.Relative(direct.Estimates[i].StandardError, warm.Parameters[i].StandardError, 1e-4, warm.Parameters[i].Name + " standard error");
        }
    }

    [Fact]
    public void Fit_NewtonWithExactHessian_ReachesTheBfgsOptimumAndItsStandardErrors()
    {
        // The same likelihoods with their Hessian hidden take the BFGS path and central-difference standard errors.
        var history = CustomerGroups.ByHistory(Cdnow.Summary);
        var start = BetaGeoFitter.StartingPoint(Cdnow.Summary);
        var newton = MaximumLikelihood.Fit("BG/NBD", ["r", "alpha", "a", "b"], new BetaGeoLikelihood(history), start, 0, 1e-8, 500);
        var bfgs = MaximumLikelihood.Fit("BG/NBD", ["r", "alpha", "a", "b"], new GradientOnly(new BetaGeoLikelihood(history)), start, 0, 1e-8, 500);
        var spend = CustomerGroups.BySpend(Cdnow.WithSpend);
        var newtonSpend = MaximumLikelihood.Fit("Gamma-Gamma", ["p", "q", "gamma"], new GammaGammaLikelihood(spend), [1.0, 2.0, 35.0], 0, 1e-8, 500);
        var bfgsSpend = MaximumLikelihood.Fit("Gamma-Gamma", ["p", "q", "gamma"], new GradientOnly(new GammaGammaLikelihood(spend)), [1.0, 2.0, 35.0], 0, 1e-8, 500);

        Assert.True(newton.Iterations < bfgs.Iterations, $"Newton {newton.Iterations} iterations, BFGS {bfgs.Iterations}");
        foreach (var (a, b) in new[] { (newton, bfgs), (newtonSpend, bfgsSpend) })
        {
            Numeric.Relative(b.LogLikelihood, a.LogLikelihood, 1e-12, "log-likelihood");
            for (var i = 0; i < a.Estimates.Count; i++)
            {
                Numeric.Relative(b[i], a[i], 1e-6, a.Estimates[i].Name);
                Numeric.Relative(b.Estimates[i].StandardError, a.Estimates[i].StandardError, 1e-4, a.Estimates[i].Name + " standard error");
            }
        }
    }

    private sealed class GradientOnly(ILogLikelihood inner) : ILogLikelihood
    {
        public int NumberOfCustomers => inner.NumberOfCustomers;

        public double Evaluate(ReadOnlySpan<double> parameters, Span<double> gradient) => inner.Evaluate(parameters, gradient);
    }

    private static void CheckHessian(ILogLikelihoodWithHessian likelihood, double[] at)
    {
        var n = at.Length;
        var gradient = new double[n];
        var hessian = new double[n, n];
        var value = likelihood.EvaluateHessian(at, gradient, hessian);
        var plain = new double[n];
        Numeric.Relative(likelihood.Evaluate(at, plain), value, 1e-12, "log-likelihood from the Hessian pass");
        for (var i = 0; i < n; i++)
        {
            Numeric.Within(plain[i], gradient[i], 1e-9 * Math.Max(1, Math.Abs(plain[i])), $"gradient {i} from the Hessian pass");
        }
        for (var j = 0; j < n; j++)
        {
            var h = 1e-5 * at[j];
            var plus = (double[])at.Clone();
            var minus = (double[])at.Clone();
            plus[j] += h;
            minus[j] -= h;
            var gradientPlus = new double[n];
            var gradientMinus = new double[n];
            likelihood.Evaluate(plus, gradientPlus);
            likelihood.Evaluate(minus, gradientMinus);
            for (var i = 0; i < n; i++)
            {
                var numeric = (gradientPlus[i] - gradientMinus[i]) / (2 * h);
                Assert.True(
                    Math.Abs(numeric - hessian[i, j]) <= 1e-5 * Math.Max(1, Math.Abs(numeric)),
                    $"∂²LL/∂parameter {i}∂parameter {j}: exact {hessian[i, j]}, central difference {numeric}");
            }
        }
    }

    private static void CheckGradient(ILogLikelihood likelihood, double[] at)
    {
        var gradient = new double[at.Length];
        likelihood.Evaluate(at, gradient);
        for (var i = 0; i < at.Length; i++)
        {
            var h = 1e-6 * at[i];
            var plus = (double[])at.Clone();
            var minus = (double[])at.Clone();
            plus[i] += h;
            minus[i] -= h;
            var numeric = (likelihood.Evaluate(plus, []) - likelihood.Evaluate(minus, [])) / (2 * h);
            Assert.True(
                Math.Abs(numeric - gradient[i]) <= 1e-5 * Math.Max(1, Math.Abs(numeric)),
                $"∂LL/∂parameter {i}: analytic {gradient[i]}, central difference {numeric}");
        }
    }
}
