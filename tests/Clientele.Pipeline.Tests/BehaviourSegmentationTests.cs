using Clientele.Data.Ingest;
using Clientele.Data.Store;
using Clientele.Features;
using Clientele.Tests;

namespace Clientele.Pipeline.Tests;

/// <summary>
/// <c>segment --features rfm+behaviour</c> on Online Retail with hand-made events for two customers, on each engine: the
/// clustering's columns are RFM and the behaviour columns, whose values are worked out by hand below.
/// </summary>
public sealed class BehaviourSegmentationTests : IDisposable
{
    private readonly TestStores _stores = new();

    public void Dispose() => _stores.Dispose();

    public static TheoryData<string> Engines => StoreEngines.All;

    [Theory]
    [MemberData(nameof(Engines))]
    public void Segment_RfmPlusBehaviour_ClustersOnRfmAndTheBehaviourColumns(string engine)
    {
        var location = _stores.Location(engine);
        IngestJob.Run(location, TestData.Sample("online_retail.csv.gz"), new IngestOptions { RejectsPath = _stores.RejectsPath() });
        var request = new SegmentRequest { StorePath = location, OutputDirectory = _stores.Folder.File("rfm"), Method = SegmentMethod.KMeans, K = 4, BehaviourFeatures = true };

        // No events yet: the columns are left out, with the reason.
        var without = SegmentationJob.Run(request);
        Assert.StartsWith("behaviour features skipped: none of the 4,338 customers", without.BehaviourSkipped, StringComparison.Ordinal);
        Assert.Equal(Segmentation.RfmClustering.FeatureNames, without.Clustering!.FeatureNames);

        // 12347: two views and a cart add in one session, no purchase event. 12348: one view, a purchase 40 minutes later
        // (two sessions).
        var events = _stores.Folder.Write("events.csv", """
            customer_id,event_type,product_id,timestamp
            12347,view,85123A,2011-12-01 10:00:00
            12347,view,22423,2011-12-01 10:10:00
            12347,cart_add,22423,2011-12-01 10:12:00
            12348,view,23166,2011-12-02 09:00:00
            12348,purchase,23166,2011-12-02 09:40:00
            """);
        using (var store = ClienteleStore.OpenExisting(location))
        {
            new EventIngestor(store).Ingest(events, new EventIngestOptions { RejectsPath = _stores.RejectsPath() });
            var features = CustomerInputs.Features(store);
            var (columns, skipped) = SegmentationJob.BehaviourColumns(store, features);
            Assert.Null(skipped);
            Assert.Equal(SegmentationJob.BehaviourColumnNames, columns!.ColumnNames);
            var row = (string id) => columns.Row(features.Customers.Select((c, i) => (c.CustomerId, i)).Single(p => p.CustomerId == id).i).ToArray();
            // log1p(sessions), log1p(views), log1p(cart adds), purchases / views, abandoned cart sessions / cart sessions
            Close([Math.Log(2), Math.Log(3), Math.Log(2), 0, 1], row("12347"));
            Close([Math.Log(3), Math.Log(2), 0, 1, 0], row("12348"));
            Close([0, 0, 0, 0, 0], row("12346"));
        }

        var with = SegmentationJob.Run(request with { OutputDirectory = _stores.Folder.File("behaviour") });
        Assert.Null(with.BehaviourSkipped);
        Assert.Equal(3 + SegmentationJob.BehaviourColumnNames.Count, with.Clustering!.FeatureNames.Count);
        Assert.Equal(SegmentationJob.BehaviourColumnNames, with.Clustering.FeatureNames.Skip(3));
        Assert.Equal(4, with.Clustering.Outcome.K);
        // RFM scores and segments do not depend on behaviour.
        Assert.Equal(without.Customers.Select(c => c.RfmSegment), with.Customers.Select(c => c.RfmSegment));

        var rfmOnly = SegmentationJob.Run(request with { OutputDirectory = _stores.Folder.File("rfm-only"), Method = SegmentMethod.Rfm });
        Assert.StartsWith("behaviour features skipped: --method rfm", rfmOnly.BehaviourSkipped, StringComparison.Ordinal);
    }

    private static void Close(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], 12);
        }
    }
}
