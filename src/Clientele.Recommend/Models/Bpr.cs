using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text.Json;

namespace Clientele.Recommend;

/// <summary>How <see cref="BprFitter"/> draws the negative item of a training triple.</summary>
public enum NegativeSampling
{
    /// <summary>Uniformly over the catalogue, as in Rendle et al. (2009).</summary>
    Uniform,

    /// <summary>In proportion to item popularity (the item of a random stored pair), as implicit's <c>bpr_update</c>.</summary>
    Popularity,
}

/// <summary>Settings for <see cref="BprFitter"/>; the defaults were chosen on MovieLens-100k (see the test project).</summary>
public sealed record BprOptions
{
    /// <summary>Gets the number of latent factors (an item bias is learned besides them, as implicit).</summary>
    /// <value>The default value is 64; at least 1.</value>
    public int Factors { get; init; } = 64;

    /// <summary>Gets the SGD learning rate.</summary>
    /// <value>The default value is 0.02; must be finite and &gt; 0.</value>
    public float LearningRate { get; init; } = 0.02f;

    /// <summary>Gets the L2 penalty applied at every update (implicit's <c>regularization</c>).</summary>
    /// <value>The default value is 0.01; must be finite and &gt;= 0.</value>
    public float Regularization { get; init; } = 0.01f;

    /// <summary>Gets the number of epochs; an epoch draws as many (user, positive, negative) triples as there are stored pairs.</summary>
    /// <value>The default value is 100; at least 1.</value>
    public int Epochs { get; init; } = 100;

    /// <summary>Gets how negatives are drawn.</summary>
    /// <value>The default value is <see cref="NegativeSampling.Uniform"/>.</value>
    public NegativeSampling NegativeSampling { get; init; } = NegativeSampling.Uniform;

    /// <summary>Gets whether a drawn negative the user actually has is skipped (implicit's <c>verify_negative_samples</c>).</summary>
    /// <value>The default value is true.</value>
    public bool VerifyNegativeSamples { get; init; } = true;

    /// <summary>
    /// Gets the number of threads. 1 gives a deterministic model for a seed; more run lock-free Hogwild updates
    /// (Niu et al. 2011), faster but not reproducible exactly, as implicit's.
    /// </summary>
    /// <value>The default value is 1; at least 1.</value>
    public int DegreeOfParallelism { get; init; } = 1;

    /// <summary>Gets the seed of the initial factors and of the sampling.</summary>
    /// <value>The default value is 42.</value>
    public int Seed { get; init; } = 42;

    /// <summary>Gets the number of SGD passes over a fresh user's items when folding the user in (item factors fixed).</summary>
    /// <value>The default value is 50; at least 1.</value>
    public int FoldInEpochs { get; init; } = 50;

    /// <summary>Throws <see cref="ArgumentException"/> when a setting is out of range.</summary>
    public void Validate()
    {
        if (Factors < 1)
        {
            throw new ArgumentException($"{nameof(Factors)} must be at least 1, got {Factors}.", nameof(Factors));
        }
        if (!float.IsFinite(LearningRate) || LearningRate <= 0)
        {
            throw new ArgumentException($"{nameof(LearningRate)} must be a finite number > 0, got {LearningRate}.", nameof(LearningRate));
        }
        if (!float.IsFinite(Regularization) || Regularization < 0)
        {
            throw new ArgumentException($"{nameof(Regularization)} must be a finite number >= 0, got {Regularization}.", nameof(Regularization));
        }
        if (Epochs < 1)
        {
            throw new ArgumentException($"{nameof(Epochs)} must be at least 1, got {Epochs}.", nameof(Epochs));
        }
        if (!Enum.IsDefined(NegativeSampling))
        {
            throw new ArgumentException($"{nameof(NegativeSampling)} {(int)NegativeSampling} is not a sampling scheme.", nameof(NegativeSampling));
        }
        if (DegreeOfParallelism < 1)
        {
            throw new ArgumentException($"{nameof(DegreeOfParallelism)} must be at least 1, got {DegreeOfParallelism}.", nameof(DegreeOfParallelism));
        }
        if (FoldInEpochs < 1)
        {
            throw new ArgumentException($"{nameof(FoldInEpochs)} must be at least 1, got {FoldInEpochs}.", nameof(FoldInEpochs));
        }
    }
}

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

/// <summary>
/// A fitted BPR model (from <see cref="BprFitter"/>): score(u, i) = x_u·y_i + b_i. Similar items by the cosine of item
/// factors (without the bias). Fresh interactions fold a user in by SGD against the fixed item factors.
/// </summary>
/// <remarks>JSON parameters: the <see cref="BprOptions"/> values, <c>userFactors</c> and <c>itemFactors</c> (row-major, f + 1 columns, the last the bias).</remarks>
public sealed class BprModel : RecommenderModel
{
    /// <summary>The <see cref="RecommenderModel.Method"/> of this model.</summary>
    public const string MethodName = "bpr";

    private readonly float[] _userFactors;
    private readonly float[] _itemFactors;
    private readonly float[] _normalizedItems;
    private readonly bool[] _hasInteractions;

