using System.Text;
using Clientele.Core;
using Clientele.Core.Models;

namespace Clientele.Segmentation.Tests;

public sealed class ClusteringModelSaveTests
{
    private static KMeansModel CreateSut() =>
        new KMeansFitter(new KMeansOptions { NumberOfClusters = 2 }).Fit(new FeatureMatrix([1, 2, 10, 11], 4, 1));

    [Fact]
    public void Save_KMeans_DocumentsKindMethodAndParameters()
    {
        var json = Encoding.UTF8.GetString(CreateSut().Save());

        Assert.StartsWith("{\"format\":\"clientele-model\",\"kind\":\"clustering\",\"formatVersion\":1,\"payload\":{\"method\":\"kmeans\",\"dimensions\":1,\"numberOfClusters\":2,", json, StringComparison.Ordinal);
        Assert.Contains("\"inertia\":1,", json, StringComparison.Ordinal);
        Assert.Contains("\"centroids\":[[", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NewerFormatVersion_ThrowsNamingBothVersions()
    {
        var json = Encoding.UTF8.GetString(CreateSut().Save()).Replace("\"formatVersion\":1", "\"formatVersion\":2", StringComparison.Ordinal);

        var exception = Assert.Throws<ClienteleException>(() => ClusteringModel.Load(Encoding.UTF8.GetBytes(json)));

        Assert.Contains("format version 2; this build of Clientele reads versions 1 to 1", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"method\":\"spectral\",\"dimensions\":1,\"numberOfClusters\":1,\"labels\":[0]}", "Unknown clustering method")]
    [InlineData("{\"method\":\"kmeans\",\"dimensions\":1,\"numberOfClusters\":1,\"labels\":[3]}", "Label 3 is outside")]
    [InlineData("{\"method\":\"kmeans\",\"dimensions\":1,\"numberOfClusters\":1,\"labels\":[0]}", "a property is missing")]
    [InlineData("{\"method\":\"kmeans\",\"dimensions\":\"one\",\"numberOfClusters\":1,\"labels\":[0]}", "damaged clustering model")]
    public void Load_DamagedPayload_ThrowsClienteleExceptionSayingWhy(string payload, string reason)
    {
        var bytes = ModelFile.Write(ClusteringModel.ModelKind, ClusteringModel.FormatVersion, Encoding.UTF8.GetBytes(payload));

        var exception = Assert.Throws<ClienteleException>(() => ClusteringModel.Load(bytes));

        Assert.Contains(reason, exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{}")]
    [InlineData("[1, 2]")]
    [InlineData("{\"format\":\"clientele-clustering-model\",\"formatVersion\":1,\"method\":\"kmeans\",\"dimensions\":1,\"numberOfClusters\":1,\"labels\":[0]}")]
    public void Load_NotAModelFile_ThrowsClienteleException(string text)
    {
        Assert.Throws<ClienteleException>(() => ClusteringModel.Load(Encoding.UTF8.GetBytes(text)));
    }

    [Fact]
    public void Load_KMeans_PredictsAsTheOriginal()
    {
        var model = CreateSut();

        var read = Assert.IsType<KMeansModel>(ClusteringModel.Load(model.Save()));

        Assert.Equal(model.CentroidsRowMajor(), read.CentroidsRowMajor());
        Assert.Equal(model.Inertia, read.Inertia);
        Assert.Equal(model.Iterations, read.Iterations);
        Assert.Equal(model.Predict([6.0]), read.Predict([6.0]));
    }
}
