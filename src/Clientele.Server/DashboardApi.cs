using System.ComponentModel;
using System.Reflection;
using Clientele.Pipeline.Live;

namespace Clientele.Server;

/// <summary>
/// The dashboard (docs/service.md): <c>GET /dashboard</c> with its script and style sheet, and the keyed routes it reads
/// besides the customer routes: the stored segmentations' counts and the report's segment charts as SVG. The page and
/// its two files hold no customer data, so they need no key; every figure on the page comes from a keyed route, with
/// the key the person gives the page (it keeps it in the tab's sessionStorage and sends it as <c>Authorization: Bearer</c>).
/// </summary>
public static class DashboardApi
{
    /// <summary>
    /// The page's policy: its own script and style sheet only (no inline script or style), images from itself or from
    /// blob: (the charts, fetched with the key), requests to itself, and never in a frame.
    /// </summary>
    public const string PagePolicy = "default-src 'self'; img-src 'self' blob: data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'";

    /// <summary>A chart opened on its own runs nothing and loads nothing: its styles are inline in the SVG.</summary>
    public const string ChartPolicy = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";

    private static readonly Lazy<string> Page = new(() => Resource("index.html"));
    private static readonly Lazy<string> Script = new(() => Resource("app.js"));
    private static readonly Lazy<string> Style = new(() => Reports.DashboardFigures.StyleSheet + "\n" + Resource("dashboard.css"));

    public static IEndpointRouteBuilder MapDashboardApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/dashboard", (HttpContext context) => Asset(context, Page.Value, "text/html; charset=utf-8"))
            .AllowAnonymous()
            .WithName("Dashboard")
            .WithSummary("The dashboard page")
            .WithDescription(
                "The page shell (HTML; its script and style sheet at /dashboard/app.js and /dashboard/app.css). It holds no customer data and needs "
                + "no key; open it as /dashboard#key=<read key> (the fragment never reaches the server) and it reads everything else with that key.")
            .Produces(200, contentType: "text/html");
        routes.MapGet("/dashboard/app.js", (HttpContext context) => Asset(context, Script.Value, "text/javascript; charset=utf-8"))
            .AllowAnonymous()
            .ExcludeFromDescription();
        routes.MapGet("/dashboard/app.css", (HttpContext context) => Asset(context, Style.Value, "text/css; charset=utf-8"))
            .AllowAnonymous()
            .ExcludeFromDescription();

