using System.Numerics.Tensors;
using System.Text.Json;

namespace Clientele.Recommend;

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

    internal override RecommenderModel WithoutUserRow(int row, InteractionMatrix interactions) =>
        new BprModel(interactions, WithoutRow(_userFactors, row, Stride), _itemFactors, Options);

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
