using System.Collections.Concurrent;
using System.Numerics.Tensors;

namespace Clientele.Recommend;

/// <summary>
/// Fits implicit-feedback matrix factorisation by alternating least squares (Hu, Koren &amp; Volinsky 2008,
/// "Collaborative Filtering for Implicit Feedback Datasets", ICDM) with the conjugate-gradient solver of Takács,
/// Pilászy &amp; Tikk (2011, "Applications of the Conjugate Gradient Method for Implicit Feedback Collaborative
/// Filtering", RecSys), as implicit's <c>least_squares_cg</c>.
/// </summary>
/// <remarks>
/// <list type="table">
/// <item><term>Model</term><description>score(u, i) = x_uᵀ y_i with f factors per user and item.</description></item>
/// <item><term>Loss</term><description>Σ_{u,i} c_ui (p_ui − x_uᵀ y_i)² + λ (Σ‖x_u‖² + Σ‖y_i‖²), c_ui = 1 + α w_ui, p_ui = 1 when w_ui is stored, else 0 (c = 1).</description></item>
/// <item><term>User step</term><description>(YᵀY + λI + Σ_i α w_ui y_i y_iᵀ) x_u = Σ_i (1 + α w_ui) y_i, solved by a few CG steps from the previous x_u; YᵀY is computed once per sweep, so a step costs O(f² + n_u f).</description></item>
/// <item><term>Item step</term><description>The same with users and items swapped (on the transposed matrix).</description></item>
/// <item><term>Parallelism</term><description>Users (items) in parallel on all cores, per-thread buffers; each entry's dot product and update in one pass over its factor row with the accumulator in registers (<c>Kernels.AccumulateRows</c>); no allocation per user. The result does not depend on the number of threads.</description></item>
/// <item><term>Fresh interactions</term><description>The user's normal equations solved exactly (Cholesky) against the fitted item factors.</description></item>
/// </list>
/// </remarks>
public sealed class AlsFitter : IRecommenderFitter
{
    private readonly AlsOptions _options;

    /// <summary>A fitter with the default <see cref="AlsOptions"/>.</summary>
    public AlsFitter()
        : this(new AlsOptions())
    {
    }

    /// <param name="options">The settings; validated here.</param>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public AlsFitter(AlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    IRecommender IRecommenderFitter.Fit(InteractionMatrix interactions) => Fit(interactions);

    /// <summary>Fits the factors to <paramref name="interactions"/>.</summary>
    /// <param name="interactions">The training matrix (raw weights; <see cref="AlsOptions.Weighting"/> is applied here).</param>
    /// <param name="iterationCompleted">Called after each sweep with its number (from 1) — for progress and timing.</param>
    /// <exception cref="ArgumentException">The matrix has no interactions.</exception>
    public AlsModel Fit(InteractionMatrix interactions, Action<int>? iterationCompleted = null)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        FitterInput.Check(interactions, AlsModel.MethodName);
        var o = _options;
        var f = o.Factors;
        var weighting = o.Weighting.Fit(interactions.UserItems);
        var userItems = weighting.Apply(interactions.UserItems);
        var itemUsers = userItems.Transpose();

        var random = new Random(o.Seed);
        var userFactors = new float[(long)interactions.Users * f];
        var itemFactors = new float[(long)interactions.Items * f];
        for (var n = 0; n < userFactors.Length; n++)
        {
            userFactors[n] = random.NextSingle() * 0.01f;
        }
        for (var n = 0; n < itemFactors.Length; n++)
        {
            itemFactors[n] = random.NextSingle() * 0.01f;
        }

        for (var iteration = 1; iteration <= o.Iterations; iteration++)
        {
            var itemGram = Kernels.Gram(itemFactors, interactions.Items, f, o.Regularization);
            ConjugateGradientSweep(userItems, userFactors, itemFactors, itemGram, f, o.Alpha, o.ConjugateGradientSteps);
            var userGram = Kernels.Gram(userFactors, interactions.Users, f, o.Regularization);
            ConjugateGradientSweep(itemUsers, itemFactors, userFactors, userGram, f, o.Alpha, o.ConjugateGradientSteps);
            iterationCompleted?.Invoke(iteration);
        }
        return new AlsModel(interactions, weighting, userFactors, itemFactors, o);
    }

    /// <summary>
    /// One half-sweep: for every row r of <paramref name="confidences"/>, a few CG steps on
    /// (G + Σ α w y yᵀ) x_r = Σ (1 + α w) y, where G = FᵀF + λI of the fixed side, warm-started from x_r.
    /// A row without entries gets x_r = 0 (as implicit).
    /// </summary>
    internal static void ConjugateGradientSweep(SparseMatrix confidences, float[] solve, float[] fixedFactors, float[] gram, int f, float alpha, int steps)
    {
        var rows = confidences.Rows;
        var chunk = Math.Max(16, rows / (Environment.ProcessorCount * 32));
        // One thread per core: more (the pool adds threads to long loops) only take turns on the cores and the caches.
        Parallel.ForEach(
            Partitioner.Create(0, rows, chunk),
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            () => new CgBuffers(f),
            (range, _, buffers) =>
            {
                for (var row = range.Item1; row < range.Item2; row++)
                {
                    SolveRow(confidences, row, solve, fixedFactors, gram, f, alpha, steps, buffers);
                }
                return buffers;
            },
            _ => { });
    }

    private static void SolveRow(SparseMatrix c, int row, float[] solve, float[] fixedFactors, float[] gram, int f, float alpha, int steps, CgBuffers buffers)
    {
        var x = solve.AsSpan(row * f, f);
        var indices = c.RowIndices(row);
        var weights = c.RowValues(row);
        if (indices.IsEmpty)
        {
            x.Clear();
            return;
        }
        var r = buffers.Residual.AsSpan();
        var p = buffers.Direction.AsSpan();
        var ap = buffers.Product.AsSpan();

        // r = b − A x, with A x = G x + Σ α w (yᵀx) y and b = Σ (1 + α w) y.
        Kernels.MatVec(gram, x, r);
        TensorPrimitives.Negate(r, r);
        Kernels.AccumulateRows(fixedFactors, indices, weights, alpha, residual: true, x, r);
        r.CopyTo(p);
        var rsOld = Kernels.Dot(r, r);
        if (rsOld < 1e-20f)
        {
            return;
        }
        for (var step = 0; step < steps; step++)
        {
            // ap = A p without forming A.
            Kernels.MatVec(gram, p, ap);
            Kernels.AccumulateRows(fixedFactors, indices, weights, alpha, residual: false, p, ap);
            var denominator = Kernels.Dot(p, ap);
            if (!(denominator > 0))
            {
                return;
            }
            var a = rsOld / denominator;
            Kernels.Axpy(a, p, x);
            Kernels.Axpy(-a, ap, r);
            var rsNew = Kernels.Dot(r, r);
            if (rsNew < 1e-20f)
            {
                return;
            }
            // p = r + (rsNew / rsOld) p
            TensorPrimitives.MultiplyAdd(p, rsNew / rsOld, r, p);
            rsOld = rsNew;
        }
    }

    private sealed class CgBuffers(int f)
    {
        public float[] Residual { get; } = new float[f];

        public float[] Direction { get; } = new float[f];

        public float[] Product { get; } = new float[f];
    }
}
