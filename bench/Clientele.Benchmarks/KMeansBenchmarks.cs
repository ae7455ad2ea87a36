using BenchmarkDotNet.Attributes;
using Clientele.Core;
using Clientele.Segmentation;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace Clientele.Benchmarks;

/// <summary>
/// One k-means fit — one k-means++ seeding, then Lloyd iterations up to a fixed cap with the tolerance at zero — on
/// seeded gaussian blobs: Clientele's <see cref="KMeansFitter"/> (doubles) against ML.NET's <see cref="KMeansTrainer"/>
/// (floats), the baseline. Both use every core.
/// </summary>
[MemoryDiagnoser]
[ShortJob]
public class KMeansBenchmarks
{
    public const int Dimensions = 8;
    public const int Clusters = 8;
    public const int Iterations = 20;
    public const int Seed = 42;

    private FeatureMatrix _data = null!;
    private KMeansFitter _fitter = null!;
    private IDataView _view = null!;
    private KMeansTrainer _trainer = null!;

    [Params(100_000, 1_000_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _data = Blobs.Generate(Rows, Dimensions, Clusters, Seed);
        _fitter = ClienteleFitter();
        (var context, _view) = MlNetData(_data);
        _trainer = MlNetTrainer(context);
    }

    [Benchmark(Baseline = true, Description = "ML.NET KMeansTrainer")]
    public object MlNet() => _trainer.Fit(_view);

    [Benchmark(Description = "Clientele KMeansFitter")]
    public KMeansModel Clientele() => _fitter.Fit(_data);

    /// <summary>k = 8, one restart, at most <see cref="Iterations"/> Lloyd iterations, no tolerance.</summary>
    internal static KMeansFitter ClienteleFitter() => new(new KMeansOptions
    {
        NumberOfClusters = Clusters,
        NumberOfRestarts = 1,
        MaximumNumberOfIterations = Iterations,
        OptimizationTolerance = 0,
        Seed = Seed,
    });

    /// <summary>
    /// The same settings for ML.NET: k-means++ (not its default k-means||), the same cap, and the smallest tolerance
    /// (it must be positive), so that it too runs to the cap unless it converges.
    /// </summary>
    internal static KMeansTrainer MlNetTrainer(MLContext context) => context.Clustering.Trainers.KMeans(new KMeansTrainer.Options
    {
        FeatureColumnName = nameof(Point.Features),
        NumberOfClusters = Clusters,
        MaximumNumberOfIterations = Iterations,
        InitializationAlgorithm = KMeansTrainer.InitializationAlgorithm.KMeansPlusPlus,
        OptimizationTolerance = float.Epsilon,
    });

    /// <summary>
    /// The data as ML.NET's best in-memory input: a float vector column, cached (and the cache filled) here so that
    /// the measured fit does not convert objects.
    /// </summary>
    internal static (MLContext Context, IDataView View) MlNetData(FeatureMatrix data)
    {
        var points = new Point[data.Rows];
        for (var row = 0; row < data.Rows; row++)
        {
            var features = new float[data.Columns];
            var source = data.Row(row);
            for (var column = 0; column < data.Columns; column++)
            {
                features[column] = (float)source[column];
            }
            points[row] = new Point { Features = features };
        }
        var context = new MLContext(seed: Seed);
        var schema = SchemaDefinition.Create(typeof(Point));
        schema[nameof(Point.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, data.Columns);
        var view = context.Data.Cache(context.Data.LoadFromEnumerable(points, schema));
        using (var cursor = view.GetRowCursor(view.Schema))
        {
            while (cursor.MoveNext())
            {
                // Fills the cache.
            }
        }
        return (context, view);
    }

    /// <summary>One row of ML.NET's input.</summary>
    public sealed class Point
    {
        public float[] Features { get; set; } = [];
    }
}
