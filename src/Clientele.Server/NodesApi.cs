using System.ComponentModel;
using Clientele.Pipeline.Live;

namespace Clientele.Server;

/// <summary><c>GET /v1/nodes</c>: where the per-customer work runs (this process, or the cluster's silos).</summary>
public static class NodesApi
{
    public static IEndpointRouteBuilder MapNodesApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/nodes", Nodes)
            .RequireAuthorization(KeyPolicies.Admin)
            .WithName("GetNodes")
            .WithSummary("The nodes the customers live on")
            .WithDescription(
                "In one process: this process. On a cluster (clientele serve --cluster): every silo the membership table knows, with its state "
                + "(active, dead, …) and how many customers' grains it holds now; a silo that joined later shows the customers it took. Admin keys only.")
            .Produces<NodesResponse>();
        return routes;
    }

    private static async Task<IResult> Nodes(ILiveCustomers customers, CancellationToken cancellation)
    {
        var nodes = await customers.Nodes(cancellation).ConfigureAwait(false);
        return TypedResults.Ok(new NodesResponse([.. nodes.Select(n => new NodeResponse(n.Address, n.Status, n.Customers))]));
    }
}

/// <summary>The nodes.</summary>
public sealed record NodesResponse([property: Description("The nodes, by address.")] IReadOnlyList<NodeResponse> Nodes);

/// <summary>A node.</summary>
public sealed record NodeResponse(
    [property: Description("The silo's address (or \"this process\").")] string Address,
    [property: Description("active, joining, shuttingdown, dead, …")] string Status,
    [property: Description("Customers whose grains it holds now; null in one process.")] int? Customers);
