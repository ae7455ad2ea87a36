using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.LightGbm;

namespace Clientele.Value.Classification;

/// <summary>
/// An ML.NET binary classifier on a fixed-length vector of single-precision features, trained in a seeded
/// <see cref="MLContext"/>: the one place the churn and value-class models touch ML.NET. It predicts the calibrated
/// probability of the positive class (Platt scaling on the training data for LightGbm; logistic regression is
/// calibrated by construction).
/// </summary>
internal sealed class MlBinaryClassifier
{
    private const string FeaturesColumn = "Features";
    private const string LabelColumn = "Label";
    private const string ProbabilityColumn = "Probability";

    private readonly MLContext _context;
    private readonly ITransformer _model;
    private readonly SchemaDefinition _schema;
    private readonly Lock _engineLock = new();
    private PredictionEngine<FeatureRow, ScoreRow>? _engine;

    private MlBinaryClassifier(MLContext context, ITransformer model, int featureCount)
    {
        _context = context;
        _model = model;
        FeatureCount = featureCount;
        _schema = Schema(featureCount);
    }

    public int FeatureCount { get; }

    /// <summary>LightGbm gradient-boosted trees with LightGBM's deterministic mode (same data and seed → same trees on any number of threads).</summary>
    public static MlBinaryClassifier TrainLightGbm(int seed, float[][] features, bool[] labels, int numberOfLeaves, int numberOfIterations, double learningRate, int minimumExampleCountPerLeaf)
        => Train(seed, features, labels, context => context.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
        {
            LabelColumnName = LabelColumn,
            FeatureColumnName = FeaturesColumn,
            NumberOfLeaves = numberOfLeaves,
            NumberOfIterations = numberOfIterations,
            LearningRate = learningRate,
            MinimumExampleCountPerLeaf = minimumExampleCountPerLeaf,
            // One thread, as the segment classifier's fits: LightGBM sets OpenMP's thread count for the whole process,
            // so a fit on many threads beside a one-thread fit (two commands in one process: the tests, a service)
            // overruns its per-thread buffers and crashes (SIGSEGV in SparseBin::Push). Deterministic mode makes the
            // trees the same on any thread count.
            NumberOfThreads = 1,
            Seed = seed,
            Deterministic = true,
            ForceColumnWise = true,
            Silent = true,
            Verbose = false,
        }));

    /// <summary>L2-regularised logistic regression (L-BFGS) on features standardised to mean 0 and variance 1.</summary>
    public static MlBinaryClassifier TrainLogisticRegression(int seed, float[][] features, bool[] labels, float l2Regularization)
        => Train(seed, features, labels, context => context.Transforms.NormalizeMeanVariance(FeaturesColumn)
            .Append(context.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
            {
                LabelColumnName = LabelColumn,
                FeatureColumnName = FeaturesColumn,
                L2Regularization = l2Regularization,
                L1Regularization = 0,
                NumberOfThreads = 1,
            })));

    private static MlBinaryClassifier Train(int seed, float[][] features, bool[] labels, Func<MLContext, IEstimator<ITransformer>> estimator)
    {
        var featureCount = features[0].Length;
        var context = new MLContext(seed);
        var data = context.Data.LoadFromEnumerable(Rows(features, labels), Schema(featureCount));
        var model = estimator(context).Fit(data);
        return new MlBinaryClassifier(context, model, featureCount);
    }

    /// <summary>The probability of the positive class for each row.</summary>
    public double[] Predict(float[][] features)
    {
        var data = _context.Data.LoadFromEnumerable(Rows(features, null), _schema);
        var scored = _model.Transform(data);
        var result = new double[features.Length];
        var i = 0;
        foreach (var p in scored.GetColumn<float>(ProbabilityColumn))
        {
            result[i++] = p;
        }
        return result;
    }

    /// <summary>The probability of the positive class for one row (a cached prediction engine, used under a lock: ML.NET's engine is not thread-safe).</summary>
    public double Predict(float[] features)
    {
        lock (_engineLock)
        {
            _engine ??= _context.Model.CreatePredictionEngine<FeatureRow, ScoreRow>(_model, inputSchemaDefinition: _schema);
            return _engine.Predict(new FeatureRow { Features = features }).Probability;
        }
    }

    /// <summary>Writes the ML.NET model (a zip) to <paramref name="stream"/>.</summary>
    public void Save(Stream stream)
    {
        var schema = _context.Data.LoadFromEnumerable(Array.Empty<FeatureRow>(), _schema).Schema;
        _context.Model.Save(_model, schema, stream);
    }

    /// <summary>Reads a model written by <see cref="Save"/>.</summary>
    public static MlBinaryClassifier Load(Stream stream, int featureCount, int seed)
    {
        var context = new MLContext(seed);
        // Model loading finds components in the registered assemblies; LightGbm's may not be loaded yet in this process.
        context.ComponentCatalog.RegisterAssembly(typeof(LightGbmBinaryModelParameters).Assembly);
        var model = context.Model.Load(stream, out var schema);
        var column = schema.GetColumnOrNull(FeaturesColumn);
        if (column is null || column.Value.Type is not VectorDataViewType vector || vector.Size != featureCount)
        {
            throw new ValueModelException($"The model's ML.NET part does not take a vector of {featureCount} features; the file is damaged or from another model.");
        }
        return new MlBinaryClassifier(context, model, featureCount);
    }

    private static SchemaDefinition Schema(int featureCount)
    {
        var schema = SchemaDefinition.Create(typeof(FeatureRow));
        schema[nameof(FeatureRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, featureCount);
        return schema;
    }

    private static IEnumerable<FeatureRow> Rows(float[][] features, bool[]? labels)
    {
        for (var i = 0; i < features.Length; i++)
        {
            yield return new FeatureRow { Features = features[i], Label = labels is not null && labels[i] };
        }
    }

    /// <summary>ML.NET's input row.</summary>
    internal sealed class FeatureRow
    {
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }

    /// <summary>ML.NET's output row: the calibrated probability.</summary>
    internal sealed class ScoreRow
    {
        public float Probability { get; set; }
    }
}
