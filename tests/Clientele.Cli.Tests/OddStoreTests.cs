using Clientele.Data.Store;

namespace Clientele.Cli.Tests;

/// <summary>Stores users really have: none yet, one with the schema and no data, and CDNOW (orders without product ids).</summary>
public sealed class OddStores : IDisposable
{
    public OddStores()
    {
        using (ClienteleStore.Open(Empty))
        {
            // the schema and nothing else, as after every file was removed
        }
        Cli.Ok("ingest", "orders", TestData.Sample("CDNOW_sample.txt"), "--store", Cdnow, "--output", "json");
    }

    public TempFolder Folder { get; } = new();

    public string Absent => Folder.File("absent.duckdb");

    public string Empty => Folder.File("empty.duckdb");

    public string Cdnow => Folder.File("cdnow.duckdb");

    public string Path(string kind) => kind switch
    {
        "absent" => Absent,
        "empty" => Empty,
        "cdnow" => Cdnow,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public void Dispose() => Folder.Dispose();
}

/// <summary>
/// Every read-side command on every odd store (what ../shared/tools/every-command-on-odd-stores.sh runs): it succeeds,
/// or exits 1 with one line saying what is missing; never exit 70, never a stack trace.
/// </summary>
public sealed class OddStoreTests(OddStores stores) : IClassFixture<OddStores>
{
    private static readonly string[] CommandLines =
    [
        "segment --method rfm", "segment --method kmeans --k auto", "value", "recommend", "evaluate recommend",
        "evaluate value --calibration-end 1997-06-01", "brief", "report", "assign",
        "campaign analyze " + TestData.Sample("campaign-winback.yaml"),
    ];

    public static TheoryData<string, string> Runs()
    {
        var data = new TheoryData<string, string>();
        foreach (var store in new[] { "absent", "empty", "cdnow" })
        {
            foreach (var command in CommandLines)
            {
                data.Add(store, command);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public void Command_OnOddStore_SucceedsOrSaysWhyInOneLine(string store, string command)
    {
        var args = command.Split(' ').Concat(["--store", stores.Path(store)]).ToList();
        if (!command.StartsWith("evaluate", StringComparison.Ordinal) && !command.StartsWith("campaign", StringComparison.Ordinal))
        {
            args.AddRange(["--out", stores.Folder.File($"out-{store}-{command.Split(' ')[0]}")]);
        }

        var result = Cli.Run([.. args]);

        if (result.ExitCode != 0)
        {
            Cli.AssertOneLineError(result, "");
        }
        Assert.False(store == "absent" && File.Exists(stores.Absent), $"{command} created a store where there was none");
    }
}