    internal BprModel(InteractionMatrix interactions, float[] userFactors, float[] itemFactors, BprOptions options)
        : base(interactions)
    {
        _userFactors = userFactors;
        _itemFactors = itemFactors;
        Options = options;
        var f = options.Factors;
        var withoutBias = new float[interactions.Items * f];
        for (var i = 0; i < interactions.Items; i++)
        {
            itemFactors.AsSpan(i * (f + 1), f).CopyTo(withoutBias.AsSpan(i * f, f));
        }
        _normalizedItems = Kernels.NormalizedRows(withoutBias, interactions.Items, f);
        _hasInteractions = interactions.UserItems.ColumnCounts().Select(c => c > 0).ToArray();
    }

    /// <inheritdoc/>
    public override string Method => MethodName;

    /// <summary>Gets the settings the model was fitted with.</summary>
    public BprOptions Options { get; }

    private int Stride => Options.Factors + 1;

    internal override void ScoreUser(int user, Span<float> scores, ReadOnlySpan<int> excluded) =>
        ScoreVector(_userFactors.AsSpan(user * Stride, Stride), scores);

    internal override void ScoreNewUser(ReadOnlySpan<int> items, ReadOnlySpan<float> weights, Span<float> scores, ReadOnlySpan<int> excluded)
    {
        // Fold-in: SGD on the user's vector only, from zero, over the given items with uniform negatives; seeded, so
        // the same interactions give the same answer.
        var f = Options.Factors;
        var stride = Stride;
        var user = new float[stride];
        user[f] = 1f;
        var random = new Random(Options.Seed);
        var catalogue = Interactions.Items;
        for (var epoch = 0; epoch < Options.FoldInEpochs; epoch++)
        {
            for (var n = 0; n < items.Length; n++)
            {
                var liked = items[random.Next(items.Length)];
                var disliked = random.Next(catalogue);
                if (disliked == liked || items.BinarySearch(disliked) >= 0)
                {
                    continue;
                }
                BprFitter.Step(user, _itemFactors.AsSpan(liked * stride, stride), _itemFactors.AsSpan(disliked * stride, stride), f, Options.LearningRate, Options.Regularization, updateItems: false);
            }
        }
        ScoreVector(user, scores);
    }

    internal override void ScoreSimilarItems(int item, Span<float> scores)
    {
        var f = Options.Factors;
        var target = _normalizedItems.AsSpan(item * f, f);
        for (var j = 0; j < scores.Length; j++)
        {
            scores[j] = _hasInteractions[j] ? TensorPrimitives.Dot(_normalizedItems.AsSpan(j * f, f), target) : float.NegativeInfinity;
        }
    }

    private void ScoreVector(ReadOnlySpan<float> user, Span<float> scores)
    {
        var stride = Stride;
        for (var j = 0; j < scores.Length; j++)
        {
            scores[j] = _hasInteractions[j] ? TensorPrimitives.Dot(_itemFactors.AsSpan(j * stride, stride), user) : float.NegativeInfinity;
        }
    }

    internal override void WriteParameters(Utf8JsonWriter writer)
    {
        var o = Options;
        writer.WriteNumber("factors", o.Factors);
        writer.WriteNumber("learningRate", o.LearningRate);
        writer.WriteNumber("regularization", o.Regularization);
        writer.WriteNumber("epochs", o.Epochs);
        writer.WriteString("negativeSampling", o.NegativeSampling.ToString());
        writer.WriteBoolean("verifyNegativeSamples", o.VerifyNegativeSamples);
        writer.WriteNumber("degreeOfParallelism", o.DegreeOfParallelism);
        writer.WriteNumber("seed", o.Seed);
        writer.WriteNumber("foldInEpochs", o.FoldInEpochs);
        JsonParts.WriteArray(writer, "userFactors", _userFactors);
        JsonParts.WriteArray(writer, "itemFactors", _itemFactors);
    }

    internal static BprModel Read(JsonElement parameters, InteractionMatrix interactions)
    {
        var sampling = parameters.GetProperty("negativeSampling").GetString();
        if (!Enum.TryParse<NegativeSampling>(sampling, ignoreCase: false, out var negativeSampling))
        {
            throw new FormatException($"Unknown negative sampling \"{sampling}\".");
        }
        var options = new BprOptions
        {
            Factors = JsonParts.Int(parameters, "factors"),
            LearningRate = JsonParts.Float(parameters, "learningRate"),
            Regularization = JsonParts.Float(parameters, "regularization"),
            Epochs = JsonParts.Int(parameters, "epochs"),
            NegativeSampling = negativeSampling,
            VerifyNegativeSamples = parameters.GetProperty("verifyNegativeSamples").GetBoolean(),
            DegreeOfParallelism = JsonParts.Int(parameters, "degreeOfParallelism"),
            Seed = JsonParts.Int(parameters, "seed"),
            FoldInEpochs = JsonParts.Int(parameters, "foldInEpochs"),
        };
        RecommenderJson.Validate(options.Validate);
        var stride = options.Factors + 1L;
        var users = JsonParts.FloatArray(parameters, "userFactors", interactions.Users * stride);
        var items = JsonParts.FloatArray(parameters, "itemFactors", interactions.Items * stride);
        return new BprModel(interactions, users, items, options);
    }
}
