namespace Clientele.Cli.Tests;

/// <summary>One Olist store (<see cref="OlistShop"/>) for the end-to-end tests.</summary>
public sealed class OlistStoreFixture : IDisposable
{
    public OlistStoreFixture()
    {
        Store = Temp.File("olist.duckdb");
        if (File.Exists(Path.Combine(TestData.RepositoryRoot, "..", "shared", "data", OlistSample.Orders)))
        {
            OlistShop.Ingest(Temp, Store); // else every test of the class is skipped by its SharedDataFact
        }
    }

    public TempFolder Temp { get; } = new();

    public string Store { get; }

    public void Dispose() => Temp.Dispose();
}

public sealed class OlistEndToEndTests(OlistStoreFixture shop) : IClassFixture<OlistStoreFixture>
{
    private string Out(string name) => shop.Temp.File(name);

    public static TheoryData<string> Commands() =>
    [
        "segment --method rfm", "segment --method kmeans --k auto", "value", "recommend", "evaluate recommend",
        "evaluate value --calibration-end 2018-01-01", "brief", "report", "assign",
    ];

    [SharedDataTheory(OlistSample.Orders, OlistSample.Customers, OlistSample.Items, OlistSample.Reviews, OlistSample.Products)]
    [MemberData(nameof(Commands))]
    public void Command_OnOlist_SucceedsOrSaysWhyInOneLine(string command)
    {
        var args = command.Split(' ').Concat(["--store", shop.Store]).ToList();
        if (!command.StartsWith("evaluate", StringComparison.Ordinal))
        {
            args.AddRange(["--out", Out("out-" + command.Replace(' ', '-'))]);
        }
        var result = Cli.Run([.. args]);
        if (result.ExitCode != 0)
        {
            Cli.AssertOneLineError(result, "");
        }
    }
}
