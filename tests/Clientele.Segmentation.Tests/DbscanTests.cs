using Clientele.Core;
using Clientele.Tests;

namespace Clientele.Segmentation.Tests;

public sealed class DbscanTests
{
    public static TheoryData<string> ReferenceCases => ["twoDimensions", "sixDimensions", "moons"];

    private static (FeatureMatrix Data, DbscanOptions Options) ReferenceCase(string name, DbscanIndex index = DbscanIndex.Automatic)
    {
        var reference = Reference.Get("dbscan", name);
        var options = new DbscanOptions
        {
            Epsilon = reference.GetProperty("epsilon").GetDouble(),
            MinimumPoints = reference.GetProperty("minimumPoints").GetInt32(),
            Index = index,
        };
        return (Reference.Matrix(reference.GetProperty("x")), options);
    }

    [Theory]
    [MemberData(nameof(ReferenceCases))]
    public void Fit_ReferenceData_SameLabelsAndCoreSamplesAsScikitLearn(string name)
    {
        // Reference: sklearn.cluster.DBSCAN(eps, min_samples).fit(X) (scikit-learn 1.2.1) on the data of
        // Data/reference.json "dbscan"/name (Data/make_reference.py): blobs with uniform noise in 2-D (grid index;
        // 4 border points within ε of two clusters' core points), in 6-D (k-d tree), and two moons with noise.
        // Cluster ids are numbered in order of first core point as scikit-learn numbers them, so the labels are
        // equal as they stand, not only up to renumbering.
        var (data, options) = ReferenceCase(name);
        var reference = Reference.Get("dbscan", name);

        var model = new DbscanFitter(options).Fit(data);

        Assert.Equal(Reference.Ints(reference.GetProperty("labels")), model.Labels);
        Assert.Equal(Reference.Ints(reference.GetProperty("coreSampleIndices")), model.CoreSampleIndices);
        Assert.Equal(Reference.Ints(reference.GetProperty("labels")).Max() + 1, model.NumberOfClusters);
    }

    [Theory]
    [InlineData("twoDimensions", DbscanIndex.Grid)]
    [InlineData("twoDimensions", DbscanIndex.KdTree)]
    [InlineData("twoDimensions", DbscanIndex.BruteForce)]
    [InlineData("sixDimensions", DbscanIndex.KdTree)]
    [InlineData("sixDimensions", DbscanIndex.BruteForce)]
    public void Fit_AnyIndex_SameLabels(string name, DbscanIndex index)
    {
        var (data, options) = ReferenceCase(name, index);

        var model = new DbscanFitter(options).Fit(data);

        Assert.Equal(Reference.Ints(Reference.Get("dbscan", name, "labels")), model.Labels);
    }

