using System.Diagnostics;
using Clientele.Core;
using Clientele.Data.Store;
using Clientele.Tests;

namespace Clientele.Data.Tests;

/// <summary>A store held by another process: one line that says so, not DuckDB's lock message.</summary>
public sealed class StoreLockTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [ProgramFact("python3")]
    public void Open_StoreLockedByAnotherProcess_OneLineNamingItsPid()
    {
        var path = _folder.File("shop.duckdb");
        ClienteleStore.Open(path).Dispose();

        // Another process takes the same POSIX lock DuckDB takes (fcntl), as a second clientele process would.
        using var holder = Process.Start(new ProcessStartInfo("python3")
        {
            ArgumentList = { "-c", "import fcntl, sys, time\nf = open(sys.argv[1], 'r+')\nfcntl.lockf(f, fcntl.LOCK_EX)\nprint('locked', flush=True)\ntime.sleep(60)", path },
            RedirectStandardOutput = true,
        })!;
        try
        {
            Assert.Equal("locked", holder.StandardOutput.ReadLine());

            var error = Assert.Throws<ClienteleException>(() => ClienteleStore.Open(path));

            Assert.StartsWith($"the store {path} is in use by another process (pid {holder.Id}, python3", error.Message, StringComparison.Ordinal);
            Assert.EndsWith("perhaps another clientele command; try again when it finishes", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', error.Message);
        }
        finally
        {
            holder.Kill();
            holder.WaitForExit();
        }
        using var reopened = ClienteleStore.Open(path);
        Assert.Equal(ClienteleStore.LatestSchemaVersion, reopened.SchemaVersion);
    }

    [Theory]
    [InlineData(
        "IO Error: Could not set lock on file \"/tmp/s.duckdb\": Conflicting lock is held in /usr/share/dotnet/dotnet (PID 4242) by user root. See also https://duckdb.org/docs/stable/connect/concurrency",
        "pid 4242, dotnet")]
    [InlineData("IO Error: Could not set lock on file \"/tmp/s.duckdb\": Resource temporarily unavailable", "DuckDB could not lock the file")]
    [InlineData("IO Error: Cannot open file \"/tmp/s.duckdb\": Permission denied", null)]
    public void InUse_DuckDbMessages_HolderOrNull(string message, string? expected) => Assert.Equal(expected, ClienteleStore.InUse(message));
}
