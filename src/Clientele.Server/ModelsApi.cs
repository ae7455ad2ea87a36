using System.ComponentModel;
using Clientele.Pipeline.Live;

namespace Clientele.Server;

/// <summary><c>GET /v1/models</c> (the current versions) and <c>POST /v1/models/refit</c> with its status.</summary>
public static class ModelsApi
{
    public static IEndpointRouteBuilder MapModelsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/models", Current)
            .RequireAuthorization(KeyPolicies.Read)
            .WithName("GetModels")
            .WithSummary("The current model versions")
            .WithDescription("The current version of each kind (segmentation, value, recommender): the ones every profile applies now.")
            .Produces<ModelsResponse>();
        routes.MapPost("/v1/models/refit", Refit)
            .RequireAuthorization(KeyPolicies.Admin)
            .WithName("Refit")
            .WithSummary("Refit every model in the background")
            .WithDescription(
                "Starts a refit of the segmentation (k-means, k chosen), value and ALS on the store's summaries and answers 202 with its id; "
                + "each new version becomes current when it is stored, and profiles take it on their next read. One refit at a time: "
                + "409 while one runs. Admin keys only.")
            .Produces<RefitResponse>(StatusCodes.Status202Accepted)
            .ProducesProblem(409);
        routes.MapGet("/v1/models/refit/{id}", RefitState)
            .RequireAuthorization(KeyPolicies.Admin)
            .WithName("GetRefit")
            .WithSummary("A refit's state")
            .WithDescription("running, succeeded with the versions it made, or failed with the reason.")
            .Produces<RefitResponse>()
            .ProducesProblem(404);
        return routes;
    }

    private static async Task<IResult> Current(LiveStore store, CancellationToken cancellation) =>
        TypedResults.Ok(new ModelsResponse(await store.Read((s, _) => LiveModels.CurrentVersions(s), cancellation).ConfigureAwait(false)));

    private static IResult Refit(LiveRefit refit)
    {
        var (status, started) = refit.Start();
        return started
            ? TypedResults.Accepted($"/v1/models/refit/{status.Id}", RefitResponse.From(status))
            : Problems.Problem(409, "A refit is running", $"Refit {status.Id} started at {status.StartedAt:yyyy-MM-ddTHH:mm:ssZ} is running; GET /v1/models/refit/{status.Id} follows it.", null);
    }

    private static IResult RefitState(string id, LiveRefit refit) =>
        refit.Last is { } last && last.Id == id ? TypedResults.Ok(RefitResponse.From(last)) : Problems.NotFound($"No refit {id} (the service keeps the last one).");
}

/// <summary>The current model versions.</summary>
public sealed record ModelsResponse([property: Description("The current version of each kind.")] IReadOnlyDictionary<string, long> Versions);

/// <summary>A refit.</summary>
public sealed record RefitResponse(
    [property: Description("The refit's id.")] string Id,
    [property: Description("running, succeeded or failed.")] string State,
    [property: Description("When it started (UTC).")] DateTime StartedAt,
    [property: Description("When it finished (UTC); null while running.")] DateTime? FinishedAt,
    [property: Description("The versions it made, by kind, when it succeeded.")] IReadOnlyDictionary<string, long> Versions,
    [property: Description("Why it failed; null otherwise.")] string? Error)
{
    public static RefitResponse From(RefitStatus s) => new(s.Id, s.State, s.StartedAt, s.FinishedAt, s.Versions, s.Error);
}
