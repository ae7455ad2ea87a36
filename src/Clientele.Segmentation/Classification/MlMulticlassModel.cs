using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;
using Microsoft.ML.Transforms;

namespace Clientele.Segmentation.Classification;

/// <summary>
/// The one place the segment classifier touches ML.NET: LightGBM multi-class on a fixed-length vector of
/// single-precision features, trained in a seeded <see cref="MLContext"/>. The segment label is mapped to an ML.NET
/// key with <c>MapValueToKey</c> (ordered by value); only the trained predictor is kept, so scoring needs the features
/// alone. Score slot <c>s</c> is the probability of the segment with key value <c>s + 1</c>; the probabilities this
/// class returns are reordered to <see cref="Segments"/> (ascending).
/// </summary>
internal sealed class MlMulticlassModel
{
    private const string FeaturesColumn = "Features";
    private const string SegmentColumn = "Segment";
    private const string LabelColumn = "Label";
    private const string ScoreColumn = "Score";

    private readonly MLContext _context;
    private readonly ITransformer _model;
    private readonly SchemaDefinition _schema;
    private readonly Lock _engineLock = new();
    private readonly int[] _slotSegments;
    private readonly int[] _slotToSegmentIndex;
    private PredictionEngine<FeatureRow, ScoreRow>? _engine;

    private MlMulticlassModel(MLContext context, ITransformer model, int featureCount, int[] slotSegments)
    {
        _context = context;
        _model = model;
        FeatureCount = featureCount;
        _slotSegments = slotSegments;
        Segments = [.. slotSegments.Order()];
        _slotToSegmentIndex = [.. slotSegments.Select(segment => Array.BinarySearch(Segments, segment))];
        _schema = FeatureSchema(featureCount);
    }

    public int FeatureCount { get; }

    /// <summary>The segments, ascending: the order of the probabilities.</summary>
    public int[] Segments { get; }

    /// <summary>The segment of each score slot (the label's key values, in key order), as saved with the model.</summary>
    public int[] SlotSegments => (int[])_slotSegments.Clone();

