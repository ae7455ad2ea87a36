namespace Clientele.Server;

/// <summary>The service's error answers: ProblemDetails with a title, what was wrong, and where.</summary>
internal static class Problems
{
    public static IResult BadRequest(string detail, string? location = null) => Problem(400, "The request is not valid", detail, location);

    public static IResult TooLarge(string detail, string? location = null) => Problem(413, "The request is too large", detail, location);

    public static IResult NotFound(string detail) => Problem(404, "Not found", detail, null);

    public static IResult Problem(int status, string title, string detail, string? location) => TypedResults.Problem(
        detail: detail,
        statusCode: status,
        title: title,
        extensions: location is null ? null : new Dictionary<string, object?> { ["pointer"] = location });

    /// <summary>A customer id from a route: 400 unless it is an id as an event's customer_id must be (<see cref="Pipeline.Live.LiveEventBatch.IdProblem"/>).</summary>
    public static IResult? CheckCustomerId(string id) =>
        Pipeline.Live.LiveEventBatch.IdProblem(id, "the customer id") is { } problem ? BadRequest(problem, "/id") : null;
}
