using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Clientele.Recommend;

/// <summary>
/// Fits Bayesian Personalized Ranking (Rendle, Freudenthaler, Gantner &amp; Schmidt-Thieme 2009, "BPR: Bayesian
/// Personalized Ranking from Implicit Feedback", UAI) by SGD on sampled (user, positive, negative) triples, as
/// implicit's <c>BayesianPersonalizedRanking</c>: factors plus an item bias, initial factors uniform in
/// (−0.5, 0.5)/f. The matrix's weights are not used, only which pairs are stored.
/// </summary>
/// <remarks>
/// Per triple: z = σ(−x_u·(y_i − y_j)); x_u += η(z(y_i − y_j) − λx_u); y_i += η(z x_u − λy_i); y_j += η(−z x_u − λy_j);
/// the biases b_i += η(z − λb_i), b_j += η(−z − λb_j).
/// </remarks>
public sealed class BprFitter : IRecommenderFitter
{
    private readonly BprOptions _options;

    /// <summary>A fitter with the default <see cref="BprOptions"/>.</summary>
    public BprFitter()
        : this(new BprOptions())
    {
    }

    /// <param name="options">The settings; validated here.</param>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public BprFitter(BprOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    IRecommender IRecommenderFitter.Fit(InteractionMatrix interactions) => Fit(interactions);

    /// <summary>Fits the factors to the stored pairs of <paramref name="interactions"/>.</summary>
    /// <param name="interactions">The training matrix (only which pairs are stored matters).</param>
    /// <param name="epochCompleted">Called after each epoch with its number (from 1) — for progress and timing.</param>
    /// <exception cref="ArgumentException">The matrix has no interactions.</exception>
    public BprModel Fit(InteractionMatrix interactions, Action<int>? epochCompleted = null)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        FitterInput.Check(interactions, BprModel.MethodName);
        var o = _options;
        var f = o.Factors;
        var stride = f + 1;
        var matrix = interactions.UserItems;
        var random = new Random(o.Seed);

        // Factors as implicit: (rand − 0.5)/f, the users' last column fixed at 1 (it multiplies the item bias), rows
        // without interactions zero.
        var userFactors = new float[interactions.Users * stride];
        var itemFactors = new float[interactions.Items * stride];
        var itemCounts = matrix.ColumnCounts();
        for (var i = 0; i < interactions.Items; i++)
        {
            for (var j = 0; j < stride; j++)
            {
                var value = (random.NextSingle() - 0.5f) / f;
                itemFactors[(i * stride) + j] = itemCounts[i] > 0 ? value : 0f;
            }
        }
        for (var u = 0; u < interactions.Users; u++)
        {
            for (var j = 0; j < f; j++)
            {
                var value = (random.NextSingle() - 0.5f) / f;
                userFactors[(u * stride) + j] = matrix.RowLength(u) > 0 ? value : 0f;
            }
            userFactors[(u * stride) + f] = 1f;
        }

        var userOfPair = new int[matrix.NonZeros];
        for (var u = 0; u < interactions.Users; u++)
        {
            userOfPair.AsSpan(matrix.RowPointers[u], matrix.RowLength(u)).Fill(u);
        }

        var threads = o.DegreeOfParallelism;
        var seeds = new int[threads];
        for (var epoch = 0; epoch < o.Epochs; epoch++)
        {
            for (var t = 0; t < threads; t++)
            {
                seeds[t] = random.Next();
            }
            if (threads == 1)
            {
                Epoch(matrix, userOfPair, userFactors, itemFactors, f, o, new Random(seeds[0]), matrix.NonZeros);
            }
            else
            {
                var share = (matrix.NonZeros + threads - 1) / threads;
                Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
                    Epoch(matrix, userOfPair, userFactors, itemFactors, f, o, new Random(seeds[t]), Math.Min(share, matrix.NonZeros - (t * share))));
            }
            epochCompleted?.Invoke(epoch + 1);
        }
        return new BprModel(interactions, userFactors, itemFactors, o);
    }

    private static void Epoch(SparseMatrix matrix, int[] userOfPair, float[] userFactors, float[] itemFactors, int f, BprOptions o, Random random, int samples)
    {
        var stride = f + 1;
        var pairs = matrix.NonZeros;
        var items = matrix.Columns;
        var columns = matrix.ColumnIndices;
        var lr = o.LearningRate;
        var reg = o.Regularization;
        for (var s = 0; s < samples; s++)
        {
            var pair = random.Next(pairs);
            var user = userOfPair[pair];
            var liked = columns[pair];
            var disliked = o.NegativeSampling == NegativeSampling.Uniform ? random.Next(items) : columns[random.Next(pairs)];
            if (disliked == liked || (o.VerifyNegativeSamples && matrix.Contains(user, disliked)))
            {
                continue;
            }
            Step(userFactors.AsSpan(user * stride, stride), itemFactors.AsSpan(liked * stride, stride), itemFactors.AsSpan(disliked * stride, stride), f, lr, reg);
        }
    }

    /// <summary>One SGD step on (user, liked, disliked); the last entry of each vector is the bias column.</summary>
    internal static void Step(Span<float> user, Span<float> liked, Span<float> disliked, int f, float lr, float reg, bool updateItems = true)
    {
        var score = TensorPrimitives.Dot(user, liked) - TensorPrimitives.Dot(user, disliked);
        var z = 1f / (1f + MathF.Exp(score));
        var j = 0;
        if (Vector256.IsHardwareAccelerated && user.Length >= f && liked.Length >= f && disliked.Length >= f)
        {
            // The loop below, 8 factors at a time with the same operations in the same order (no fused multiply-add), so
            // the result is the same to the bit; the JIT does not vectorise the scalar loop itself.
            var vz = Vector256.Create(z);
            var vlr = Vector256.Create(lr);
            var vreg = Vector256.Create(reg);
            ref var ru = ref MemoryMarshal.GetReference(user);
            ref var rl = ref MemoryMarshal.GetReference(liked);
            ref var rd = ref MemoryMarshal.GetReference(disliked);
            for (; j <= f - Vector256<float>.Count; j += Vector256<float>.Count)
            {
                var u = Vector256.LoadUnsafe(ref ru, (nuint)j);
                var l = Vector256.LoadUnsafe(ref rl, (nuint)j);
                var d = Vector256.LoadUnsafe(ref rd, (nuint)j);
                (u + (vlr * ((vz * (l - d)) - (vreg * u)))).StoreUnsafe(ref ru, (nuint)j);
                if (updateItems)
                {
                    (l + (vlr * ((vz * u) - (vreg * l)))).StoreUnsafe(ref rl, (nuint)j);
                    (d + (vlr * ((-vz * u) - (vreg * d)))).StoreUnsafe(ref rd, (nuint)j);
                }
            }
        }
        for (; j < f; j++)
        {
            var u = user[j];
            user[j] += lr * ((z * (liked[j] - disliked[j])) - (reg * u));
            if (updateItems)
            {
                liked[j] += lr * ((z * u) - (reg * liked[j]));
                disliked[j] += lr * ((-z * u) - (reg * disliked[j]));
            }
        }
        if (updateItems)
        {
            liked[f] += lr * (z - (reg * liked[f]));
            disliked[f] += lr * (-z - (reg * disliked[f]));
        }
    }
}
