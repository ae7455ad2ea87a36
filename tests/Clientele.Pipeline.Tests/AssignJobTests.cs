using Clientele.Core;
using Clientele.Data.Ingest;
using Clientele.Tests;

namespace Clientele.Pipeline.Tests;

public sealed class AssignJobTests : IDisposable
{
    private readonly TestStores _stores = new();

    public void Dispose() => _stores.Dispose();

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Run_CustomersWhoArrivedLater_AreAssignedWithoutRefitting(string engine)
    {
        var store = _stores.Location(engine, "cdnow");
        IngestJob.Run(store, TestData.Sample("CDNOW_sample.txt"), new IngestOptions { RejectsPath = _stores.RejectsPath() });
        var output = _stores.Folder.File("out");
        // Segment the customers who had bought by 1997-02-15 (CDNOW's cohort keeps arriving until 1997-03-25).
        var segmented = SegmentationJob.Run(new SegmentRequest { StorePath = store, OutputDirectory = output, Method = SegmentMethod.KMeans, K = 3, AsOf = new DateOnly(1997, 2, 15) });
        Assert.NotNull(segmented.Classifier);
        Assert.True(segmented.Classifier.Evaluation.AccuracyMean > 0.9);

        // Same day: the classifier reproduces the clustering for nearly everyone.
        var sameDay = AssignJob.Run(new AssignRequest { StorePath = store, ClassifierFile = segmented.ClassifierFile!, OutputDirectory = _stores.Folder.File("same"), AsOf = new DateOnly(1997, 2, 15) });
        var assigned = File.ReadLines(sameDay.File).Skip(1).Select(l => l.Split(',')).ToDictionary(f => f[0], f => int.Parse(f[1], System.Globalization.CultureInfo.InvariantCulture));
        var agreement = segmented.Customers.Count(c => assigned[c.Features.CustomerId] == c.Cluster) / (double)segmented.Customers.Count;
        Assert.True(agreement > 0.95, $"agreement {agreement}");

        // Later: all 2,357 customers of the cohort (../shared/data/cdnow/README.md) get a cluster of the fitted three.
        var later = AssignJob.Run(new AssignRequest { StorePath = store, ClassifierFile = segmented.ClassifierFile!, OutputDirectory = _stores.Folder.File("later"), AsOf = new DateOnly(1997, 6, 1) });
        Assert.Equal(2_357, later.Customers);
        Assert.True(later.Customers > segmented.Customers.Count);
        Assert.All(later.PerCluster.Keys, k => Assert.InRange(k, 1, 3));
    }

    [Fact]
    public void Run_MissingClassifier_SaysToSegmentFirst()
    {
        var error = Assert.Throws<ClienteleException>(() => AssignJob.Run(new AssignRequest { StorePath = "x.duckdb", ClassifierFile = _stores.Folder.File("none.zip"), OutputDirectory = _stores.Folder.Path }));
        Assert.Contains("run clientele segment", error.Message, StringComparison.Ordinal);
    }
}
