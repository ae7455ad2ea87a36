using Clientele.Pipeline.Live;

namespace Clientele.Server;

/// <summary><c>GET /v1/customers/{id}</c> and its recommendations: the current models applied at the moment of the request.</summary>
public static class CustomersApi
{
    public static IEndpointRouteBuilder MapCustomersApi(this IEndpointRouteBuilder routes)
    {
        var customers = routes.MapGroup("/v1/customers").RequireAuthorization(KeyPolicies.Read);
        customers.MapGet("/{id}", GetProfile)
            .WithName("GetCustomer")
            .WithSummary("A customer's live profile")
            .WithDescription(
                "The customer's summaries, RFM scores and segment, cluster, P(alive), expected purchases, CLV and churn risk, evaluated at the moment "
                + "of the request with the current model versions (named in model_versions), with recommendations and the reasons for each figure. "
                + "An event accepted before the request is in it.")
            .Produces<CustomerProfileResponse>()
            .ProducesProblem(400)
            .ProducesProblem(404);
        customers.MapGet("/{id}/recommendations", GetRecommendations)
            .WithName("GetRecommendations")
            .WithSummary("A customer's recommendations")
            .WithDescription(
                "The current recommender's top products for the customer, folding in purchases newer than the model (the customer's factors solved "
                + "against the model's item factors), each with the customer's purchases that led to it. count: 1 to 100, 10 by default.")
            .Produces<RecommendationsResponse>()
            .ProducesProblem(400)
            .ProducesProblem(404);
        customers.MapDelete("/{id}", Erase)
            .RequireAuthorization(KeyPolicies.Admin)
            .WithName("EraseCustomer")
            .WithSummary("Erase a customer")
            .WithDescription(
                "Removes every row that names the customer (order lines, events, reviews, summaries, results, campaign rows) in one transaction and "
                + "keeps a tombstone (a hash of the id) that refuses the customer's late events; the next read is 404. The log records the erasure "
                + "without the id. Admin keys only.")
            .Produces<ErasureResponse>()
            .ProducesProblem(400)
            .ProducesProblem(404);
        return routes;
    }

    private static async Task<IResult> Erase(string id, ILiveCustomers customers, CustomerIds ids, ILoggerFactory logs, CancellationToken cancellation)
    {
        if (Problems.CheckCustomerId(id) is { } bad)
        {
            return bad;
        }
        var erased = await customers.EraseCustomer(ids.InStore(id), cancellation).ConfigureAwait(false);
        if (erased is null)
        {
            return Problems.NotFound($"No customer \"{id}\" in the store.");
        }
        // Without the id: the log must not keep what the erasure removed.
        var log = logs.CreateLogger("Clientele.Erasure");
        if (log.IsEnabled(LogLevel.Information))
        {
            log.LogInformation("Erased a customer: {Rows} rows from {Tables} tables", erased.Rows, erased.RowsByTable.Count);
        }
        return TypedResults.Ok(new ErasureResponse(erased.Rows, erased.RowsByTable));
    }

    private static async Task<IResult> GetProfile(string id, ILiveCustomers customers, LiveStore store, CustomerIds ids, CancellationToken cancellation)
    {
        if (Problems.CheckCustomerId(id) is { } bad)
        {
            return bad;
        }
        var profile = await customers.Profile(ids.InStore(id), store.Time.GetUtcNow().UtcDateTime, cancellation).ConfigureAwait(false);
        return profile is null
            ? Problems.NotFound($"No customer \"{id}\" in the store.")
            : TypedResults.Ok(CustomerProfileResponse.From(profile with { CustomerId = id }));
    }

    private static async Task<IResult> GetRecommendations(string id, ILiveCustomers customers, CustomerIds ids, CancellationToken cancellation, int count = 10)
    {
        if (Problems.CheckCustomerId(id) is { } bad)
        {
            return bad;
        }
        if (count is < 1 or > 100)
        {
            return Problems.BadRequest($"count {count}: from 1 to 100.", "/count");
        }
        var answer = await customers.Recommendations(ids.InStore(id), count, cancellation).ConfigureAwait(false);
        return answer is null
            ? Problems.NotFound($"No customer \"{id}\" in the store.")
            : TypedResults.Ok(new RecommendationsResponse(id, answer.ModelVersion, [.. answer.Items.Select(RecommendationResponse.From)], answer.Explanation));
    }
}
