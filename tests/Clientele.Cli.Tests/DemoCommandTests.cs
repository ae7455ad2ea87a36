namespace Clientele.Cli.Tests;

/// <summary>clientele demo on the bundled Online Retail sample (about 10 s: one test).</summary>
public sealed class DemoCommandTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private string? _demoStore;

    public void Dispose()
    {
        // The demo keeps its store in a clientele-demo-* folder of its own under the temp folder; remove it too.
        if (_demoStore is not null && Path.GetDirectoryName(_demoStore) is { } folder
            && Path.GetFileName(folder).StartsWith("clientele-demo-", StringComparison.Ordinal) && Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
        _temp.Dispose();
    }

    [Fact]
    public void Demo_BundledSample_AllRowsAccountedForOutputsWritten()
    {
        var outDir = _temp.File("out");

        var result = Cli.Ok("demo", "--out", outDir, "--output", "json");
        var summary = result.Json();
        _demoStore = summary.GetProperty("store").GetString();

        var ingest = summary.GetProperty("ingest");
        var read = ingest.GetProperty("read").GetInt64();
        // 541,909 rows: ../shared/data/online-retail/README.md ("All 541,909 rows are here"); the sample is that file.
        Assert.Equal(541_909, read);
        Assert.Equal(read, ingest.GetProperty("accepted").GetInt64() + ingest.GetProperty("rejected").GetInt64());
        Assert.True(File.Exists(Path.Combine(outDir, "customers.csv")), "no customers.csv");
        Assert.True(File.Exists(Path.Combine(outDir, "segments.json")), "no segments.json");

        // The campaign loop: planned from the segmentation, outcomes simulated, analysed; the counts reconcile.
        var campaign = summary.GetProperty("campaign");
        var counts = campaign.GetProperty("plan").GetProperty("counts");
        var perArm = counts.GetProperty("per_arm").EnumerateArray().Sum(e => e.GetInt32());
        Assert.Equal(counts.GetProperty("eligible").GetInt32(), perArm + counts.GetProperty("holdout").GetInt32());
        Assert.Equal(perArm, campaign.GetProperty("analysis").GetProperty("customers").GetInt64());
        Assert.True(File.Exists(Path.Combine(outDir, "campaign", "outcomes.csv")), "no campaign/outcomes.csv");
    }
}
