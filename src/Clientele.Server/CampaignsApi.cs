using System.ComponentModel;
using System.Text;
using Clientele.Core;
using Clientele.Pipeline.Live;

namespace Clientele.Server;

/// <summary><c>POST /v1/campaigns</c> (plan from a spec), <c>GET /v1/campaigns</c> and <c>GET /v1/campaigns/{id}</c> (its arms and results).</summary>
public static class CampaignsApi
{
    /// <summary>The largest spec: 64 KB of YAML.</summary>
    public const int MaxSpecBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapCampaignsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v1/campaigns", Plan)
            .RequireAuthorization(KeyPolicies.Admin)
            .WithName("PlanCampaign")
            .WithSummary("Plan a campaign")
            .WithDescription(
                "Takes a campaign spec (YAML, as clientele campaign plan reads it; docs/campaigns.md) as the body and plans it on the store: the "
                + "audience from the current segmentation and profiles, exclusions, seeded arms with a control group, the power check. The plan "
                + "is recorded (201); a spec that cannot be planned is a 400 that says why. Admin keys only.")
            .Accepts<string>("application/yaml", "text/plain")
            .Produces<CampaignPlanResponse>(StatusCodes.Status201Created)
            .ProducesProblem(400)
            .ProducesProblem(413);
        routes.MapGet("/v1/campaigns", List)
            .RequireAuthorization(KeyPolicies.Read)
            .WithName("GetCampaigns")
            .WithSummary("The store's campaigns")
            .WithDescription("Every planned campaign's id, newest first.")
            .Produces<CampaignListResponse>();
        routes.MapGet("/v1/campaigns/{id}", Read)
            .RequireAuthorization(KeyPolicies.Read)
            .WithName("GetCampaign")
            .WithSummary("A campaign with its arms and results")
            .WithDescription(
                "The plan (name, dates, seed, the spec), the customers in each arm, and the results clientele campaign analyze recorded: per arm "
                + "and segment, customers, conversions, revenue, the effect against control with its interval and p-values (empty until analysed).")
            .Produces<CampaignResponse>()
            .ProducesProblem(404);
        return routes;
    }

    private static async Task<IResult> Plan(HttpRequest request, LiveStore store, CancellationToken cancellation)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellation).ConfigureAwait(false);
        if (buffer.Length > MaxSpecBytes)
        {
            return Problems.TooLarge($"A campaign spec may be up to {MaxSpecBytes:N0} bytes.");
        }
        var text = Encoding.UTF8.GetString(buffer.ToArray());
        if (string.IsNullOrWhiteSpace(text))
        {
            return Problems.BadRequest("The body must be a campaign spec (YAML).");
        }
        try
        {
            var plan = await Task.Run(() => LiveCampaigns.Plan(store.Location, text, store.Time), cancellation).ConfigureAwait(false);
            return TypedResults.Created($"/v1/campaigns/{Uri.EscapeDataString(plan.CampaignId)}", new CampaignPlanResponse(
                plan.CampaignId, plan.AsOf, plan.Counts.Audience, plan.Arms.ToDictionary(a => a.Name, a => (long)a.Customers), plan.Power.Enough, plan.Power.Message, plan.Notes));
        }
        catch (ClienteleException e)
        {
            return Problems.BadRequest(e.Message);
        }
    }

    private static async Task<IResult> List(LiveStore store, CancellationToken cancellation) =>
        TypedResults.Ok(new CampaignListResponse(await store.Read((s, _) => LiveCampaigns.List(s), cancellation).ConfigureAwait(false)));

    private static async Task<IResult> Read(string id, LiveStore store, CancellationToken cancellation)
    {
        if (id.Length > 300)
        {
            return Problems.BadRequest("A campaign id is up to 300 characters.", "/id");
        }
        var campaign = await store.Read((s, _) => LiveCampaigns.Read(s, id), cancellation).ConfigureAwait(false);
        if (campaign is null)
        {
            return Problems.NotFound($"No campaign \"{id}\" in the store (GET /v1/campaigns lists them).");
        }
        var c = campaign.Campaign;
        return TypedResults.Ok(new CampaignResponse(
            c.CampaignId, c.Name, c.Start, c.End, c.Seed, c.AsOf, c.SpecText, campaign.Arms,
            [.. campaign.Results.Select(r => new CampaignResultResponse(r.Segment, r.Arm, r.Metric, r.Customers, r.Conversions, r.Revenue, r.Effect, r.Lower, r.Upper, r.PValue, r.AdjustedPValue))]));
    }
}

/// <summary>A planned campaign.</summary>
public sealed record CampaignPlanResponse(
    [property: Description("The campaign's id (name@start).")] string CampaignId,
    [property: Description("The day the audience's profiles are as of.")] DateOnly AsOf,
    [property: Description("Customers in the audience after exclusions.")] int Audience,
    [property: Description("Customers per arm.")] IReadOnlyDictionary<string, long> Arms,
    [property: Description("Whether the arms can detect the spec's minimum effect.")] bool PowerEnough,
    [property: Description("The power check in a sentence.")] string Power,
    [property: Description("What the plan noticed (exclusions, fallbacks).")] IReadOnlyList<string> Notes);

/// <summary>The store's campaigns.</summary>
public sealed record CampaignListResponse([property: Description("Campaign ids, newest plan first.")] IReadOnlyList<string> Campaigns);

/// <summary>A campaign.</summary>
public sealed record CampaignResponse(
    [property: Description("The campaign's id (name@start).")] string CampaignId,
    [property: Description("Its name.")] string Name,
    [property: Description("First day.")] DateOnly Start,
    [property: Description("Last day.")] DateOnly End,
    [property: Description("The seed of its arms' assignment.")] string Seed,
    [property: Description("The day its profiles were as of.")] DateOnly? AsOf,
    [property: Description("The spec it was planned from.")] string Spec,
    [property: Description("Customers per arm.")] IReadOnlyDictionary<string, long> Arms,
    [property: Description("Results as last analysed (clientele campaign analyze); empty until then.")] IReadOnlyList<CampaignResultResponse> Results);

/// <summary>One arm's result in one segment ("" overall) on one metric.</summary>
public sealed record CampaignResultResponse(
    [property: Description("The segment, or empty for all.")] string Segment,
    [property: Description("The arm.")] string Arm,
    [property: Description("conversion or revenue_per_customer.")] string Metric,
    [property: Description("Customers in the arm.")] long Customers,
    [property: Description("Customers who bought.")] long Conversions,
    [property: Description("Their revenue.")] double Revenue,
    [property: Description("The effect against control.")] double? Effect,
    [property: Description("Its interval's lower bound.")] double? Lower,
    [property: Description("Its interval's upper bound.")] double? Upper,
    [property: Description("Its p-value.")] double? PValue,
    [property: Description("Its p-value adjusted for many segments.")] double? AdjustedPValue);
