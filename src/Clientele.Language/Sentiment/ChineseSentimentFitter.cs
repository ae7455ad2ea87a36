using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace Clientele.Language.Sentiment;

/// <summary>Settings of <see cref="ChineseSentimentFitter"/>.</summary>
public sealed record ChineseSentimentOptions
{
    /// <summary>Gets the longest character n-gram. <value>The default value is 2 (unigrams and bigrams).</value></summary>
    public int MaximumNgramLength { get; init; } = 2;

    /// <summary>Gets log2 of the number of hash buckets. <value>The default value is 16 (65,536 buckets, a 256 KiB weight vector).</value></summary>
    public int BucketBits { get; init; } = 16;

    /// <summary>Gets the L2 penalty of the logistic regression. <value>The default value is 0.1.</value></summary>
    public float L2Regularization { get; init; } = 0.1f;

    /// <summary>Gets the seed of ML.NET's context. <value>The default value is 42.</value></summary>
    public int Seed { get; init; } = 42;

    internal void Validate()
    {
        if (!float.IsFinite(L2Regularization) || L2Regularization < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(L2Regularization), L2Regularization, "The L2 penalty must be a finite number ≥ 0.");
        }
        _ = new CharNgramHasher(MaximumNgramLength, BucketBits);
    }

    internal string Describe(CharNgramHasher features) => string.Create(
        CultureInfo.InvariantCulture,
        $"ML.NET {nameof(LbfgsLogisticRegressionBinaryTrainer)}, L2 {L2Regularization}, L1 0, 1 thread, seed {Seed}, on {features.Describe()}");
}

/// <summary>
/// Fits <see cref="ChineseSentimentModel"/>: hashed character n-grams (<see cref="CharNgramHasher"/>) and ML.NET's
/// L-BFGS logistic regression, single-threaded so that the same data and seed give the same weights.
/// </summary>
public sealed class ChineseSentimentFitter(ChineseSentimentOptions? options = null)
{
    private readonly ChineseSentimentOptions _options = options ?? new ChineseSentimentOptions();

    /// <summary>The featurizer the options describe.</summary>
    public CharNgramHasher Features => new(_options.MaximumNgramLength, _options.BucketBits);

    /// <summary>Fits the model on <paramref name="texts"/>, whose labels must be positive or negative.</summary>
    /// <exception cref="ArgumentException">The inputs differ in length, are empty, hold a neutral label, or lack a class.</exception>
    public ChineseSentimentModel Fit(IReadOnlyList<string> texts, IReadOnlyList<SentimentLabel> labels, SentimentTrainingInfo? training = null)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(labels);
        _options.Validate();
        if (texts.Count != labels.Count || texts.Count == 0)
        {
            throw new ArgumentException($"Expected one label per text, at least one; got {texts.Count} texts and {labels.Count} labels.", nameof(labels));
        }
        if (labels.Any(l => l == SentimentLabel.Neutral))
        {
            throw new ArgumentException("The Chinese model is binary; give positive or negative labels only.", nameof(labels));
        }
        if (!labels.Contains(SentimentLabel.Positive) || !labels.Contains(SentimentLabel.Negative))
        {
            throw new ArgumentException("Both positive and negative examples are needed.", nameof(labels));
        }
        var features = Features;
        var vectors = new (int[] Indices, float[] Values)[texts.Count];
        Parallel.For(0, texts.Count, i => vectors[i] = features.Featurize(texts[i]));
        var rows = new List<Row>(texts.Count);
        for (var i = 0; i < texts.Count; i++)
        {
            var (indices, values) = vectors[i];
            rows.Add(new Row
            {
                Features = new VBuffer<float>(features.Buckets, indices.Length, values, indices),
                Label = labels[i] == SentimentLabel.Positive,
            });
        }

        var ml = new MLContext(_options.Seed);
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, features.Buckets);
        var data = ml.Data.LoadFromEnumerable(rows, schema);
        var trainer = ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
        {
            LabelColumnName = nameof(Row.Label),
            FeatureColumnName = nameof(Row.Features),
            L2Regularization = _options.L2Regularization,
            L1Regularization = 0,
            NumberOfThreads = 1,
        });
        var linear = trainer.Fit(data).Model.SubModel;
        var weights = new float[features.Buckets];
        linear.Weights.ToArray().CopyTo(weights, 0);
        return new ChineseSentimentModel(features, weights, linear.Bias, training);
    }

    private sealed class Row
    {
        public VBuffer<float> Features { get; set; }

        public bool Label { get; set; }
    }
}
