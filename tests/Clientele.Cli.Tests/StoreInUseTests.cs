using System.Diagnostics;

namespace Clientele.Cli.Tests;

/// <summary>Every command that opens a store held by another process says so in one line (not DuckDB's lock message).</summary>
public sealed class StoreInUseTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [ProgramFact("python3")]
    public void Commands_StoreLockedByAnotherProcess_OneLineErrorNamingThePid()
    {
        var store = _temp.File("store.duckdb");
        var orders = _temp.Write("orders.csv", OnlineRetail.FiveGoodLines);
        Cli.Ok("ingest", "orders", orders, "--store", store);

        // Another process holds the POSIX lock DuckDB takes, as a running `clientele ingest` would.
        using var holder = Process.Start(new ProcessStartInfo("python3")
        {
            ArgumentList = { "-c", "import fcntl, sys, time\nf = open(sys.argv[1], 'r+')\nfcntl.lockf(f, fcntl.LOCK_EX)\nprint('locked', flush=True)\ntime.sleep(60)", store },
            RedirectStandardOutput = true,
        })!;
        try
        {
            Assert.Equal("locked", holder.StandardOutput.ReadLine());
            var more = _temp.Write("more.csv", OnlineRetail.FiveGoodLines.Replace("536365", "536399", StringComparison.Ordinal));
            foreach (var args in new[] { ["ingest", "orders", more, "--store", store], ["segment", "--store", store, "--out", _temp.File("out")], new[] { "files", "list", "--store", store } })
            {
                var result = Cli.Run(args);
                Cli.AssertOneLineError(result, $"the store {store} is in use by another process (pid {holder.Id}, python3");
                Assert.Contains("try again when it finishes", result.Err, StringComparison.Ordinal);
            }
        }
        finally
        {
            holder.Kill();
            holder.WaitForExit();
        }
        Assert.Equal(5L, StoreFile.Counts(store).OrderLines);
    }
}
