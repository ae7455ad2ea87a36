using System.Data.Common;
using System.Text.Json;
using Clientele.Core;
using Clientele.Pipeline.Live;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Clientele.Server;

/// <summary>
/// Builds the service (<c>clientele serve</c>, docs/service.md): the store from the setting <c>Clientele:Store</c>,
/// API keys, ProblemDetails for every error, OpenAPI at <c>/openapi/v1.json</c>, and one <c>MapXxxApi</c> per area.
/// The routes call Pipeline (<see cref="Pipeline.Live"/>) and hold no analytics of their own.
/// </summary>
public static class ServerApp
{
    /// <summary>The setting that names the store: a DuckDB file or a PostgreSQL connection string.</summary>
    public const string StoreSetting = "Clientele:Store";

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        // ASP.NET Core's request logs name each path, and a path holds a customer id: only its warnings are logged.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = 2 * Pipeline.Live.LiveEventBatch.MaxRequestBytes);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(services => new LiveStore(
            builder.Configuration[StoreSetting] is { Length: > 0 } location
                ? location
                : throw new ClienteleException($"the service needs a store: clientele serve --store STORE (the setting {StoreSetting})"),
            services.GetRequiredService<TimeProvider>()));
        // In this process unless the host was configured for the cluster first (clientele serve --cluster).
        builder.Services.TryAddSingleton<ILiveCustomers>(services => new StoreCustomers(services.GetRequiredService<LiveStore>()));
        builder.Services.TryAddSingleton<ILiveProducts>(services => new StoreProducts(services.GetRequiredService<LiveStore>()));
        builder.Services.AddSingleton<LiveRefit>();
        builder.Services.AddSingleton<CustomerIds>();
        ServiceMetrics.Add(builder.Services);
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<StoreExceptionHandler>();
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            json.SerializerOptions.DictionaryKeyPolicy = null;
        });
        builder.Services.AddAuthentication(ApiKeyAuthentication.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(KeyPolicies.Ingest, p => p.RequireRole(KeyPolicies.Ingest, KeyPolicies.Admin))
            .AddPolicy(KeyPolicies.Read, p => p.RequireRole(KeyPolicies.Read, KeyPolicies.Admin))
            .AddPolicy(KeyPolicies.Admin, p => p.RequireRole(KeyPolicies.Admin));
        builder.Services.AddKeyRateLimits(builder.Configuration);
        builder.Services.AddOpenApi();

        var app = builder.Build();
        // Open the store before the first request: /health is 200 only when it answers.
        app.Services.GetRequiredService<LiveStore>();
        app.Services.GetRequiredService<CustomerIds>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.MapOpenApi().RequireAuthorization(KeyPolicies.Read);
        app.MapPrometheusScrapingEndpoint().RequireAuthorization(KeyPolicies.Read).DisableRateLimiting();
        app.MapHealthApi();
        app.MapEventsApi();
        app.MapCustomersApi();
        app.MapListsApi();
        app.MapProductsApi();
        app.MapModelsApi();
        app.MapCampaignsApi();
        app.MapNodesApi();
        app.MapDashboardApi();
        return app;
    }
}

/// <summary>
/// Exceptions as answers, never a stack trace: a request ASP.NET Core could not bind (a query value that is not a
/// number) is its 400; a store that fails under a request answers 503 (try again), with the cause in the log only.
/// </summary>
internal sealed class StoreExceptionHandler(IProblemDetailsService problems, ILogger<StoreExceptionHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = new ProblemDetails();
        switch (exception)
        {
            case BadHttpRequestException bad:
                problem.Status = bad.StatusCode;
                problem.Title = "The request is not valid";
                problem.Detail = bad.Message;
                break;
            case StoreBusyException:
                httpContext.RequestServices.GetRequiredService<ServiceMetrics>().Busy();
                httpContext.Response.Headers.RetryAfter = "1";
                problem.Status = StatusCodes.Status503ServiceUnavailable;
                problem.Title = "The service is at capacity";
                problem.Detail = $"More than {LiveStore.MaxWaiting} requests are waiting for the store; nothing of this request was done. Send it again after Retry-After.";
                break;
            case DbException or LiveStoreException:
                log.LogError(exception, "The store failed under a request");
                httpContext.Response.Headers.RetryAfter = "1";
                problem.Status = StatusCodes.Status503ServiceUnavailable;
                problem.Title = "The store is not answering";
                problem.Detail = (exception as LiveStoreException)?.Detail ?? LiveStoreException.NothingStored;
                break;
            default:
                return false;
        }
        httpContext.Response.StatusCode = problem.Status.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, Exception = exception, ProblemDetails = problem }).ConfigureAwait(false);
    }
}
