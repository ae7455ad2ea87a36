using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Clientele.Tests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Clientele.Server.Tests;

/// <summary>
/// The service on real Kestrel (a browser cannot reach WebApplicationFactory's in-memory server) at
/// <c>http://127.0.0.1:PORT</c>, with one addition for the test: <c>/dashboard</c> carries a same-origin
/// <c>&lt;script src="/dashboard-probe.js"&gt;</c> first in its head (the page's policy allows scripts of its own origin
/// only, so the probe must be one), and Chromium loads pages from it.
/// </summary>
public sealed partial class DashboardBrowser : IAsyncDisposable
{
    private const string ProbePath = "/dashboard-probe.js";

    private readonly WebApplication _app;

    private DashboardBrowser(WebApplication app, Uri origin)
    {
        _app = app;
        Origin = origin;
    }

    /// <summary>Gets the service's origin, e.g. http://127.0.0.1:40123 (no trailing slash).</summary>
    public Uri Origin { get; }

    /// <summary>Gets the origin as text, without a trailing slash, as the browser names it.</summary>
    public string OriginText => Origin.GetLeftPart(UriPartial.Authority);

    public static async Task<DashboardBrowser> Start(string storeLocation)
    {
        var app = ServerApp.Build([], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration[ServerApp.StoreSetting] = storeLocation;
        });
        app.MapGet(ProbePath, () => TypedResults.Text(ProbeScript, "text/javascript; charset=utf-8"));
        app.Use(async (context, next) =>
        {
            if (context.Request.Path != "/dashboard")
            {
                await next(context);
                return;
            }
            var body = context.Response.Body;
            using var buffer = new MemoryStream();
            context.Response.Body = buffer;
            await next(context);
            context.Response.Body = body;
            var html = Encoding.UTF8.GetString(buffer.ToArray());
            const string Head = "<head>\n";
            Assert.Contains(Head, html, StringComparison.Ordinal);
            html = html.Replace(Head, $"{Head}<script src=\"{ProbePath}\"></script>\n", StringComparison.Ordinal);
            context.Response.ContentLength = null;
            await context.Response.WriteAsync(html);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new DashboardBrowser(app, new Uri(address));
    }

    /// <summary>A client of the service that sends <paramref name="key"/>.</summary>
    public HttpClient Client(string key)
    {
        var client = new HttpClient { BaseAddress = Origin };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>
    /// Loads <paramref name="pathAndFragment"/> in headless Chromium in a window of the given size and returns what the
    /// probe saw once the page was no longer busy, with Chromium's log.
    /// </summary>
    public (JsonElement Probe, string Stderr) Probe(string pathAndFragment, int width, int height)
    {
        var url = OriginText + pathAndFragment;
        // The page's requests and the charts' decoding run after the load event: virtual time lets them finish (it waits
        // for pending requests) before the DOM is dumped.
        var (dom, stderr) = Chromium.Run(
            $"--window-size={Math.Max(width, Chromium.MinimumWindowWidth)},{height}", "--enable-logging=stderr", "--v=0",
            "--virtual-time-budget=30000", "--dump-dom", url);
        var match = ProbeAttribute().Match(dom);
        Assert.True(match.Success, $"The probe left no data-probe attribute: the page did not finish. Chromium said:\n{Chromium.Tail(stderr)}");
        using var json = JsonDocument.Parse(WebUtility.HtmlDecode(match.Groups[1].Value));
        return (json.RootElement.Clone(), stderr);
    }

    /// <summary>Saves a screenshot of the page's first <paramref name="height"/> pixels once its requests have answered.</summary>
    public void Screenshot(string pathAndFragment, string png, int width, int height)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(png)!);
        File.Delete(png);
        var (_, stderr) = Chromium.Run(
            $"--window-size={Math.Max(width, Chromium.MinimumWindowWidth)},{height}", "--virtual-time-budget=30000", $"--screenshot={png}", OriginText + pathAndFragment);
        Assert.True(File.Exists(png) && new FileInfo(png).Length > 10_000, $"No screenshot at {png}. Chromium said:\n{Chromium.Tail(stderr)}");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static string ProbeScript { get; } = ReadProbe();

    private static string ReadProbe()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("dashboard-probe.js") ?? throw new InvalidOperationException("dashboard-probe.js is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex("<html[^>]*\\sdata-probe=\"([^\"]*)\"")]
    private static partial Regex ProbeAttribute();
}
