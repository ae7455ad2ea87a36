namespace Clientele.Cli.Tests;

/// <summary>A file is known by its bytes: ingesting the same bytes again, under any name, adds nothing.</summary>
public sealed class IngestIdempotenceTests : IDisposable
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
    public void IngestOrders_SameFileTwice_SecondAlreadyIngestedCountsUnchanged(string engine)
    {
        var store = _stores.Location(engine, "store");
        var orders = _temp.Write("orders.csv", OnlineRetail.FiveGoodLines);

        var first = Cli.Ok("ingest", "orders", "--rejects", _stores.RejectsPath(), orders, "--store", store, "--output", "json").Json();
        var after = StoreFile.Counts(store);
        var second = Cli.Ok("ingest", "orders", "--rejects", _stores.RejectsPath(), orders, "--store", store, "--output", "json").Json();

        Assert.False(first.GetProperty("already_ingested").GetBoolean());
        Assert.True(second.GetProperty("already_ingested").GetBoolean());
        // 5 lines: hand-counted in OnlineRetail.FiveGoodLines; the second run reports the first run's account.
        Assert.Equal(5, second.GetProperty("read").GetInt64());
        Assert.Equal(5, second.GetProperty("accepted").GetInt64());
        Assert.Equal(5L, after.OrderLines);
        Assert.Equal(after, StoreFile.Counts(store));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void IngestOrders_SameBytesUnderAnotherName_RecognisedAsAlreadyIngested(string engine)
    {
        var store = _stores.Location(engine, "store");
        var orders = _temp.Write("orders.csv", OnlineRetail.FiveGoodLines);
        Directory.CreateDirectory(_temp.File("elsewhere"));
        var copy = _temp.File(Path.Combine("elsewhere", "orders-copy.csv"));
        System.IO.File.Copy(orders, copy);

        Cli.Ok("ingest", "orders", "--rejects", _stores.RejectsPath(), orders, "--store", store, "--output", "json");
        var after = StoreFile.Counts(store);
        var again = Cli.Ok("ingest", "orders", "--rejects", _stores.RejectsPath(), copy, "--store", store, "--output", "json").Json();

        Assert.True(again.GetProperty("already_ingested").GetBoolean());
        Assert.Equal(after, StoreFile.Counts(store));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void IngestOrders_OneByteDifferent_IngestedAsNewFileOnlyTheChangedLineAdded(string engine)
    {
        // The control for the two tests above: a file that differs is not mistaken for one already ingested; its four
        // unchanged lines are overlap (already in the store from orders.csv), the one changed line is new.
        var store = _stores.Location(engine, "store");
        var orders = _temp.Write("orders.csv", OnlineRetail.FiveGoodLines);
        var other = _temp.Write("other.csv", OnlineRetail.FiveGoodLines.Replace("536367,22745", "536368,22745", StringComparison.Ordinal));

        Cli.Ok("ingest", "orders", "--rejects", _stores.RejectsPath(), orders, "--store", store, "--output", "json");
        var second = Cli.Ok("ingest", "orders", "--rejects", _stores.RejectsPath(), other, "--store", store, "--output", "json").Json();

        Assert.False(second.GetProperty("already_ingested").GetBoolean());
        Assert.Equal(4, second.GetProperty("overlap").GetInt64());
        Assert.Equal(1, second.GetProperty("accepted").GetInt64());
        Assert.Equal(6L, StoreFile.Counts(store).OrderLines);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void IngestOrders_OneByteDifferentWithAllowOverlap_EveryLineAdded(string engine)
    {
        var store = _stores.Location(engine, "store");
        var orders = _temp.Write("orders.csv", OnlineRetail.FiveGoodLines);
        var other = _temp.Write("other.csv", OnlineRetail.FiveGoodLines.Replace("536367,22745", "536368,22745", StringComparison.Ordinal));

        Cli.Ok("ingest", "orders", "--rejects", _stores.RejectsPath(), orders, "--store", store, "--output", "json");
        var second = Cli.Ok("ingest", "orders", "--rejects", _stores.RejectsPath(), other, "--store", store, "--output", "json", "--allow-overlap").Json();

        Assert.Equal(5, second.GetProperty("accepted").GetInt64());
        Assert.Equal(10L, StoreFile.Counts(store).OrderLines); // 5 + 5 lines, none an in-file duplicate
    }
}
