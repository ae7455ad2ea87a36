using System.Diagnostics;

namespace Clientele.Tests;

/// <summary>
/// Debian's chromium, headless, with a fresh profile per run and no background networking (scripts/install-chromium.sh
/// installs it): the browser half of the report's and the dashboard's browser tests.
/// </summary>
public static class Chromium
{
    public const string Executable = "/usr/bin/chromium";

    /// <summary>
    /// A headless window is never narrower than this (Chromium 156 clamps --window-size); narrower viewports, such as a
    /// phone's, are an iframe of that width in a host page.
    /// </summary>
    public const int MinimumWindowWidth = 500;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    /// <summary>Fails the test (it does not skip it) when the browser is missing.</summary>
    public static void Require()
    {
        if (!File.Exists(Executable))
        {
            Assert.Fail($"{Executable} is missing: run scripts/install-chromium.sh (test.sh runs it first) to install Debian's chromium.");
        }
    }

    /// <summary>Runs the browser with <paramref name="arguments"/> after the headless flags; its standard output and error.</summary>
    public static (string Stdout, string Stderr) Run(params string[] arguments)
    {
        Require();
        var profile = Directory.CreateTempSubdirectory("clientele-chromium-");
        try
        {
            var start = new ProcessStartInfo(Executable)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var flag in (string[])
                [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--hide-scrollbars", $"--user-data-dir={profile.FullName}",
                ])
            {
                start.ArgumentList.Add(flag);
            }
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Executable}.");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"{Executable} did not finish within {Timeout.TotalSeconds} s.");
            }
            process.WaitForExit();
            return (stdout.Result, stderr.Result);
        }
        finally
        {
            try
            {
                profile.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A helper process still closing a profile file; the folder is in the temp directory.
            }
        }
    }

    /// <summary>Lines of Chromium's log that report a script error on the page.</summary>
    public static IReadOnlyList<string> UncaughtErrors(string stderr) =>
        stderr.Split('\n').Where(l => l.Contains("Uncaught", StringComparison.Ordinal)).ToList();

    /// <summary>
    /// Every message the page wrote to its console, as Chromium logs them with --enable-logging=stderr (one
    /// <c>INFO:CONSOLE</c> line each, whatever the level): script errors, content security policy violations, failed
    /// loads and the page's own console calls.
    /// </summary>
    public static IReadOnlyList<string> ConsoleLines(string stderr) =>
        stderr.Split('\n').Where(l => l.Contains(":CONSOLE", StringComparison.Ordinal)).ToList();

    /// <summary>The last lines of a log, for a failure message.</summary>
    public static string Tail(string text) => string.Join('\n', text.Split('\n').TakeLast(15));
}
