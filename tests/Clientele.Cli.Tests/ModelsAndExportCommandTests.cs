using System.Text.Json;

namespace Clientele.Cli.Tests;

/// <summary>
/// <c>models list|show|use</c> and <c>export</c> on CDNOW, on DuckDB and PostgreSQL: the registry seen from the command
/// line, a rollback seen in the exports, and the readers (report, brief) on what is current.
/// </summary>
public sealed class ModelsAndExportCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly TestStores _stores = new();

    public void Dispose()
    {
        _stores.Dispose();
        _folder.Dispose();
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void ModelsListUseAndExport_TwoSegmentations_RollBackGivesTheFirstRunsFileBack(string engine)
    {
        var store = _stores.Location(engine, "cdnow");
        Cli.Ok("ingest", "orders", TestData.Sample("CDNOW_sample.txt"), "--store", store);
        Cli.Ok("segment", "--store", store, "--out", _folder.File("rfm"));
        Cli.Ok("segment", "--store", store, "--method", "kmeans", "--k", "3", "--out", _folder.File("kmeans"));

        var listed = Cli.Ok("models", "list", "--store", store, "--output", "json").Json().EnumerateArray().ToArray();
        Assert.Equal([2L, 1L], listed.Select(v => v.GetProperty("version").GetInt64()));
        Assert.All(listed, v => Assert.Equal("segmentation", v.GetProperty("kind").GetString()));
        Assert.Equal([true, false], listed.Select(v => v.GetProperty("current").GetBoolean()));
        Assert.Equal(3, listed[0].GetProperty("metrics").GetProperty("k").GetInt32());

        var used = Cli.Ok("models", "use", "1", "--store", store);
        Assert.Contains("version 1 is now the current segmentation model", used.Out, StringComparison.Ordinal);
        Cli.Ok("export", "customers", "--store", store, "--out", _folder.File("export"));
        Assert.Equal(File.ReadAllBytes(_folder.File("rfm/customers.csv")), File.ReadAllBytes(_folder.File("export/customers.csv")));
        var shown = Cli.Ok("models", "show", "1", "--store", store).Json();
        Assert.Equal("rfm", shown.GetProperty("options").GetProperty("method").GetString());
        Assert.True(shown.GetProperty("current").GetBoolean());

        Cli.Ok("export", "segments", "--store", store, "--out", _folder.File("export"), "--format", "json");
        using var segments = JsonDocument.Parse(File.ReadAllText(_folder.File("export/segments.json")));
        Assert.Equal(2_357, segments.RootElement.EnumerateArray().Where(s => s.GetProperty("method").GetString() == "rfm").Sum(s => s.GetProperty("customers").GetInt32()));

        // The readers use the version now current (RFM only: no cluster section), and add none.
        var report = Cli.Ok("report", "--store", store, "--out", _folder.File("report"), "--no-value", "--output", "json").Json();
        Assert.Equal(("rfm", 1L), (report.GetProperty("segments").GetProperty("method").GetString(), report.GetProperty("segments").GetProperty("version").GetInt64()));
        Cli.Ok("brief", "--store", store, "--out", _folder.File("brief"));
        Assert.Equal(2, Cli.Ok("models", "list", "--store", store, "--output", "json").Json().GetArrayLength());
        Assert.Equal(File.ReadAllBytes(_folder.File("rfm/customers.csv")), File.ReadAllBytes(_folder.File("brief/customers.csv")));
    }

    [Fact]
    public void ModelsUseAndExport_WhatIsNotThere_OneLineErrorsThatSayWhatToRun()
    {
        var store = _folder.File("cdnow.duckdb");
        Cli.Ok("ingest", "orders", TestData.Sample("CDNOW_sample.txt"), "--store", store);

        Cli.AssertOneLineError(Cli.Run("models", "use", "7", "--store", store), "no model version 7");
        Cli.AssertOneLineError(Cli.Run("export", "customers", "--store", store, "--out", _folder.File("e")), "make one with clientele segment");
        Cli.AssertOneLineError(Cli.Run("export", "recommendations", "--store", store, "--out", _folder.File("e")), "make one with clientele recommend");
        Cli.AssertOneLineError(Cli.Run("export", "campaign", "--store", store, "--out", _folder.File("e")), "campaign plan");
        Cli.AssertOneLineError(Cli.Run("report", "--store", store, "--out", _folder.File("e")), "make one with clientele segment");
        Assert.Contains("No model fitted yet", Cli.Ok("models", "list", "--store", store).Out, StringComparison.Ordinal);
    }
}
