using Clientele.Pipeline.Live;
namespace Clientele.Server;

/// <summary><c>GET /health</c>: 200 without a key once the store is open and answers.</summary>
public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/health", async (LiveStore store, CancellationToken cancellation) =>
                TypedResults.Ok(new HealthResponse("ok", await store.Read((s, _) => s.SchemaVersion, cancellation).ConfigureAwait(false))))
            .AllowAnonymous()
            .DisableRateLimiting()
            .WithName("Health")
            .WithSummary("Whether the service is ready")
            .WithDescription("200 with the store's schema version once the store is open; needs no key.");
        return routes;
    }
}
