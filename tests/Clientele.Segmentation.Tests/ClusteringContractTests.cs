using Clientele.Core;
using Clientele.Tests;

namespace Clientele.Segmentation.Tests;

/// <summary>
/// One contract every clusterer keeps, run against each of them: known answers on well-separated blobs, determinism,
/// JSON round trips, predictions, and clear errors on bad input.
/// </summary>
public sealed class ClusteringContractTests
{
    /// <summary>The clusterers under test, by name, each asked for <c>k</c> clusters (DBSCAN: ε = 2, 5 points; k is not its setting).</summary>
    private static IClusterer CreateSut(string method, int k) => method switch
    {
        "kmeans-lloyd" => new KMeansFitter(new KMeansOptions { NumberOfClusters = k, NumberOfRestarts = 3, Algorithm = KMeansAlgorithm.Lloyd }),
        "kmeans-hamerly" => new KMeansFitter(new KMeansOptions { NumberOfClusters = k, NumberOfRestarts = 3, Algorithm = KMeansAlgorithm.Hamerly }),
        "hierarchical-ward" => new HierarchicalFitter(new HierarchicalOptions { NumberOfClusters = k }),
        "hierarchical-average" => new HierarchicalFitter(new HierarchicalOptions { NumberOfClusters = k, Linkage = Linkage.Average }),
        "hierarchical-complete" => new HierarchicalFitter(new HierarchicalOptions { NumberOfClusters = k, Linkage = Linkage.Complete }),
        "hierarchical-single" => new HierarchicalFitter(new HierarchicalOptions { NumberOfClusters = k, Linkage = Linkage.Single }),
        "hierarchical-ward-sampled" => new HierarchicalFitter(new HierarchicalOptions { NumberOfClusters = k, SampleLimit = 150 }),
        "dbscan" => new DbscanFitter(new DbscanOptions { Epsilon = 2.0, MinimumPoints = 5 }),
        "gmm-full" => new GaussianMixtureFitter(new GaussianMixtureOptions { NumberOfComponents = k }),
        "gmm-diagonal" => new GaussianMixtureFitter(new GaussianMixtureOptions { NumberOfComponents = k, Covariance = CovarianceType.Diagonal }),
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, null),
    };

    private static readonly string[] AllMethods =
    [
        "kmeans-lloyd", "kmeans-hamerly", "hierarchical-ward", "hierarchical-average", "hierarchical-complete",
        "hierarchical-single", "hierarchical-ward-sampled", "dbscan", "gmm-full", "gmm-diagonal",
    ];

    public static TheoryData<string> Methods => [.. AllMethods];

    /// <summary>The methods that take a number of clusters.</summary>
    public static TheoryData<string> MethodsWithK => [.. AllMethods.Where(m => m != "dbscan")];

    /// <summary>Four 3-D blobs, centres 20 apart, standard deviation 1, 100 rows each (interleaved).</summary>
    private static (FeatureMatrix Data, int[] Truth) WellSeparatedBlobs() =>
        Blobs.Generate([[0, 0, 0], [20, 0, 0], [0, 20, 0], [0, 0, 20]], perBlob: 100, spread: 1.0, seed: 21);

    [Theory]
    [MemberData(nameof(Methods))]
    public void Fit_WellSeparatedBlobs_AdjustedRandIndexAtLeast099(string method)
    {
        var (data, truth) = WellSeparatedBlobs();

        var model = CreateSut(method, 4).Fit(data);

        var ari = ClusterAgreement.AdjustedRandIndex(truth, model.Labels);
        Assert.True(ari >= 0.99, $"{method}: ARI {ari}");
        Assert.Equal(4, model.NumberOfClusters);
        Assert.Equal(data.Rows, model.Labels.Count);
        Assert.Equal(3, model.Dimensions);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Fit_SameInputTwice_SameLabels(string method)
    {
        var (data, _) = Blobs.Generate(Blobs.FourCorners, perBlob: 60, spread: 4.0, seed: 22);

        var first = CreateSut(method, 3).Fit(data);
        var second = CreateSut(method, 3).Fit(data);

        Assert.Equal(first.Labels, second.Labels);
        Assert.Equal(first.Save(), second.Save());
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Save_LoadBack_SameModelAndPredictions(string method)
    {
        var (data, _) = WellSeparatedBlobs();
        var model = CreateSut(method, 4).Fit(data);
        var (probes, _) = Blobs.Generate([[5, 5, 5], [15, 0, 2]], perBlob: 50, spread: 6.0, seed: 23);

        var saved = model.Save();
        var read = ClusteringModel.Load(saved);

        Assert.IsType(model.GetType(), read);
        Assert.Equal(model.Method, read.Method);
        Assert.Equal(model.NumberOfClusters, read.NumberOfClusters);
        Assert.Equal(model.Dimensions, read.Dimensions);
        Assert.Equal(model.Labels, read.Labels);
        Assert.Equal(model.Predict(probes), read.Predict(probes));
        Assert.Equal(saved, read.Save());
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Predict_Matrix_EqualsPointByPoint(string method)
    {
        var (data, _) = Blobs.Generate(Blobs.FourCorners, perBlob: 60, spread: 4.0, seed: 24);
        var model = CreateSut(method, 4).Fit(data);
        var (probes, _) = Blobs.Generate([[10, 10]], perBlob: 300, spread: 12.0, seed: 25);

        var batch = model.Predict(probes);

        Assert.Equal(Enumerable.Range(0, probes.Rows).Select(i => model.Predict(probes.Row(i))), batch);
        Assert.All(batch, label => Assert.InRange(label, -1, model.NumberOfClusters - 1));
        Assert.Throws<ArgumentException>(() => model.Predict([1.0, 2.0, 3.0]));
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Predict_NaNOrInfinity_Throws(string method)
    {
        var (data, _) = WellSeparatedBlobs();
        var model = CreateSut(method, 4).Fit(data);

        Assert.Throws<ArgumentException>(() => model.Predict([double.NaN, 0.0, 0.0]));
        Assert.Throws<ArgumentException>(() => model.Predict([0.0, double.PositiveInfinity, 0.0]));
        var exception = Assert.Throws<ArgumentException>(() => model.Predict(new FeatureMatrix([0.0, 0, 0, 1, double.NaN, 1], 2, 3)));
        Assert.Contains("Row 1, column 'x1'", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Fit_NaNOrInfinity_ThrowsNamingRowAndColumn(string method)
    {
        foreach (var bad in new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity })
        {
            var values = Enumerable.Range(0, 20).Select(i => (double)i).ToArray();
            values[13] = bad;
            var data = new FeatureMatrix(values, 10, 2);

            var exception = Assert.Throws<ArgumentException>(() => CreateSut(method, 2).Fit(data));

            Assert.Contains("Row 6, column 'x1'", exception.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Fit_SingleRow_ThrowsSayingTwoRowsAreNeeded(string method)
    {
        var exception = Assert.Throws<ArgumentException>(() => CreateSut(method, 1).Fit(new FeatureMatrix([1.0, 2.0], 1, 2)));

        Assert.Contains("at least 2 rows", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(MethodsWithK))]
    public void Fit_MoreClustersThanRows_ThrowsSayingSo(string method)
    {
        var data = new FeatureMatrix([1.0, 2.0, 3.0, 4.0, 5.0, 7.0], 3, 2);

        var exception = Assert.Throws<ArgumentException>(() => CreateSut(method, 4).Fit(data));

        Assert.Contains("4 clusters needs at least 4 rows", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(MethodsWithK))]
    public void Fit_KBelowOne_Throws(string method)
    {
        var (data, _) = WellSeparatedBlobs();

        Assert.Throws<ArgumentException>(() => CreateSut(method, 0).Fit(data));
        Assert.Throws<ArgumentException>(() => CreateSut(method, -3).Fit(data));
    }

    [Theory]
    [MemberData(nameof(MethodsWithK))]
    public void Fit_EveryFeatureConstant_ThrowsSayingThereIsNothingToSplit(string method)
    {
        var data = new FeatureMatrix(Enumerable.Repeat(3.5, 40).ToArray(), 20, 2);

        var exception = Assert.Throws<ArgumentException>(() => CreateSut(method, 2).Fit(data));

        Assert.Contains("Every feature is constant", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_DbscanOnIdenticalRows_OneCluster()
    {
        // DBSCAN takes no k: identical rows are one dense cluster, not an error.
        var data = new FeatureMatrix(Enumerable.Repeat(3.5, 40).ToArray(), 20, 2);

        var model = CreateSut("dbscan", 0).Fit(data);

        Assert.Equal(1, model.NumberOfClusters);
        Assert.All(model.Labels, label => Assert.Equal(0, label));
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Fit_OneConstantFeatureAmongOthers_StillRecoversBlobs(string method)
    {
        // A constant column carries no information but is not an error: the blobs must still be found, with finite results.
        var (blobs, truth) = WellSeparatedBlobs();
        var values = new double[blobs.Rows * 4];
        for (var i = 0; i < blobs.Rows; i++)
        {
            blobs.Row(i).CopyTo(values.AsSpan(i * 4, 3));
            values[(i * 4) + 3] = 7.0;
        }
        var data = new FeatureMatrix(values, blobs.Rows, 4);

        var model = CreateSut(method, 4).Fit(data);

        Assert.True(ClusterAgreement.AdjustedRandIndex(truth, model.Labels) >= 0.99);
        Assert.DoesNotContain("NaN", System.Text.Encoding.UTF8.GetString(model.Save()), StringComparison.Ordinal);
    }
}
