using System.Globalization;
using System.Text;
using Clientele.Core;
using Clientele.Tests;

namespace Clientele.Pipeline.Tests;

public sealed class TableSegmentationTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>Three tight groups of 40 customers around (0, 0), (10, 0) and (0, 10), in columns spend and visits.</summary>
    private string ThreeGroups()
    {
        var random = new Random(3);
        var csv = new StringBuilder("id,spend,visits\n");
        (double X, double Y)[] centres = [(0, 0), (10, 0), (0, 10)];
        for (var g = 0; g < 3; g++)
        {
            for (var i = 0; i < 40; i++)
            {
                csv.Append(CultureInfo.InvariantCulture, $"c{g}-{i},{centres[g].X + random.NextDouble() - 0.5},{centres[g].Y + random.NextDouble() - 0.5}\n");
            }
        }
        return _folder.Write("features.csv", csv.ToString());
    }

    [Theory]
    [InlineData(SegmentMethod.KMeans)]
    [InlineData(SegmentMethod.Hierarchical)]
    [InlineData(SegmentMethod.GaussianMixture)]
    [InlineData(SegmentMethod.Dbscan)]
    public void RunOnTable_ThreeGroups_EveryMethodFindsThem(SegmentMethod method)
    {
        var result = SegmentationJob.RunOnTable(new SegmentRequest { OutputDirectory = _folder.File("out"), FeaturesFile = ThreeGroups(), Method = method });

        Assert.Equal(3, result.Clustering.K);
        Assert.Equal([40, 40, 40], result.Clustering.Sizes);
        var truth = result.Table.Ids.Select(id => id[1] - '0').ToArray();
        Assert.Equal(1.0, ClusterAgreement.AdjustedRandIndex(truth, result.Clustering.ClusterOf), 9);

        var lines = File.ReadAllLines(result.CustomersFile);
        Assert.Equal("customer_id,cluster,spend,visits", lines[0]);
        Assert.Equal(121, lines.Length);
    }

    [Fact]
    public void RunOnTable_NoScale_ClustersInTheColumnsOwnUnits()
    {
        // Spend in thousands dominates visits: unscaled, k-means with k = 2 splits on spend alone.
        var csv = "id,spend,visits\na,1000,1\nb,1010,9\nc,5000,1\nd,5010,9\n";
        var path = _folder.Write("units.csv", csv);
        var result = SegmentationJob.RunOnTable(new SegmentRequest { OutputDirectory = _folder.File("out"), FeaturesFile = path, Method = SegmentMethod.KMeans, K = 2, NoScale = true });
        Assert.Equal(result.Clustering.ClusterOf[0], result.Clustering.ClusterOf[1]);
        Assert.NotEqual(result.Clustering.ClusterOf[0], result.Clustering.ClusterOf[2]);
        Assert.False(result.Scaled);
    }

    [Fact]
    public void RunOnTable_TextInANumberColumn_ErrorNamesLineAndColumn()
    {
        var path = _folder.Write("bad.csv", "id,spend,visits\na,1,2\nb,lots,3\n");
        var error = Assert.Throws<ClienteleException>(() => SegmentationJob.RunOnTable(new SegmentRequest { OutputDirectory = _folder.File("out"), FeaturesFile = path, Method = SegmentMethod.KMeans, K = 2 }));
        Assert.Equal(3, error.Line);
        Assert.Equal("spend", error.Column);
    }

    [Fact]
    public void RunOnTable_KLargerThanRows_ClearError()
    {
        var path = _folder.Write("small.csv", "id,spend\na,1\nb,2\n");
        var error = Assert.Throws<ClienteleException>(() => SegmentationJob.RunOnTable(new SegmentRequest { OutputDirectory = _folder.File("out"), FeaturesFile = path, Method = SegmentMethod.KMeans, K = 5 }));
        Assert.Contains("5 clusters", error.Message, StringComparison.Ordinal);
    }
}
