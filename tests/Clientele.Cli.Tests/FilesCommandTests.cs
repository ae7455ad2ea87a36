namespace Clientele.Cli.Tests;

/// <summary><c>clientele files list|remove</c>.</summary>
public sealed class FilesCommandTests : IDisposable
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
    public void FilesRemove_ThenIngestAgain_SameStoreAsBefore(string engine)
    {
        var store = _stores.Location(engine);
        var orders = _temp.Write("orders.csv", OnlineRetail.FiveGoodLines);
        var more = _temp.Write("more.csv", OnlineRetail.FiveGoodLines.Replace("536365,", "536399,", StringComparison.Ordinal));
        Cli.Ok("ingest", "orders", orders, "--store", store);
        var before = StoreFile.Counts(store);
        Cli.Ok("ingest", "orders", more, "--store", store, "--rejects", _stores.RejectsPath());

        var list = Cli.Ok("files", "list", "--store", store, "--output", "json").Json();
        Assert.Equal(2, list.GetArrayLength());
        Assert.Equal(more, list[1].GetProperty("path").GetString());
        Assert.Equal(3, list[1].GetProperty("overlap").GetInt64()); // lines of 536366 and 536367 are the same in both files
        Assert.Equal(2, list[1].GetProperty("accepted").GetInt64());

        var removed = Cli.Ok("files", "remove", more, "--store", store);
        Assert.Contains("Removed file 2", removed.Out, StringComparison.Ordinal);
        Assert.Contains("2 order lines", removed.Out, StringComparison.Ordinal);
        Assert.Equal(before, StoreFile.Counts(store));

        var again = Cli.Ok("ingest", "orders", more, "--store", store, "--rejects", _stores.RejectsPath(), "--output", "json").Json();
        Assert.False(again.GetProperty("already_ingested").GetBoolean());
        Assert.Contains("more.csv", Cli.Ok("files", "list", "--store", store).Out, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void FilesRemove_UnknownId_OneLineError(string engine)
    {
        var store = _stores.Location(engine);
        Cli.Ok("ingest", "orders", _temp.Write("orders.csv", OnlineRetail.FiveGoodLines), "--store", store);

        Cli.AssertOneLineError(Cli.Run("files", "remove", "9", "--store", store), "clientele files list");
        Assert.Equal(5L, StoreFile.Counts(store).OrderLines);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void FilesList_NoStore_OneLineErrorAndNoStoreCreated(string engine)
    {
        var store = _stores.Location(engine, "none");

        Cli.AssertOneLineError(Cli.Run("files", "list", "--store", store), "No store at");
        Assert.False(Clientele.Data.Store.ClienteleStore.Exists(store));
    }
}
