namespace Clientele.Cli.Tests;

/// <summary><c>--max-rejected</c>, <c>--accept-rejects</c> and the id warning from the command line.</summary>
public sealed class IngestLimitsCommandTests : IDisposable
{
    // Five good lines and two with a price that is not a number: 2 of 7 customer lines (28.6 %) rejected.
    private static readonly string TwoBadPrices = OnlineRetail.FiveGoodLines
        + "536368,22960,JAM MAKING SET WITH JARS,6,2010-12-01 08:34:00,four,13047,United Kingdom\n"
        + "536368,22913,RED COAT RACK PARIS FASHION,3,2010-12-01 08:34:00,n/a,13047,United Kingdom\n";

    private readonly TempFolder _temp = new();

    private readonly TestStores _stores = new();

    public void Dispose()
    {
        _stores.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public void IngestOrders_AboveDefaultThreshold_ExitOneStoreUnchanged()
    {
        var store = _temp.File("store.duckdb");
        Cli.Ok("ingest", "orders", _temp.Write("first.csv", OnlineRetail.FiveGoodLines), "--store", store);

        var result = Cli.Run("ingest", "orders", _temp.Write("bad.csv", TwoBadPrices.Replace("5363", "5373", StringComparison.Ordinal)), "--store", store);

        Cli.AssertOneLineError(result, "2 of 7 lines were rejected (28.6 %), more than --max-rejected 10 % allows; most often: 2 unparsable number (UnitPrice)");
        Assert.Contains("rejects/bad.csv.rejects.csv", result.Err, StringComparison.Ordinal);
        Assert.Equal((5L, 1L), (StoreFile.Counts(store).OrderLines, StoreFile.Counts(store).SourceFiles));
    }

    [Theory]
    [InlineData("--max-rejected", "30%")]
    [InlineData("--max-rejected", "0.3")]
    [InlineData("--accept-rejects", null)]
    public void IngestOrders_ThresholdRaisedOrRejectsAccepted_Committed(string option, string? value)
    {
        var store = _temp.File("store.duckdb");
        string[] args = ["ingest", "orders", _temp.Write("bad.csv", TwoBadPrices), "--store", store, "--output", "json", option];

        var summary = Cli.Ok(value is null ? args : [.. args, value]).Json();

        Assert.Equal((5L, 2L), (summary.GetProperty("accepted").GetInt64(), summary.GetProperty("rejected").GetInt64()));
    }

    [Fact]
    public void IngestOrders_BadMaxRejected_OneLineError()
    {
        var result = Cli.Run("ingest", "orders", _temp.Write("good.csv", OnlineRetail.FiveGoodLines), "--store", _temp.File("store.duckdb"), "--max-rejected", "lots");

        Cli.AssertOneLineError(result, "--max-rejected lots: expected a share such as 0.1 or 10%");
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void IngestOrders_CdnowIntoOnlineRetailStore_WarningPrintedAndInJson(string engine)
    {
        var store = _stores.Location(engine, "store");
        Cli.Ok("ingest", "orders", "--rejects", _stores.RejectsPath(), _temp.Write("retail.csv", OnlineRetail.FiveGoodLines), "--store", store);

        var json = Cli.Ok("ingest", "orders", "--rejects", _stores.RejectsPath(), TestData.Sample("CDNOW_sample.txt"), "--store", store, "--output", "json").Json();
        var warning = Assert.Single(json.GetProperty("warnings").EnumerateArray()).GetString()!;
        Cli.Ok("files", "remove", "2", "--store", store);
        var text = Cli.Ok("ingest", "orders", "--rejects", _stores.RejectsPath(), TestData.Sample("CDNOW_sample.txt"), "--store", store);

        Assert.Contains("this file's layout is cdnow and the store's other order files are online-retail", warning, StringComparison.Ordinal);
        Assert.Contains("warning: customer ids may come from another source", text.Out, StringComparison.Ordinal);
    }
}
