using Clientele.Data.Ingest;
using Clientele.Data.Store;
using Clientele.Pipeline.State;
using Clientele.Tests;

namespace Clientele.Pipeline.Tests;

/// <summary>Large exports are kept when the folder already holds them from the same rows, and written anew otherwise.</summary>
public sealed class ExportStampsTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Customers_SameRowsUntouchedFile_KeptOtherwiseWrittenAnew()
    {
        var storePath = _folder.File("shop.duckdb");
        var output = _folder.File("out");
        IngestJob.Run(storePath, TestData.Sample("online_retail.csv.gz"), new IngestOptions { RejectsPath = _folder.File("r.csv") });
        var version = SegmentationJob.Run(new SegmentRequest { StorePath = storePath, OutputDirectory = output }).Version;
        var file = Path.Combine(output, SegmentationJob.CustomersFileName);
        var written = File.ReadAllBytes(file);
        var before = File.GetLastWriteTimeUtc(file);
        using var store = ClienteleStore.OpenExisting(storePath);

        // The same segmentation into the same folder: the file segment wrote is kept, not written again.
        StoreExports.Customers(store, version, null, output);
        Assert.Equal(before, File.GetLastWriteTimeUtc(file));

        // Edited by someone: written anew, as it was.
        File.AppendAllText(file, "edited,by,hand\n");
        StoreExports.Customers(store, version, null, output);
        Assert.Equal(written, File.ReadAllBytes(file));

        // Another ingest changes what a file is made from (names, rows): written anew.
        var stamp = File.GetLastWriteTimeUtc(file);
        StoreExports.Customers(store, version, null, output);
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(file));
        store.Dispose();
        IngestJob.Run(storePath, TestData.Sample("CDNOW_sample.txt"), new IngestOptions { RejectsPath = _folder.File("r2.csv") });
        using var after = ClienteleStore.OpenExisting(storePath);
        Thread.Sleep(20); // a later write time than the stamp's, on file systems with coarse clocks
        StoreExports.Customers(after, version, null, output);
        Assert.NotEqual(stamp, File.GetLastWriteTimeUtc(file));
        Assert.Equal(written, File.ReadAllBytes(file));
    }

    [Fact]
    public void Recommendations_OneOfTheTwoFilesGone_BothWrittenAnew()
    {
        var storePath = _folder.File("shop.duckdb");
        var output = _folder.File("out");
        IngestJob.Run(storePath, TestData.Sample("online_retail.csv.gz"), new IngestOptions { RejectsPath = _folder.File("r.csv") });
        var version = RecommendJob.Run(new RecommendRequest { StorePath = storePath, OutputDirectory = output, Algorithm = "popular" }).Version;
        var recommendations = Path.Combine(output, RecommendJob.RecommendationsFileName);
        var similar = Path.Combine(output, RecommendJob.SimilarProductsFileName);
        var written = (File.ReadAllBytes(recommendations), File.ReadAllBytes(similar));
        var before = File.GetLastWriteTimeUtc(recommendations);
        using var store = ClienteleStore.OpenExisting(storePath);

        StoreExports.Recommendations(store, version, output);
        Assert.Equal(before, File.GetLastWriteTimeUtc(recommendations));

        File.Delete(similar);
        Thread.Sleep(20);
        StoreExports.Recommendations(store, version, output);
        Assert.NotEqual(before, File.GetLastWriteTimeUtc(recommendations));
        Assert.Equal(written.Item1, File.ReadAllBytes(recommendations));
        Assert.Equal(written.Item2, File.ReadAllBytes(similar));
    }
}
