using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace Clientele.Language.Sentiment;

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
