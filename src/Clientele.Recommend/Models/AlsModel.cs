using System.Buffers;
using System.Numerics.Tensors;
using System.Text.Json;

namespace Clientele.Recommend;

/// <summary>
/// A fitted implicit ALS model (from <see cref="AlsFitter"/>): user and item factors; score(u, i) = x_uᵀ y_i. Similar
/// items by the cosine of item factors (as implicit). Items without any training interaction are never recommended.
/// </summary>
/// <remarks>JSON parameters: <c>factors</c>, <c>regularization</c>, <c>alpha</c>, <c>iterations</c>, <c>conjugateGradientSteps</c>, <c>weighting</c>, <c>userFactors</c>, <c>itemFactors</c> (row-major; in format 2 each names a binary part of float32 values, in format 1 and inside a hybrid a JSON array).</remarks>
public sealed class AlsModel : RecommenderModel
{
    /// <summary>The <see cref="RecommenderModel.Method"/> of this model.</summary>
    public const string MethodName = "als";

    private readonly float[] _userFactors;
    private readonly float[] _itemFactors;
    private readonly float[] _normalizedItems;
    private readonly bool[] _hasInteractions;
    private readonly int[] _unscorable;
    private readonly float[] _packedItems;
    private readonly FittedWeighting _weighting;
    private readonly Lazy<double[]> _itemGram;

    internal AlsModel(InteractionMatrix interactions, FittedWeighting weighting, float[] userFactors, float[] itemFactors, AlsOptions options)
        : base(interactions)
    {
        _weighting = weighting;
        _userFactors = userFactors;
        _itemFactors = itemFactors;
        Options = options;
        Factors = options.Factors;
        _normalizedItems = Kernels.NormalizedRows(itemFactors, interactions.Items, Factors);
        _hasInteractions = interactions.UserItems.ColumnCounts().Select(c => c > 0).ToArray();
        _unscorable = [.. Enumerable.Range(0, interactions.Items).Where(i => !_hasInteractions[i])];
        _packedItems = Kernels.PackItems(itemFactors, interactions.Items, Factors);
        _itemGram = new Lazy<double[]>(ItemGram, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <inheritdoc/>
    public override string Method => MethodName;

    /// <summary>Gets the settings the model was fitted with.</summary>
    public AlsOptions Options { get; }

    /// <summary>Gets the number of factors.</summary>
    public int Factors { get; }

    /// <summary>The factors of user row <paramref name="user"/> (a view, length <see cref="Factors"/>).</summary>
    public ReadOnlySpan<float> UserFactors(int user)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(user);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(user, Interactions.Users);
        return _userFactors.AsSpan(user * Factors, Factors);
    }

    /// <summary>The factors of item column <paramref name="item"/> (a view, length <see cref="Factors"/>).</summary>
    public ReadOnlySpan<float> ItemFactors(int item)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(item);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(item, Interactions.Items);
        return _itemFactors.AsSpan(item * Factors, Factors);
    }

    /// <summary>
    /// The factors of a user with the given interactions (item indices increasing, raw weights), solved exactly
    /// against the fitted item factors: (YᵀY + λI + Σ α w y yᵀ) x = Σ (1 + α w) y, the weighting applied as in training.
    /// </summary>
    internal float[] SolveUser(ReadOnlySpan<int> items, ReadOnlySpan<float> weights)
    {
        var f = Factors;
        var weighted = new float[weights.Length];
        _weighting.ApplyRow(items, weights, weighted);
        var a = (double[])_itemGram.Value.Clone();
        var b = new double[f];
        var y = new double[f];
        var alpha = (double)Options.Alpha;
        for (var n = 0; n < items.Length; n++)
        {
            TensorPrimitives.ConvertChecked<float, double>(_itemFactors.AsSpan(items[n] * f, f), y);
            var w = alpha * weighted[n];
            TensorPrimitives.MultiplyAdd(y, 1 + w, b, b);
            // The upper triangle only, row by row as a vector (the live service solves one customer per profile read:
            // this rank-one update was a third of its CPU), then mirrored below the diagonal.
            for (var i = 0; i < f; i++)
            {
                var row = a.AsSpan((i * f) + i, f - i);
                TensorPrimitives.MultiplyAdd(y.AsSpan(i), w * y[i], row, row);
            }
        }
        for (var i = 1; i < f; i++)
        {
            for (var j = 0; j < i; j++)
            {
                a[(i * f) + j] = a[(j * f) + i];
            }
        }
        if (!Kernels.CholeskySolve(a, b))
        {
            throw new InvalidOperationException("The user's least-squares system is not positive definite; the model's factors are degenerate.");
        }
        return b.Select(v => (float)v).ToArray();
    }

    internal override void ScoreUser(int user, Span<float> scores, ReadOnlySpan<int> excluded) =>
        ScoreVector(_userFactors.AsSpan(user * Factors, Factors), scores);

