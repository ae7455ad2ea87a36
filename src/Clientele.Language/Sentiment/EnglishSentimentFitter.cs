using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Transforms;

namespace Clientele.Language.Sentiment;

/// <summary>
/// Fits <see cref="EnglishSentimentModel"/>: ML.NET's L-BFGS maximum-entropy (multinomial logistic regression)
/// trainer on sentence vectors labelled negative, neutral or positive. Single-threaded so that the same data and seed
/// give the same weights.
/// </summary>
public sealed class EnglishSentimentFitter(EnglishSentimentOptions? options = null)
{
    private readonly EnglishSentimentOptions _options = options ?? new EnglishSentimentOptions();

    /// <summary>Fits the model on <paramref name="embeddings"/> with their <paramref name="labels"/>.</summary>
    /// <exception cref="ArgumentException">The inputs differ in length, are empty, have vectors of different lengths, or lack a class.</exception>
    public EnglishSentimentModel Fit(IReadOnlyList<float[]> embeddings, IReadOnlyList<SentimentLabel> labels, SentimentTrainingInfo? training = null)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentNullException.ThrowIfNull(labels);
        _options.Validate();
        if (embeddings.Count != labels.Count || embeddings.Count == 0)
        {
            throw new ArgumentException($"Expected one label per embedding, at least one; got {embeddings.Count} embeddings and {labels.Count} labels.", nameof(labels));
        }
        var dimensions = embeddings[0].Length;
        if (embeddings.Any(e => e.Length != dimensions))
        {
            throw new ArgumentException("All embeddings must have the same length.", nameof(embeddings));
        }
        var counts = new int[3];
        foreach (var label in labels)
        {
            counts[(int)label]++;
        }
        if (counts.Any(c => c == 0))
        {
            throw new ArgumentException(
                $"Every class needs examples; got negative {counts[0]}, neutral {counts[1]}, positive {counts[2]}.", nameof(labels));
        }
        var largest = counts.Max();
        var rows = new List<Row>(labels.Count);
        for (var i = 0; i < labels.Count; i++)
        {
            var label = (int)labels[i];
            rows.Add(new Row
            {
                // A copy: ML.NET's cursors may reuse the buffers they are handed.
                Features = (float[])embeddings[i].Clone(),
                Label = (uint)label,
                Weight = _options.BalanceClasses ? (float)Math.Sqrt((double)largest / counts[label]) : 1f,
            });
        }

        var ml = new MLContext(_options.Seed);
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, dimensions);
        var data = ml.Data.LoadFromEnumerable(rows, schema);
        var pipeline = ml.Transforms.Conversion.MapValueToKey(
                nameof(Row.Label), keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
            .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options
            {
                LabelColumnName = nameof(Row.Label),
                FeatureColumnName = nameof(Row.Features),
                ExampleWeightColumnName = nameof(Row.Weight),
                L2Regularization = _options.L2Regularization,
                L1Regularization = 0,
                NumberOfThreads = 1,
            }));
        var parameters = pipeline.Fit(data).LastTransformer.Model;

        VBuffer<float>[] weights = [];
        parameters.GetWeights(ref weights, out var classes);
        if (classes != 3)
        {
            throw new InvalidOperationException($"ML.NET fitted {classes} classes instead of 3.");
        }
        var biases = parameters.GetBiases().ToArray();
        return new EnglishSentimentModel([.. weights.Select(w => w.DenseValues().ToArray())], biases, training);
    }

    private sealed class Row
    {
        public float[] Features { get; set; } = [];

        public uint Label { get; set; }

        public float Weight { get; set; }
    }
}
