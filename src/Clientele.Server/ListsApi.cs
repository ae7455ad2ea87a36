using System.ComponentModel;
using Clientele.Pipeline.Live;

namespace Clientele.Server;

/// <summary><c>GET /v1/segments</c> and a segment's customers (cursor paging).</summary>
public static class ListsApi
{
    public static IEndpointRouteBuilder MapListsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/segments", Segments)
            .RequireAuthorization(KeyPolicies.Read)
            .WithName("GetSegments")
            .WithSummary("The current segmentation's segments")
            .WithDescription("The RFM segments and the clusters of the current segmentation, with how many customers it put in each at its as-of.")
            .Produces<SegmentsResponse>()
            .ProducesProblem(404);
        routes.MapGet("/v1/segments/{id}/customers", SegmentCustomers)
            .RequireAuthorization(KeyPolicies.Read)
            .WithName("GetSegmentCustomers")
            .WithSummary("A segment's customers, a page at a time")
            .WithDescription(
                "The customers of an RFM segment (its name, such as Champions) or a cluster (cluster:N), in id order, up to limit (1 to 1,000, "
                + "100 by default) after cursor; next_cursor gives the next page and is null after the last.")
            .Produces<SegmentCustomersResponse>()
            .ProducesProblem(400)
            .ProducesProblem(404);
        return routes;
    }

    private static async Task<IResult> Segments(LiveStore store, CancellationToken cancellation)
    {
        var segments = await store.Read((s, _) => LiveLists.Segments(s), cancellation).ConfigureAwait(false);
        return segments is null
            ? Problems.NotFound("No segmentation in the store yet: clientele segment makes one.")
            : TypedResults.Ok(new SegmentsResponse(segments.Version, segments.AsOf, [.. segments.Segments.Select(x => new SegmentResponse(x.Id, x.Kind, x.Customers))]));
    }

    private static async Task<IResult> SegmentCustomers(string id, LiveStore store, CancellationToken cancellation, string? cursor = null, int limit = 100)
    {
        if (limit is < 1 or > 1000)
        {
            return Problems.BadRequest($"limit {limit}: from 1 to 1,000.", "/limit");
        }
        if (id.Length > 200 || (cursor is not null && cursor.Length > 400))
        {
            return Problems.BadRequest("The segment id or the cursor is too long.");
        }
        LiveCustomerPage? page;
        try
        {
            page = await store.Read((s, _) => LiveLists.Customers(s, id, cursor, limit), cancellation).ConfigureAwait(false);
        }
        catch (FormatException)
        {
            return Problems.BadRequest("The cursor is not one this service gave; start without one.", "/cursor");
        }
        return page is null
            ? Problems.NotFound($"No segment \"{id}\" in the current segmentation (GET /v1/segments lists them).")
            : TypedResults.Ok(new SegmentCustomersResponse(page.Segment, page.Version, page.Customers, page.NextCursor));
    }
}

/// <summary>The current segmentation's segments.</summary>
public sealed record SegmentsResponse(
    [property: Description("The segmentation's model version.")] long ModelVersion,
    [property: Description("The day the segmentation's figures are as of.")] DateOnly? AsOf,
    [property: Description("RFM segments (best first), then clusters.")] IReadOnlyList<SegmentResponse> Segments);

/// <summary>A segment.</summary>
public sealed record SegmentResponse(
    [property: Description("The id to page its customers with: the RFM segment's name, or cluster:N.")] string Id,
    [property: Description("rfm or cluster.")] string Kind,
    [property: Description("Customers in it at the segmentation's as-of.")] long Customers);

/// <summary>A page of a segment's customers.</summary>
public sealed record SegmentCustomersResponse(
    [property: Description("The segment.")] string Segment,
    [property: Description("The segmentation's model version.")] long ModelVersion,
    [property: Description("Customer ids, in id order.")] IReadOnlyList<string> Customers,
    [property: Description("Pass as cursor for the next page; null after the last.")] string? NextCursor);
