namespace Clientele.Cli.Tests;

/// <summary>CDNOW (whitespace-separated, zero-padded ids): detected, every row accepted, the published customer counts.</summary>
public sealed class IngestCdnowTests : IDisposable
{
    private readonly TempFolder _temp = new();

    private readonly TestStores _stores = new();

    public void Dispose()
    {
        _stores.Dispose();
        _temp.Dispose();
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void IngestOrders_CdnowSampleAuto_DetectedAllRowsAccepted2357Customers(string engine)
    {
        var store = _stores.Location(engine, "store");

        var ingest = Cli.Ok("ingest", "orders", "--rejects", _stores.RejectsPath(), TestData.Sample("CDNOW_sample.txt"), "--store", store, "--schema", "auto", "--output", "json").Json();

        Assert.Equal("cdnow", ingest.GetProperty("layout").GetString());
        // 6,919 transactions, no header; 8 of them $0.00, accepted (the BTYD summaries count them):
        // ../shared/data/cdnow/README.md, "Files" and "Known quirks".
        Assert.Equal(6919, ingest.GetProperty("read").GetInt64());
        Assert.Equal(6919, ingest.GetProperty("accepted").GetInt64());
        Assert.Equal(0, ingest.GetProperty("rejected").GetInt64());

        var segment = Cli.Ok("segment", "--store", store, "--method", "rfm", "--out", _temp.File("out"), "--output", "json").Json();
        // 2,357 customers: ../shared/data/cdnow/README.md ("sample_id runs 1–2357").
        Assert.Equal(2357, segment.GetProperty("customers").GetInt32());
        Assert.Equal(0, segment.GetProperty("customers_without_purchases").GetInt32());
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void IngestOrders_CdnowMasterAuto_DetectedAllRowsAccepted23570Customers(string engine)
    {
        var master = TestData.Shared("cdnow/CDNOW_master.txt");
        Assert.True(File.Exists(master), $"{master} is absent: this test needs the shared data sets beside the repository");
        var store = _stores.Location(engine, "store");

        var ingest = Cli.Ok("ingest", "orders", "--rejects", _stores.RejectsPath(), master, "--store", store, "--output", "json").Json();

        Assert.Equal("cdnow", ingest.GetProperty("layout").GetString());
        // 1 header line + 69,659 transactions; 23,570 customers: ../shared/data/cdnow/README.md.
        Assert.Equal(69659, ingest.GetProperty("read").GetInt64());
        Assert.Equal(69659, ingest.GetProperty("accepted").GetInt64());
        Assert.Equal(0, ingest.GetProperty("rejected").GetInt64());

        var segment = Cli.Ok("segment", "--store", store, "--method", "rfm", "--out", _temp.File("out"), "--output", "json").Json();
        Assert.Equal(23570, segment.GetProperty("customers").GetInt32());
    }
}
