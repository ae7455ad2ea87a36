using System.Text.Json;
using Clientele.Data.Ingest;
using Clientele.Tests;

namespace Clientele.Pipeline.Tests;

/// <summary>
/// Briefs of the store's current segmentation read the rows customers.csv is written from; briefs of the exported files
/// (<c>brief --segments</c>) parse customers.csv. On Online Retail with k-means and the value models, on each engine, both
/// give the same facts to the digit and the same briefs.md, value facts included.
/// </summary>
public sealed class BriefFromStoreTests : IDisposable
{
    private readonly TestStores _stores = new();

    public void Dispose() => _stores.Dispose();

    public static TheoryData<string> Engines => StoreEngines.All;

    [Theory]
    [MemberData(nameof(Engines))]
    public void Brief_CurrentSegmentationWithValue_SameAsBriefOfTheExportedFiles(string engine)
    {
        var store = _stores.Location(engine);
        IngestJob.Run(store, TestData.Sample("online_retail.csv.gz"), new IngestOptions { RejectsPath = _stores.RejectsPath() });
        CurrentModels.Make(store, method: SegmentMethod.KMeans, value: true);

        var fromStore = BriefJob.Run(new BriefRequest { StorePath = store, OutputDirectory = _stores.Folder.File("store") });
        var fromFiles = BriefJob.Run(new BriefRequest
        {
            StorePath = store,
            SegmentsFile = fromStore.Segmentation!.SegmentsFile,
            OutputDirectory = _stores.Folder.File("files"),
        });

        Assert.Equal(["clv", "p_alive", "churn_risk"], fromStore.Facts.ValueColumns);
        Assert.Equal(fromFiles.Facts.ValueColumns, fromStore.Facts.ValueColumns);
        Assert.Equal(fromFiles.Facts.Segments.Count, fromStore.Facts.Segments.Count);
        foreach (var (files, rows) in fromFiles.Facts.Segments.Zip(fromStore.Facts.Segments))
        {
            Assert.Equal(JsonSerializer.Serialize(files), JsonSerializer.Serialize(rows));
        }
        Assert.NotNull(fromStore.Facts.Segments[0].Value);
        Assert.Equal(File.ReadAllText(fromFiles.MarkdownFile), File.ReadAllText(fromStore.MarkdownFile));
    }
}
