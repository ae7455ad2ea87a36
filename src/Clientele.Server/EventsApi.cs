using Clientele.Pipeline.Live;

namespace Clientele.Server;

/// <summary><c>POST /v1/events</c>: a batch of events, each answered as accepted, duplicate or rejected.</summary>
public static class EventsApi
{
    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v1/events", PostEvents)
            .RequireAuthorization(KeyPolicies.Ingest)
            .WithName("PostEvents")
            .WithSummary("Record a batch of events")
            .WithDescription(
                "Takes {\"events\": [...]} (up to 500 KB, 32 KB an event): purchases, returns, views, cart adds and removes, searches, "
                + "wishlist adds and reviews, each with event_id, type, customer_id and an ISO 8601 timestamp, and the fields its type needs. "
                + "Answers every event in the order sent: accepted, duplicate (its event_id was accepted before; nothing changes) or rejected with the reason. "
                + "The answer comes after the accepted events are committed. A request that is not JSON, has unknown fields or fields of the wrong type is refused whole (400).")
            .Accepts<object>("application/json")
            .Produces<EventBatchResponse>()
            .ProducesProblem(400)
            .ProducesProblem(401)
            .ProducesProblem(403)
            .ProducesProblem(413);
        return routes;
    }

    private static async Task<IResult> PostEvents(HttpRequest request, LiveStore store, ILiveCustomers customers, ServiceMetrics metrics, CustomerIds ids, CancellationToken cancellation)
    {
        if (request.ContentLength > LiveEventBatch.MaxRequestBytes)
        {
            return Problems.TooLarge($"The request is {request.ContentLength:N0} bytes; a batch may be up to {LiveEventBatch.MaxRequestBytes:N0} bytes.");
        }
        byte[] body;
        try
        {
            body = await ReadBody(request, cancellation).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Problems.TooLarge($"A batch may be up to {LiveEventBatch.MaxRequestBytes:N0} bytes.");
        }
        IReadOnlyList<LiveEventItem> items;
        try
        {
            items = LiveEventBatch.Read(body, store.Time.GetUtcNow().UtcDateTime);
        }
        catch (LiveRequestException e)
        {
            return Problems.Problem(e.Status, e.Status == 413 ? "The request is too large" : "The request is not valid", e.Message, e.Location);
        }
        if (ids.Pseudonymised)
        {
            items = [.. items.Select(i => i.Event is { } e ? i with { Event = e with { CustomerId = ids.InStore(e.CustomerId) } } : i)];
        }
        var results = await customers.Write(items).ConfigureAwait(false);
        var response = new EventBatchResponse(
            [.. results.Select(r => new EventResultResponse(r.EventId, r.Status, r.Reason))],
            results.Count(r => r.Status == LiveEventResult.Accepted),
            results.Count(r => r.Status == LiveEventResult.Duplicate),
            results.Count(r => r.Status == LiveEventResult.Rejected));
        metrics.Events(LiveEventResult.Accepted, response.Accepted);
        metrics.Events(LiveEventResult.Duplicate, response.Duplicates);
        metrics.Events(LiveEventResult.Rejected, response.Rejected);
        return TypedResults.Ok(response);
    }

    /// <summary>The body, up to one byte past the limit (which <see cref="LiveEventBatch.Read"/> then refuses with 413).</summary>
    private static async Task<byte[]> ReadBody(HttpRequest request, CancellationToken cancellation)
    {
        using var buffer = new MemoryStream();
        var block = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(block, cancellation).ConfigureAwait(false)) > 0)
        {
            buffer.Write(block, 0, read);
            if (buffer.Length > LiveEventBatch.MaxRequestBytes)
            {
                break;
            }
        }
        return buffer.ToArray();
    }
}
