namespace Clientele.Segmentation.Tests;

public sealed class MiniBatchKMeansTests
{
    [Fact]
    public void Fit_ManyRowsOfWellSeparatedBlobs_RecoversBlobsWithNearlyFullKMeansInertia()
    {
        // 30,000 rows, batches of 512: the mini-batch centres converge to the blob means; the inertia is within 1% of
        // full k-means on the same data (the centres differ by the sampling noise of the batches).
        var (data, truth) = Blobs.Generate([[0, 0, 0], [10, 0, 0], [0, 10, 0], [0, 0, 10], [10, 10, 10]], perBlob: 6000, spread: 1.0, seed: 61);

        var model = new MiniBatchKMeansFitter(new MiniBatchKMeansOptions { NumberOfClusters = 5, BatchSize = 512 }).Fit(data);
        var full = new KMeansFitter(new KMeansOptions { NumberOfClusters = 5, NumberOfRestarts = 1 }).Fit(data);

        Assert.True(ClusterAgreement.AdjustedRandIndex(truth, model.Labels) >= 0.99);
        Assert.InRange(model.Inertia, full.Inertia, full.Inertia * 1.01);
        Assert.Equal(KMeansModel.MiniBatchMethodName, model.Method);
        Assert.True(model.Iterations < 100 * 30_000 / 512, "the early stop should end the fit well before the step limit");
    }

    [Fact]
    public void Fit_Result_LabelsAreNearestCentresAndInertiaMatchesThem()
    {
        var (data, _) = Blobs.Generate(Blobs.FourCorners, perBlob: 1000, spread: 5.0, seed: 62);

        var model = new MiniBatchKMeansFitter(new MiniBatchKMeansOptions { NumberOfClusters = 6, BatchSize = 256, Seed = 3 }).Fit(data);

        Assert.Equal(model.Labels, model.Predict(data));
        var expected = Blobs.RecomputedInertia(data, model);
        Assert.Equal(expected, model.Inertia, expected * 1e-12);
    }

    [Fact]
    public void Fit_SameSeed_SameModel_DifferentSeed_DifferentCentres()
    {
        var (data, _) = Blobs.Generate(Blobs.FourCorners, perBlob: 500, spread: 6.0, seed: 63);
        var options = new MiniBatchKMeansOptions { NumberOfClusters = 5, BatchSize = 128, Seed = 11 };

        var first = new MiniBatchKMeansFitter(options).Fit(data);
        var second = new MiniBatchKMeansFitter(options).Fit(data);
        var other = new MiniBatchKMeansFitter(options with { Seed = 12 }).Fit(data);

        Assert.Equal(first.CentroidsRowMajor(), second.CentroidsRowMajor());
        Assert.Equal(first.Labels, second.Labels);
        Assert.NotEqual(first.CentroidsRowMajor(), other.CentroidsRowMajor());
    }

    [Fact]
    public void Fit_BatchLargerThanData_StillConverges()
    {
        var (data, truth) = Blobs.Generate(Blobs.FourCorners, perBlob: 20, spread: 1.0, seed: 64);

        var model = new MiniBatchKMeansFitter(new MiniBatchKMeansOptions { NumberOfClusters = 4, BatchSize = 1024 }).Fit(data);

        Assert.True(ClusterAgreement.AdjustedRandIndex(truth, model.Labels) >= 0.99);
    }

    [Theory]
    [InlineData(0, 1024, 100, 10, 3, "NumberOfClusters")]
    [InlineData(2, 0, 100, 10, 3, "BatchSize")]
    [InlineData(2, 1024, 0, 10, 3, "MaximumNumberOfIterations")]
    [InlineData(2, 1024, 100, 0, 3, "MaximumNoImprovement")]
    [InlineData(2, 1024, 100, 10, 0, "NumberOfInitialisations")]
    public void Validate_OutOfRangeSetting_ThrowsNamingIt(int k, int batch, int iterations, int noImprovement, int initialisations, string name)
    {
        var options = new MiniBatchKMeansOptions
        {
            NumberOfClusters = k,
            BatchSize = batch,
            MaximumNumberOfIterations = iterations,
            MaximumNoImprovement = noImprovement,
            NumberOfInitialisations = initialisations,
        };

        var exception = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Equal(name, exception.ParamName);
    }
}