    [Fact]
    public void Fit_GridIndexAboveFourDimensions_ThrowsSayingSo()
    {
        var (data, options) = ReferenceCase("sixDimensions", DbscanIndex.Grid);

        var exception = Assert.Throws<ArgumentException>(() => new DbscanFitter(options).Fit(data));
        Assert.Contains("at most 4 dimensions", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_TwoMoonsWithUniformNoise_FindsTheMoonsAndMarksNoise()
    {
        // 400 points of sklearn.datasets.make_moons(noise=0.05) and 40 uniform points over the box around them
        // (Data/reference.json "dbscan"/"moons"; truth −1 for the uniform points).
        var (data, options) = ReferenceCase("moons");
        var truth = Reference.Ints(Reference.Get("dbscan", "moons", "truth"));

        var model = new DbscanFitter(options).Fit(data);

        Assert.Equal(2, model.NumberOfClusters);
        var moonRows = Enumerable.Range(0, 400).ToArray();
        Assert.True(ClusterAgreement.AdjustedRandIndex(moonRows.Select(i => truth[i]).ToArray(), moonRows.Select(i => model.Labels[i]).ToArray()) >= 0.99);
        // Every uniform point farther than 2ε from all moon points is noise; most uniform points are.
        var noiseRows = Enumerable.Range(400, 40).ToArray();
        foreach (var i in noiseRows)
        {
            var nearestMoon = moonRows.Min(j => Math.Sqrt(Math.Pow(data[i, 0] - data[j, 0], 2) + Math.Pow(data[i, 1] - data[j, 1], 2)));
            if (nearestMoon > 2 * options.Epsilon)
            {
                Assert.Equal(-1, model.Labels[i]);
            }
        }
        Assert.True(noiseRows.Count(i => model.Labels[i] == -1) >= 30);
        Assert.Equal(model.Labels.Count(label => label == -1), model.NoiseCount);
    }

    /// <summary>
    /// Two groups on a line with one point between them that reaches core points of both. Rows in this order:
    /// 0.5 (the contested point), 1.0, 0.94, 0.88, 0.82, 0.76, 0.69, then 0, 0.06, 0.12, 0.18, 0.24, 0.31; ε = 0.28,
    /// 6 points. By hand: 0 and 1.0 have 5 neighbours (themselves included), so they are border points; 0.5 has 5
    /// (0.24, 0.31, itself, 0.69, 0.76); every other point has at least 6 and is a core point. The first core row is
    /// row 2 (0.94), so the right group is cluster 0 and the left group cluster 1; scikit-learn's expansion of cluster 0
    /// reaches 0.5 first, so 0.5 is labelled 0.
    /// </summary>
    private static FeatureMatrix ContestedLine => new([0.5, 1.0, 0.94, 0.88, 0.82, 0.76, 0.69, 0, 0.06, 0.12, 0.18, 0.24, 0.31], 13, 1);

    [Fact]
    public void Fit_BorderPointReachedByTwoClusters_TakesTheFirstClusterAsScikitLearn()
    {
        var model = new DbscanFitter(new DbscanOptions { Epsilon = 0.28, MinimumPoints = 6 }).Fit(ContestedLine);

        Assert.Equal([0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1], model.Labels);
        Assert.Equal([2, 3, 4, 5, 6, 8, 9, 10, 11, 12], model.CoreSampleIndices);
    }

    [Fact]
    public void Predict_NewPoints_LowestClusterOfCorePointsWithinEpsilonElseNoise()
    {
        var model = new DbscanFitter(new DbscanOptions { Epsilon = 0.28, MinimumPoints = 6 }).Fit(ContestedLine);

        Assert.Equal(0, model.Predict([0.5]));    // core points of both clusters within ε: the lower id
        Assert.Equal(1, model.Predict([-0.15]));  // 0.06 (0.21 away) is a core point of cluster 1; 0 is only a border point
        Assert.Equal(-1, model.Predict([-0.25])); // nearest core point 0.06 is 0.31 away
        Assert.Equal(0, model.Predict([1.2]));    // 0.94 is 0.26 away
        Assert.Equal(-1, model.Predict([1.3]));
    }

    [Theory]
    [MemberData(nameof(ReferenceCases))]
    public void Predict_TrainingRows_GivesTrainingLabels(string name)
    {
        var (data, options) = ReferenceCase(name);

        var model = new DbscanFitter(options).Fit(data);

        Assert.Equal(model.Labels, model.Predict(data));
    }

    [Fact]
    public void Fit_AllNoise_NoClustersAndEveryLabelMinusOne()
    {
        var data = new FeatureMatrix([0.0, 10, 20, 30, 40], 5, 1);

        var model = new DbscanFitter(new DbscanOptions { Epsilon = 1, MinimumPoints = 2 }).Fit(data);

        Assert.Equal(0, model.NumberOfClusters);
        Assert.All(model.Labels, label => Assert.Equal(-1, label));
        Assert.Equal(-1, model.Predict([10.5]));
        Assert.Equal(model.Labels, ((DbscanModel)ClusteringModel.Load(model.Save())).Labels);
    }

    [Fact]
    public void Fit_ManyRowsAcrossBlocks_GridAndKdTreeAgreeWithBruteForce()
    {
        // 9,000 rows (three parallel blocks): the union–find runs concurrently; the labels must not depend on it.
        var (data, _) = Blobs.Generate([[0, 0], [3, 0], [1.5, 2.5]], perBlob: 3000, spread: 0.8, seed: 41);
        var options = new DbscanOptions { Epsilon = 0.12, MinimumPoints = 8 };

        var grid = new DbscanFitter(options).Fit(data);
        var tree = new DbscanFitter(options with { Index = DbscanIndex.KdTree }).Fit(data);
        var brute = new DbscanFitter(options with { Index = DbscanIndex.BruteForce }).Fit(data);

        Assert.Equal(brute.Labels, grid.Labels);
        Assert.Equal(brute.Labels, tree.Labels);
        Assert.True(grid.NumberOfClusters >= 1);
    }

    [Theory]
    [InlineData(0.0, 5)]
    [InlineData(-1.0, 5)]
    [InlineData(double.NaN, 5)]
    [InlineData(double.PositiveInfinity, 5)]
    [InlineData(1.0, 0)]
    public void Validate_OutOfRangeSetting_Throws(double epsilon, int minimumPoints)
    {
        var options = new DbscanOptions { Epsilon = epsilon, MinimumPoints = minimumPoints };

        Assert.Throws<ArgumentException>(options.Validate);
    }

    [Fact]
    public void KDistances_PointsOnALine_ByHand()
    {
        // Points 0, 1, 2, 3, 10: each one's nearest other point is 1 away, except 10 (7 away).
        var data = new FeatureMatrix([0.0, 1, 2, 3, 10], 5, 1);

        Assert.Equal([1.0, 1, 1, 1, 7], DbscanEpsilon.KDistances(data, 1));
        // Second nearest: 0 → 2, 1 → 1, 2 → 1, 3 → 2, 10 → 8.
        Assert.Equal([1.0, 1, 2, 2, 8], DbscanEpsilon.KDistances(data, 2));
    }

    [Fact]
    public void Suggest_PointsOnALine_KneeOfTheCurveByHand()
    {
        // k = 1 curve [1, 1, 1, 1, 7]; scaled: x = 0, .25, .5, .75, 1 and y = 0, 0, 0, 0, 1; the chord is y = x, the
        // point farthest below it is x = .75, where the k-distance is 1.
        var data = new FeatureMatrix([0.0, 1, 2, 3, 10], 5, 1);

        Assert.Equal(1.0, DbscanEpsilon.Suggest(data, 1));
    }

    [Fact]
    public void Suggest_BlobsWithNoise_EpsilonThatFindsTheBlobs()
    {
        var (blobs, truth) = Blobs.Generate([[0, 0], [10, 0], [5, 8]], perBlob: 300, spread: 0.7, seed: 42);
        var random = new Random(43);
        var values = blobs.Values.ToArray().Concat(Enumerable.Range(0, 60).Select(_ => (random.NextDouble() * 24) - 7)).ToArray();
        var data = new FeatureMatrix(values, blobs.Rows + 30, 2);

        var epsilon = DbscanEpsilon.Suggest(data, 4);
        var model = new DbscanFitter(new DbscanOptions { Epsilon = epsilon, MinimumPoints = 5 }).Fit(data);

        Assert.InRange(epsilon, 0.1, 2.0);
        Assert.Equal(3, model.NumberOfClusters);
        Assert.True(ClusterAgreement.AdjustedRandIndex(truth, model.Labels.Take(blobs.Rows).ToArray()) >= 0.95);
    }

    [Fact]
    public void KDistances_InvalidK_Throws()
    {
        var data = new FeatureMatrix([0.0, 1, 2], 3, 1);

        Assert.Throws<ArgumentException>(() => DbscanEpsilon.KDistances(data, 0));
        Assert.Throws<ArgumentException>(() => DbscanEpsilon.KDistances(data, 3));
        Assert.Throws<ArgumentException>(() => DbscanEpsilon.Suggest(new FeatureMatrix([1.0, 1, 1, 1], 4, 1), 2));
    }
}
