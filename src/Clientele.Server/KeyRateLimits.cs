using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;

namespace Clientele.Server;

/// <summary>
/// Per-key rate limits: each key (each client address without one) has a token bucket of <c>Clientele:RateLimit:PerSecond</c>
/// requests a second (2,000 by default) and a burst of as many; past it the answer is 429 with <c>Retry-After</c>, at
/// once and without queueing. <c>/health</c> is not limited.
/// </summary>
public static class KeyRateLimits
{
    public const string PerSecondSetting = "Clientele:RateLimit:PerSecond";
    public const int DefaultPerSecond = 2000;

    public static IServiceCollection AddKeyRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var perSecond = configuration.GetValue(PerSecondSetting, DefaultPerSecond);
        if (perSecond < 1)
        {
            throw new Core.ClienteleException($"{PerSecondSetting} is {perSecond}: a key needs at least 1 request a second");
        }
        return services.AddRateLimiter(limits =>
        {
            limits.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => RateLimitPartition.GetTokenBucketLimiter(
                Partition(context),
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = perSecond,
                    TokensPerPeriod = Math.Max(1, perSecond / 10),
                    ReplenishmentPeriod = TimeSpan.FromMilliseconds(100),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
            limits.OnRejected = async (rejected, cancellation) =>
            {
                var response = rejected.HttpContext.Response;
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                response.Headers.RetryAfter = "1";
                var problems = rejected.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = rejected.HttpContext,
                    ProblemDetails =
                    {
                        Status = 429,
                        Title = "Too many requests for this key",
                        Detail = $"A key may send {perSecond:N0} requests a second; send this one again after Retry-After.",
                    },
                }).ConfigureAwait(false);
            };
        });
    }

    /// <summary>The bucket a request draws on: its key's hash, or its address when it has no key.</summary>
    private static string Partition(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        return authorization.Length > 0
            ? "key:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(authorization)), 0, 8)
            : "address:" + context.Connection.RemoteIpAddress;
    }
}