    /// <summary>The users' scores as one blocked product of their factors with the item factors (<see cref="Kernels.ScoreBlock"/>): the same bits as <see cref="ScoreUser"/>.</summary>
    internal override void ScoreUsers(ReadOnlySpan<int> users, Span<float> scores, bool filter)
    {
        var f = Factors;
        var items = Interactions.Items;
        var gathered = ArrayPool<float>.Shared.Rent(users.Length * f);
        try
        {
            for (var n = 0; n < users.Length; n++)
            {
                _userFactors.AsSpan(users[n] * f, f).CopyTo(gathered.AsSpan(n * f, f));
            }
            Kernels.ScoreBlock(gathered, users.Length, _packedItems, items, f, scores);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(gathered);
        }
        for (var n = 0; n < users.Length; n++)
        {
            foreach (var item in _unscorable)
            {
                scores[(n * items) + item] = float.NegativeInfinity;
            }
        }
    }

    internal override void ScoreNewUser(ReadOnlySpan<int> items, ReadOnlySpan<float> weights, Span<float> scores, ReadOnlySpan<int> excluded) =>
        ScoreVector(SolveUser(items, weights), scores);

    internal override void ScoreSimilarItems(int item, Span<float> scores)
    {
        var f = Factors;
        var target = _normalizedItems.AsSpan(item * f, f);
        for (var j = 0; j < scores.Length; j++)
        {
            scores[j] = _hasInteractions[j] ? TensorPrimitives.Dot(_normalizedItems.AsSpan(j * f, f), target) : float.NegativeInfinity;
        }
    }

    /// <summary>The cosines of a few items' factors with the item's: the same numbers as <see cref="ScoreSimilarItems"/>, without scoring every item.</summary>
    internal override void ScoreSimilarities(int item, ReadOnlySpan<int> others, Span<float> scores)
    {
        var f = Factors;
        var target = _normalizedItems.AsSpan(item * f, f);
        for (var n = 0; n < others.Length; n++)
        {
            var j = others[n];
            scores[n] = _hasInteractions[j] ? TensorPrimitives.Dot(_normalizedItems.AsSpan(j * f, f), target) : float.NegativeInfinity;
        }
    }

    private void ScoreVector(ReadOnlySpan<float> user, Span<float> scores)
    {
        Kernels.ScoreBlock(user, 1, _packedItems, Interactions.Items, Factors, scores);
        foreach (var item in _unscorable)
        {
            scores[item] = float.NegativeInfinity;
        }
    }

    private double[] ItemGram()
    {
        var gram = Kernels.Gram(_itemFactors, Interactions.Items, Factors, Options.Regularization);
        return gram.Select(v => (double)v).ToArray();
    }


    internal override RecommenderModel WithoutUserRow(int row, InteractionMatrix interactions) =>
        new AlsModel(interactions, _weighting, WithoutRow(_userFactors, row, Factors), _itemFactors, Options);

    internal override void WriteParameters(Utf8JsonWriter writer) => WriteParameters(writer, parts: null);

    /// <summary>The settings, the weighting and the factors: as binary parts when <paramref name="parts"/> is given (format 2), else JSON arrays.</summary>
    internal override void WriteParameters(Utf8JsonWriter writer, BinaryParts? parts)
    {
        writer.WriteNumber("factors", Factors);
        writer.WriteNumber("regularization", Options.Regularization);
        writer.WriteNumber("alpha", Options.Alpha);
        writer.WriteNumber("iterations", Options.Iterations);
        writer.WriteNumber("conjugateGradientSteps", Options.ConjugateGradientSteps);
        writer.WriteNumber("seed", Options.Seed);
        _weighting.Write(writer, "weighting");
        if (parts is null)
        {
            JsonParts.WriteArray(writer, "userFactors", _userFactors);
            JsonParts.WriteArray(writer, "itemFactors", _itemFactors);
        }
        else
        {
            parts.Write(writer, "userFactors", _userFactors);
            parts.Write(writer, "itemFactors", _itemFactors);
        }
    }

    internal static AlsModel Read(JsonElement parameters, InteractionMatrix interactions, Core.Models.ModelFile? file = null)
    {
        var weighting = FittedWeighting.Read(parameters.GetProperty("weighting"));
        var options = new AlsOptions
        {
            Factors = JsonParts.Int(parameters, "factors"),
            Regularization = JsonParts.Float(parameters, "regularization"),
            Alpha = JsonParts.Float(parameters, "alpha"),
            Iterations = JsonParts.Int(parameters, "iterations"),
            ConjugateGradientSteps = JsonParts.Int(parameters, "conjugateGradientSteps"),
            Seed = JsonParts.Int(parameters, "seed"),
            Weighting = weighting.Settings,
        };
        RecommenderJson.Validate(options.Validate);
        float[] Factors(string name, long length) => file is not null && BinaryParts.IsPart(parameters, name)
            ? BinaryParts.Floats(file, parameters, name, length)
            : JsonParts.FloatArray(parameters, name, length);
        var users = Factors("userFactors", (long)interactions.Users * options.Factors);
        var items = Factors("itemFactors", (long)interactions.Items * options.Factors);
        return new AlsModel(interactions, weighting, users, items, options);
    }
}
