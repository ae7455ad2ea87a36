using System.Net;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Clientele.Reports.Tests;

/// <summary>What the injected probe (probe.js) saw once the page had loaded.</summary>
public sealed record ProbeResult(
    IReadOnlyList<string> Errors,
    IReadOnlyList<ChartBox> Charts,
    IReadOnlyList<string> Resources,
    double ScrollWidth,
    double InnerWidth,
    double LoadMilliseconds,
    string Stderr);

/// <summary>One chart on the page: its image's decoded (natural) size and its size on the page.</summary>
public sealed record ChartBox(string Name, string? Tag, bool Complete, double NaturalWidth, double NaturalHeight, double Width, double Height);

/// <summary>
/// The report in <see cref="Chromium"/>: the page's DOM after load (with probe.js injected) and screenshots.
/// </summary>
public static partial class HeadlessChromium
{
    /// <summary>Fails the test (it does not skip it) when the browser is missing.</summary>
    public static void Require() => Chromium.Require();

    /// <inheritdoc cref="Chromium.MinimumWindowWidth"/>
    public const int MinimumWindowWidth = Chromium.MinimumWindowWidth;

    /// <summary>Loads a copy of <paramref name="htmlFile"/> with probe.js injected in a viewport of the given size; returns what the probe saw.</summary>
    public static ProbeResult Probe(string htmlFile, int width, int height)
    {
        Require();
        var html = File.ReadAllText(htmlFile);
        const string Head = "<head>\n";
        Assert.Contains(Head, html, StringComparison.Ordinal);
        var folder = Directory.CreateTempSubdirectory("clientele-probe-");
        try
        {
            var probed = Path.Combine(folder.FullName, "probed.html");
            var index = html.IndexOf(Head, StringComparison.Ordinal) + Head.Length;
            File.WriteAllText(probed, string.Concat(html.AsSpan(0, index), $"<script>{ProbeScript}</script>\n", html.AsSpan(index)));
            var framed = width < MinimumWindowWidth;
            var page = framed ? Frame(folder.FullName, probed, width, height) : probed;
            List<string> arguments = [$"--window-size={Math.Max(width, MinimumWindowWidth)},{height}", "--enable-logging=stderr", "--v=0"];
            if (framed)
            {
                // The frame's result reaches the host page in a message after the load: let the page run on before the dump.
                arguments.Add("--virtual-time-budget=10000");
            }
            var (dom, stderr) = Run([.. arguments, "--dump-dom", new Uri(page).AbsoluteUri]);
            var match = ProbeAttribute().Match(dom);
            Assert.True(match.Success, $"The probe left no data-probe attribute: the page did not finish loading. Chromium said:\n{Tail(stderr)}");
            using var json = JsonDocument.Parse(WebUtility.HtmlDecode(match.Groups[1].Value));
            var root = json.RootElement;
            return new ProbeResult(
                root.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToList(),
                root.GetProperty("charts").EnumerateArray().Select(c => new ChartBox(
                    c.GetProperty("name").GetString()!,
                    c.GetProperty("tag").GetString(),
                    c.GetProperty("complete").GetBoolean(),
                    c.GetProperty("naturalWidth").GetDouble(),
                    c.GetProperty("naturalHeight").GetDouble(),
                    c.GetProperty("width").GetDouble(),
                    c.GetProperty("height").GetDouble())).ToList(),
                root.GetProperty("resources").EnumerateArray().Select(e => e.GetString()!).ToList(),
                root.GetProperty("scrollWidth").GetDouble(),
                root.GetProperty("innerWidth").GetDouble(),
                root.GetProperty("loadMs").GetDouble(),
                stderr);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>Saves a screenshot of the page's first <paramref name="height"/> pixels in a viewport <paramref name="width"/> wide.</summary>
    public static void Screenshot(string htmlFile, string png, int width, int height)
    {
        Require();
        File.Delete(png);
        var folder = Directory.CreateTempSubdirectory("clientele-screenshot-");
        try
        {
            var page = width >= MinimumWindowWidth ? Path.GetFullPath(htmlFile) : Frame(folder.FullName, Path.GetFullPath(htmlFile), width, height);
            var (_, stderr) = Run($"--window-size={Math.Max(width, MinimumWindowWidth)},{height}", $"--screenshot={png}", new Uri(page).AbsoluteUri);
            Assert.True(File.Exists(png) && new FileInfo(png).Length > 10_000, $"No screenshot at {png}. Chromium said:\n{Tail(stderr)}");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>A host page showing <paramref name="page"/> in an iframe of the given size, which takes the probe's result from it.</summary>
    private static string Frame(string folder, string page, int width, int height)
    {
        var host = Path.Combine(folder, "host.html");
        File.WriteAllText(host, $$"""
            <!DOCTYPE html><html><head><meta charset="utf-8">
            <style>body { margin: 0; background: #d9dde3; } iframe { display: block; width: {{width}}px; height: {{height}}px; border: 0; background: #fff; }</style>
            <script>window.addEventListener('message', function (e) { if (e.data && e.data.probe) { document.documentElement.setAttribute('data-probe', e.data.probe); } });</script>
            </head><body><iframe src="{{new Uri(page).AbsoluteUri}}"></iframe></body></html>
            """);
        return host;
    }

    /// <summary>Lines of Chromium's log that report a script error on the page.</summary>
    public static IReadOnlyList<string> UncaughtErrors(string stderr) => Chromium.UncaughtErrors(stderr);

    private static (string Stdout, string Stderr) Run(params string[] arguments) => Chromium.Run(arguments);

    private static string Tail(string text) => Chromium.Tail(text);

    private static string ProbeScript { get; } = ReadProbe();

    private static string ReadProbe()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("probe.js") ?? throw new InvalidOperationException("probe.js is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex("<html[^>]*\\sdata-probe=\"([^\"]*)\"")]
    private static partial Regex ProbeAttribute();
}
