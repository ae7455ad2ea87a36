namespace Clientele.Segmentation.Tests;

public sealed class ClusteringModelJsonTests
{
    private static KMeansModel CreateSut() =>
        new KMeansFitter(new KMeansOptions { NumberOfClusters = 2 }).Fit(new Clientele.Core.FeatureMatrix([1, 2, 10, 11], 4, 1));

    [Fact]
    public void ToJson_KMeans_DocumentsFormatMethodAndParameters()
    {
        var json = CreateSut().ToJson();

        Assert.StartsWith("{\"format\":\"clientele-clustering-model\",\"formatVersion\":1,\"method\":\"kmeans\",\"dimensions\":1,\"numberOfClusters\":2,", json, StringComparison.Ordinal);
        Assert.Contains("\"inertia\":1,", json, StringComparison.Ordinal);
        Assert.Contains("\"centroids\":[[", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_OtherFormatVersion_ThrowsNamingBothVersions()
    {
        var json = CreateSut().ToJson().Replace("\"formatVersion\":1", "\"formatVersion\":2", StringComparison.Ordinal);

        var exception = Assert.Throws<FormatException>(() => ClusteringModelJson.Read(json));

        Assert.Contains("version 2 is not supported", exception.Message, StringComparison.Ordinal);
        Assert.Contains("reads version 1", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{}")]
    [InlineData("[1, 2]")]
    [InlineData("{\"format\":\"clientele-clustering-model\",\"formatVersion\":1,\"method\":\"spectral\",\"dimensions\":1,\"numberOfClusters\":1,\"labels\":[0]}")]
    [InlineData("{\"format\":\"clientele-clustering-model\",\"formatVersion\":1,\"method\":\"kmeans\",\"dimensions\":1,\"numberOfClusters\":1,\"labels\":[3]}")]
    [InlineData("{\"format\":\"clientele-clustering-model\",\"formatVersion\":1,\"method\":\"kmeans\",\"dimensions\":1,\"numberOfClusters\":1,\"labels\":[0]}")]
    public void Read_NotAValidModel_ThrowsFormatException(string json)
    {
        Assert.Throws<FormatException>(() => ClusteringModelJson.Read(json));
    }

    [Fact]
    public void Read_KMeans_PredictsAsTheOriginal()
    {
        var model = CreateSut();

        var read = Assert.IsType<KMeansModel>(ClusteringModelJson.Read(model.ToJson()));

        Assert.Equal(model.CentroidsRowMajor(), read.CentroidsRowMajor());
        Assert.Equal(model.Inertia, read.Inertia);
        Assert.Equal(model.Iterations, read.Iterations);
        Assert.Equal(model.Predict([6.0]), read.Predict([6.0]));
    }
}
