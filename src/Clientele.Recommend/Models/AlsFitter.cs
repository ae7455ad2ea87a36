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
        var start = Start(interactions);
        var (users, items) = (start.Interactions.Users, start.Interactions.Items);
        var userFactors = start.UserFactors;
        var itemFactors = start.ItemFactors;
        for (var iteration = 1; iteration <= _options.Iterations; iteration++)
        {
            Solve(start.UserItems, userFactors, itemFactors, Gram(itemFactors, items));
            Solve(start.ItemUsers, itemFactors, userFactors, Gram(userFactors, users));
            iterationCompleted?.Invoke(iteration);
        }
        return Model(start, userFactors, itemFactors);
    }

    /// <summary>
    /// What a fit starts from: the weighted matrix both ways and the seeded initial factors. <see cref="Fit"/> is
    /// <see cref="Start"/>, then per iteration <see cref="Solve"/> of the users against the items'
    /// <see cref="Gram"/> and of the items against the users', then <see cref="Model"/>; the steps are public so
    /// that the solves can run apart (the cluster solves each shard of rows where it lives) and give the same factors.
    /// </summary>
    /// <exception cref="ArgumentException">The matrix has no interactions.</exception>
    public AlsStart Start(InteractionMatrix interactions)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        FitterInput.Check(interactions, AlsModel.MethodName);
        var f = _options.Factors;
        var weighting = _options.Weighting.Fit(interactions.UserItems);
        var userItems = weighting.Apply(interactions.UserItems);
        var random = new Random(_options.Seed);
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
        return new AlsStart(interactions, weighting, userItems, userItems.Transpose(), userFactors, itemFactors);
    }

    /// <summary>FᵀF + λI (f × f, row-major) of the fixed side's factors (<paramref name="rows"/> × f): the same sum in the same order wherever it runs.</summary>
    public float[] Gram(float[] factors, int rows)
    {
        ArgumentNullException.ThrowIfNull(factors);
        return Kernels.Gram(factors, rows, _options.Factors, _options.Regularization);
    }

    /// <summary>
    /// One half-sweep over the rows of <paramref name="confidences"/> (weighted; any contiguous run of a side's rows),
    /// updating their factors in <paramref name="solve"/> (row r at r × f) in place against <paramref name="fixedFactors"/>
    /// and its <see cref="Gram"/>. A row's result depends on that row alone, so solving the rows in shards gives the same
    /// factors as solving them together.
    /// </summary>
    public void Solve(SparseMatrix confidences, float[] solve, float[] fixedFactors, float[] gram)
    {
        ArgumentNullException.ThrowIfNull(confidences);
        ArgumentNullException.ThrowIfNull(solve);
        ArgumentNullException.ThrowIfNull(fixedFactors);
        ArgumentNullException.ThrowIfNull(gram);
        ConjugateGradientSweep(confidences, solve, fixedFactors, gram, _options.Factors, _options.Alpha, _options.ConjugateGradientSteps);
    }

    /// <summary>The model of the fitted factors (users' and items' rows in <paramref name="start"/>'s order).</summary>
    public AlsModel Model(AlsStart start, float[] userFactors, float[] itemFactors)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(userFactors);
        ArgumentNullException.ThrowIfNull(itemFactors);
        var f = _options.Factors;
        if (userFactors.Length != (long)start.Interactions.Users * f || itemFactors.Length != (long)start.Interactions.Items * f)
        {
            throw new ArgumentException($"Factors for {userFactors.Length / f} users and {itemFactors.Length / f} items; the matrix has {start.Interactions.Users} and {start.Interactions.Items}.");
        }
        return new AlsModel(start.Interactions, start.Weighting, userFactors, itemFactors, _options);
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

/// <summary>What an ALS fit starts from (<see cref="AlsFitter.Start"/>): the matrix, weighted both ways, and the seeded initial factors.</summary>
public sealed class AlsStart
{
    internal AlsStart(InteractionMatrix interactions, FittedWeighting weighting, SparseMatrix userItems, SparseMatrix itemUsers, float[] userFactors, float[] itemFactors)
    {
        Interactions = interactions;
        Weighting = weighting;
        UserItems = userItems;
        ItemUsers = itemUsers;
        UserFactors = userFactors;
        ItemFactors = itemFactors;
    }

    /// <summary>Gets the training matrix (raw weights).</summary>
    public InteractionMatrix Interactions { get; }

    internal FittedWeighting Weighting { get; }

    /// <summary>Gets the weighted user × item matrix (the users' half-sweep).</summary>
    public SparseMatrix UserItems { get; }

    /// <summary>Gets its transpose (the items' half-sweep).</summary>
    public SparseMatrix ItemUsers { get; }

    /// <summary>Gets the initial user factors (users × f, row-major), drawn from the seed.</summary>
    public float[] UserFactors { get; }

    /// <summary>Gets the initial item factors (items × f, row-major), drawn from the seed after the users'.</summary>
    public float[] ItemFactors { get; }
}
