using System.Collections.Concurrent;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Clientele.Data.Store;
using Clientele.Pipeline.Live;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Clientele.Server;

/// <summary>
/// Authenticates <c>Authorization: Bearer clk_…</c> against the store's <c>api_keys</c> (by the key's SHA-256) and
/// gives the request the key's role. A key's answer is kept for <see cref="CacheFor"/>, so a revoked key stops working
/// within that time without a store read per request. Without a key: 401; with a key of another role: 403; both as
/// ProblemDetails.
/// </summary>
public sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, LiveStore store, IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    /// <summary>How long a key's role (or its absence) is remembered.</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);

    private static readonly ConcurrentDictionary<string, (ApiKeyRole? Role, long At)> Known = new(StringComparer.Ordinal);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            return AuthenticateResult.NoResult();
        }
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return AuthenticateResult.Fail("The Authorization header must be \"Bearer <key>\".");
        }
        var key = header["Bearer ".Length..].Trim();
        var now = Environment.TickCount64;
        if (!Known.TryGetValue(key, out var known) || now - known.At > CacheFor.TotalMilliseconds)
        {
            var role = await store.Read((s, _) => ApiKeys.Verify(s, key), Context.RequestAborted).ConfigureAwait(false);
            known = (role, now);
            if (Known.Count > 10_000)
            {
                Known.Clear();
            }
            Known[key] = known;
        }
        if (known.Role is not { } granted)
        {
            return AuthenticateResult.Fail("The key is not a key of this service, or it was revoked.");
        }
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Role, ApiKeys.RoleName(granted))], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Title = "A key is needed", Detail = "Send an API key as \"Authorization: Bearer <key>\" (clientele keys create makes one).", Status = 401 },
        }).ConfigureAwait(false);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Title = "The key's role does not allow this", Detail = "This route needs a key of another role (ingest: events; read: profiles and lists; admin: everything).", Status = 403 },
        }).ConfigureAwait(false);
    }
}

/// <summary>The authorization policies: which roles may use a route. Admin may use every route.</summary>
public static class KeyPolicies
{
    public const string Ingest = "ingest";
    public const string Read = "read";
    public const string Admin = "admin";
}