        var data = routes.MapGroup("/v1/dashboard").RequireAuthorization(KeyPolicies.Read);
        data.MapGet("/segments", Segments)
            .WithName("GetSegmentsOverTime")
            .WithSummary("Segments over time")
            .WithDescription(
                "Every segmentation version the registry keeps, oldest first (by as-of, then version), with its customers and their revenue per RFM "
                + "segment and per cluster, counted from its stored results; the current version is marked. With the charts the dashboard shows "
                + "(names for /v1/dashboard/charts/{name}.svg), each with its title and caption. 404 before the first segmentation.")
            .Produces<SegmentHistoryResponse>()
            .ProducesProblem(404);
        data.MapGet("/charts/{file}", Chart)
            .WithName("GetDashboardChart")
            .WithSummary("A segment chart as SVG")
            .WithDescription(
                "One of the report's charts on the stored segmentations, drawn as SVG: rfm-shares.svg and cluster-shares.svg (the current "
                + "segmentation's shares of customers and revenue), rfm-over-time.svg and clusters-over-time.svg (customers per segment at each "
                + "segmentation). GET /v1/dashboard/segments lists the ones the store has. 404 for a chart the store has not.")
            .Produces(200, contentType: "image/svg+xml")
            .ProducesProblem(404);
        return routes;
    }

    private static async Task<IResult> Segments(LiveStore store, CancellationToken cancellation)
    {
        var history = await store.Read((s, _) => LiveSegmentHistory.Read(s), cancellation).ConfigureAwait(false);
        if (history.FirstOrDefault(v => v.IsCurrent) is not { } current)
        {
            return Problems.NotFound("No segmentation in the store yet: clientele segment makes one.");
        }
        return TypedResults.Ok(new SegmentHistoryResponse(
            current.Version,
            [.. history.Select(v => new SegmentationResponse(
                v.Version, v.AsOf, v.FittedAt, v.IsCurrent, [.. v.Segments.Select(s => new SegmentCountResponse(s.Id, s.Kind, s.Label, s.Customers, s.Revenue))]))],
            [.. LiveSegmentCharts.Available(history).Select(c => new ChartResponse(c.Name, c.Title, c.Caption, $"/v1/dashboard/charts/{c.Name}.svg"))]));
    }

    private static async Task<IResult> Chart(string file, HttpContext context, LiveStore store, CancellationToken cancellation)
    {
        const string Extension = ".svg";
        if (!file.EndsWith(Extension, StringComparison.Ordinal) || file.Length > 100)
        {
            return Problems.NotFound($"No chart \"{file}\": GET /v1/dashboard/segments lists the charts, each NAME.svg.");
        }
        var name = file[..^Extension.Length];
        var history = await store.Read((s, _) => LiveSegmentHistory.Read(s), cancellation).ConfigureAwait(false);
        if (history.Count == 0)
        {
            return Problems.NotFound("No segmentation in the store yet: clientele segment makes one.");
        }
        // Drawn off the store's connection: the rows are read, the drawing needs only them.
        var figure = LiveSegmentCharts.Render(history, name);
        if (figure is null)
        {
            return Problems.NotFound($"No chart \"{name}\" for this store (it has {string.Join(", ", LiveSegmentCharts.Available(history).Select(c => c.Name + Extension))}).");
        }
        context.Response.Headers.ContentSecurityPolicy = ChartPolicy;
        context.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.Text(figure.Svg, "image/svg+xml; charset=utf-8");
    }

    /// <summary>A page file with the page's strict headers.</summary>
    private static Microsoft.AspNetCore.Http.HttpResults.ContentHttpResult Asset(HttpContext context, string content, string contentType)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = PagePolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        // The files change with the service's version: a browser asks again rather than running an old script.
        headers.CacheControl = "no-cache";
        return TypedResults.Text(content, contentType);
    }

    private static string Resource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Dashboard." + name)
            ?? throw new InvalidOperationException($"The dashboard's {name} is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

/// <summary>The stored segmentations and the dashboard's charts on them.</summary>
public sealed record SegmentHistoryResponse(
    [property: Description("The current segmentation's model version.")] long CurrentVersion,
    [property: Description("Every stored segmentation version, oldest first (by as-of, then version).")] IReadOnlyList<SegmentationResponse> Versions,
    [property: Description("The charts on them, in the order to show them.")] IReadOnlyList<ChartResponse> Charts);

/// <summary>One stored segmentation version.</summary>
public sealed record SegmentationResponse(
    [property: Description("Its model version.")] long Version,
    [property: Description("The first day it did not observe.")] DateOnly? AsOf,
    [property: Description("When it was fitted (UTC).")] DateTime FittedAt,
    [property: Description("Whether profiles and lists use it now.")] bool IsCurrent,
    [property: Description("RFM segments (best first), then clusters.")] IReadOnlyList<SegmentCountResponse> Segments);

/// <summary>A segment of one segmentation version.</summary>
public sealed record SegmentCountResponse(
    [property: Description("The RFM segment's name, or cluster:N.")] string Id,
    [property: Description("rfm or cluster.")] string Kind,
    [property: Description("A cluster's label in that segmentation; null for an RFM segment.")] string? Label,
    [property: Description("Customers it put in the segment.")] long Customers,
    [property: Description("Their revenue (monetary, net of returns) at its as-of.")] decimal Revenue);

/// <summary>A chart the dashboard shows.</summary>
public sealed record ChartResponse(
    [property: Description("The chart's name.")] string Name,
    [property: Description("Its title (drawn in the chart too).")] string Title,
    [property: Description("What to read from it.")] string Caption,
    [property: Description("Where to get it as SVG (with the key).")] string Path);