    /// <summary>Trains on <paramref name="features"/> (one array per row) labelled <paramref name="segments"/>.</summary>
    public static MlMulticlassModel Train(SegmentClassifierOptions options, float[][] features, int[] segments)
    {
        var featureCount = features[0].Length;
        var context = new MLContext(options.Seed);
        var data = context.Data.LoadFromEnumerable(TrainingRows(features, segments), TrainingSchema(featureCount));
        var keyed = context.Transforms.Conversion
            .MapValueToKey(LabelColumn, SegmentColumn, keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
            .Fit(data)
            .Transform(data);
        VBuffer<int> keyValues = default;
        keyed.Schema[LabelColumn].GetKeyValues(ref keyValues);
        var slotSegments = keyValues.DenseValues().ToArray();

        var trainer = context.MulticlassClassification.Trainers.LightGbm(new LightGbmMulticlassTrainer.Options
        {
            LabelColumnName = LabelColumn,
            FeatureColumnName = FeaturesColumn,
            NumberOfLeaves = options.NumberOfLeaves,
            NumberOfIterations = options.NumberOfIterations,
            LearningRate = options.LearningRate,
            MinimumExampleCountPerLeaf = options.MinimumExampleCountPerLeaf,
            UseSoftmax = true,
            // One thread per fit: LightGBM's OpenMP threads spin-wait and slow down many times over on a busy
            // machine; the trainer runs the cross-validation folds in parallel instead.
            NumberOfThreads = 1,
            Seed = options.Seed,
            Deterministic = true,
            ForceColumnWise = true,
            Silent = true,
            Verbose = false,
        });
        var model = trainer.Fit(keyed);
        return new MlMulticlassModel(context, model, featureCount, slotSegments);
    }

    /// <summary>The probability of each of <see cref="Segments"/> for each row.</summary>
    public double[][] Probabilities(float[][] features)
    {
        var data = _context.Data.LoadFromEnumerable(FeatureRows(features), _schema);
        var scored = _model.Transform(data);
        var result = new double[features.Length][];
        var i = 0;
        foreach (var score in scored.GetColumn<float[]>(ScoreColumn))
        {
            result[i++] = ToProbabilities(score);
        }
        return result;
    }

    /// <summary>The probability of each of <see cref="Segments"/> for one row (a cached prediction engine, used under a lock: ML.NET's engine is not thread-safe).</summary>
    public double[] Probabilities(float[] features)
    {
        float[] score;
        lock (_engineLock)
        {
            _engine ??= _context.Model.CreatePredictionEngine<FeatureRow, ScoreRow>(_model, inputSchemaDefinition: _schema);
            score = _engine.Predict(new FeatureRow { Features = features }).Score;
        }
        return ToProbabilities(score);
    }

    /// <summary>The softmax scores, reordered from key slots to ascending segments and renormalised in double precision to sum to 1.</summary>
    private double[] ToProbabilities(float[] score)
    {
        var result = new double[Segments.Length];
        var sum = 0.0;
        for (var slot = 0; slot < score.Length; slot++)
        {
            result[_slotToSegmentIndex[slot]] = score[slot];
            sum += score[slot];
        }
        if (sum > 0 && double.IsFinite(sum))
        {
            for (var s = 0; s < result.Length; s++)
            {
                result[s] /= sum;
            }
        }
        return result;
    }

    /// <summary>Writes the ML.NET model (its own zip format) to <paramref name="stream"/>.</summary>
    public void Save(Stream stream)
    {
        var schema = _context.Data.LoadFromEnumerable(Array.Empty<FeatureRow>(), _schema).Schema;
        _context.Model.Save(_model, schema, stream);
    }

    /// <summary>
    /// Reads a model written by <see cref="Save"/> (from a seekable stream) whose slots are
    /// <paramref name="slotSegments"/>.
    /// </summary>
    /// <exception cref="FormatException">The model does not take <paramref name="featureCount"/> features or does not score that many segments.</exception>
    public static MlMulticlassModel Load(Stream stream, int featureCount, int[] slotSegments, int seed)
    {
        var context = new MLContext(seed);
        // Loading finds components in the registered assemblies; LightGbm's may not be loaded yet in this process.
        context.ComponentCatalog.RegisterAssembly(typeof(LightGbmMulticlassTrainer).Assembly);
        var model = context.Model.Load(stream, out var inputSchema);
        var features = inputSchema.GetColumnOrNull(FeaturesColumn);
        if (features is null || features.Value.Type is not VectorDataViewType input
            || input.Size != featureCount || input.ItemType != NumberDataViewType.Single)
        {
            throw new FormatException(
                $"The classifier's ML.NET model does not take a vector of {featureCount} features; the file is damaged or from another model.");
        }
        var score = model.GetOutputSchema(inputSchema).GetColumnOrNull(ScoreColumn);
        if (score is null || score.Value.Type is not VectorDataViewType output || output.Size != slotSegments.Length)
        {
            throw new FormatException(
                $"The classifier's ML.NET model does not score {slotSegments.Length} segments; the file is damaged or from another model.");
        }
        return new MlMulticlassModel(context, model, featureCount, slotSegments);
    }

    private static SchemaDefinition FeatureSchema(int featureCount)
    {
        var schema = SchemaDefinition.Create(typeof(FeatureRow));
        schema[nameof(FeatureRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, featureCount);
        return schema;
    }

    private static SchemaDefinition TrainingSchema(int featureCount)
    {
        var schema = SchemaDefinition.Create(typeof(TrainingRow));
        schema[nameof(TrainingRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, featureCount);
        return schema;
    }

    private static IEnumerable<TrainingRow> TrainingRows(float[][] features, int[] segments)
    {
        for (var i = 0; i < features.Length; i++)
        {
            yield return new TrainingRow { Features = features[i], Segment = segments[i] };
        }
    }

    private static IEnumerable<FeatureRow> FeatureRows(float[][] features)
    {
        foreach (var row in features)
        {
            yield return new FeatureRow { Features = row };
        }
    }

    /// <summary>ML.NET's training row: the features and the segment id (mapped to a key before training).</summary>
    internal sealed class TrainingRow
    {
        public float[] Features { get; set; } = [];

        public int Segment { get; set; }
    }

    /// <summary>ML.NET's input row for scoring.</summary>
    internal sealed class FeatureRow
    {
        public float[] Features { get; set; } = [];
    }

    /// <summary>ML.NET's output row: one probability per score slot.</summary>
    internal sealed class ScoreRow
    {
        public float[] Score { get; set; } = [];
    }
}
