using System.Net;
using System.Text.Json;
using Clientele.Tests;

namespace Clientele.Server.Tests;

/// <summary>Segments, a segment's customers page by page, similar products, and the per-key rate limit.</summary>
[Collection(LiveShopGroup.Name)]
public sealed class ListsTests(LiveShops shops)
{
    private static Task<JsonElement> ReadJson(HttpResponseMessage response) => Answers.ReadJson(response);

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public async Task Segments_PagedThrough_EveryCustomerOnceInIdOrderAndTheCountsAddUp(string engine)
    {
        var shop = shops.For(engine);
        using var client = shop.Client(shop.ReadKey);

        var segments = await ReadJson(await client.GetAsync("/v1/segments"));
        var rfm = segments.GetProperty("segments").EnumerateArray().Where(s => s.GetProperty("kind").GetString() == "rfm").ToArray();
        var clusters = segments.GetProperty("segments").EnumerateArray().Where(s => s.GetProperty("kind").GetString() == "cluster").ToArray();
        var champions = rfm.Single(s => s.GetProperty("id").GetString() == "Champions");
        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await ReadJson(await client.GetAsync($"/v1/segments/Champions/customers?limit=97{(cursor is null ? "" : "&cursor=" + cursor)}"));
            seen.AddRange(page.GetProperty("customers").EnumerateArray().Select(c => c.GetString()!));
            cursor = page.GetProperty("next_cursor").GetString();
        }
        while (cursor is not null);

        // Online Retail's 4,338 customers with a purchase before the as-of, every one in one RFM segment and one of 4 clusters.
        Assert.Equal(4338, rfm.Sum(s => s.GetProperty("customers").GetInt64()));
        Assert.Equal(4338, clusters.Sum(s => s.GetProperty("customers").GetInt64()));
        Assert.Equal(4, clusters.Length);
        Assert.Equal(champions.GetProperty("customers").GetInt64(), seen.Count);
        Assert.Equal(seen.Order(StringComparer.Ordinal), seen);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/v1/segments/Nobody/customers")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/v1/segments/Champions/customers?cursor=***")).StatusCode);
        var cluster = await ReadJson(await client.GetAsync($"/v1/segments/{clusters[0].GetProperty("id").GetString()}/customers?limit=1000"));
        Assert.Equal(Math.Min(1000, clusters[0].GetProperty("customers").GetInt64()), cluster.GetProperty("customers").GetArrayLength());
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public async Task SimilarProducts_AKnownProduct_ListedBestFirstWithoutItself(string engine)
    {
        var shop = shops.For(engine);
        using var client = shop.Client(shop.ReadKey);

        var similar = await ReadJson(await client.GetAsync("/v1/products/22727/similar?count=5"));
        var items = similar.GetProperty("items").EnumerateArray().ToArray();

        Assert.Equal(5, items.Length);
        Assert.DoesNotContain(items, i => i.GetProperty("product_id").GetString() == "22727");
        Assert.Equal(items.Select(i => i.GetProperty("score").GetDouble()).OrderDescending(), items.Select(i => i.GetProperty("score").GetDouble()));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/v1/products/NO-SUCH-PRODUCT/similar")).StatusCode);
    }

    [Fact]
    public async Task RateLimit_PastAKeysRequestsASecond_429WithRetryAfterAndProblemDetails()
    {
        var shop = shops.For(StoreEngines.DuckDb);
        using var limited = shop.Factory.WithWebHostBuilder(b => b.UseSetting(KeyRateLimits.PerSecondSetting, "5"));
        using var client = limited.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", shop.ReadKey);

        var answers = new List<HttpResponseMessage>();
        for (var n = 0; n < 20; n++)
        {
            answers.Add(await client.GetAsync("/v1/segments"));
        }
        var refused = answers.Where(a => a.StatusCode == HttpStatusCode.TooManyRequests).ToArray();

        Assert.NotEmpty(refused);
        Assert.True(answers.Count(a => a.StatusCode == HttpStatusCode.OK) >= 5);
        Assert.All(refused, r => Assert.Equal(TimeSpan.FromSeconds(1), r.Headers.RetryAfter?.Delta));
        Assert.Equal("application/problem+json", refused[0].Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        foreach (var answer in answers)
        {
            answer.Dispose();
        }
    }
}

/// <summary>/metrics for Prometheus and the OpenAPI document: both need a key; the document describes every route.</summary>
[Collection(LiveShopGroup.Name)]
public sealed class MetricsAndOpenApiTests(LiveShops shops)
{
    [Fact]
    public async Task Metrics_AfterEvents_RequestDurationsAndEventCountsWithoutIds()
    {
        var shop = shops.For(StoreEngines.DuckDb);
        using var writer = shop.Client(shop.IngestKey);
        using var reader = shop.Client(shop.ReadKey);
        using var anonymous = shop.Client(null);
        var body = """{"events":[{"event_id":"metrics-1","type":"view","customer_id":"metrics-customer","timestamp":"2026-01-01T00:00:00Z","product_id":"22730"}]}""";
        (await writer.PostAsync("/v1/events", new StringContent(body, System.Text.Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();

        var metrics = await reader.GetStringAsync("/metrics");

        Assert.Contains("clientele_events_total{", metrics, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain("metrics-customer", metrics, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task OpenApi_EveryRoute_HasASummaryAndADescription()
    {
        var shop = shops.For(StoreEngines.DuckDb);
        using var reader = shop.Client(shop.ReadKey);

        var document = JsonDocument.Parse(await reader.GetStringAsync("/openapi/v1.json")).RootElement;
        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(op => (Route: $"{op.Name.ToUpperInvariant()} {path.Name}", Operation: op.Value)))
            .ToArray();

        Assert.Contains(operations, o => o.Route == "POST /v1/events");
        Assert.Contains(operations, o => o.Route == "GET /v1/customers/{id}");
        Assert.Contains(operations, o => o.Route == "DELETE /v1/customers/{id}");
        Assert.All(operations, o =>
        {
            Assert.True(o.Operation.TryGetProperty("summary", out _), o.Route + " has no summary");
            Assert.True(o.Operation.TryGetProperty("description", out _), o.Route + " has no description");
        });
    }
}

/// <summary>Campaigns through the service: planned from a spec sent as text, listed, and read back with their arms.</summary>
[Collection(LiveShopGroup.Name)]
public sealed class CampaignsTests(LiveShops shops)
{
    [Fact]
    public async Task Campaign_PlannedFromTheSampleSpec_ListedAndReadBackWithItsArms()
    {
        var shop = shops.For(StoreEngines.DuckDb);
        using var admin = shop.Client(shop.AdminKey);
        using var reader = shop.Client(shop.ReadKey);
        var spec = await File.ReadAllTextAsync(TestData.Sample("campaign-winback.yaml"));

        using var planned = await admin.PostAsync("/v1/campaigns", new StringContent(spec, System.Text.Encoding.UTF8, "application/yaml"));
        var plan = JsonDocument.Parse(await planned.Content.ReadAsStringAsync()).RootElement;
        var id = plan.GetProperty("campaign_id").GetString()!;
        var list = await Answers.ReadJson(await reader.GetAsync("/v1/campaigns"));
        var campaign = await Answers.ReadJson(await reader.GetAsync($"/v1/campaigns/{Uri.EscapeDataString(id)}"));

        Assert.Equal(HttpStatusCode.Created, planned.StatusCode);
        Assert.Contains(list.GetProperty("campaigns").EnumerateArray(), c => c.GetString() == id);
        Assert.Equal(spec, campaign.GetProperty("spec").GetString());
        var arms = campaign.GetProperty("arms").EnumerateObject().ToDictionary(a => a.Name, a => a.Value.GetInt64());
        Assert.Contains("control", arms.Keys);
        Assert.All(plan.GetProperty("arms").EnumerateObject(), a => Assert.Equal(a.Value.GetInt64(), arms[a.Name]));
        Assert.Empty(campaign.GetProperty("results").EnumerateArray());
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsync("/v1/campaigns", new StringContent(spec))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsync("/v1/campaigns", new StringContent("name: [unclosed"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync("/v1/campaigns/nothing@2011-01-01")).StatusCode);
        // A customer the campaign assigned has its arm among the profile's tags.
        string customer, arm;
        using (var store = Clientele.Data.Store.ClienteleStore.Open(shop.Location))
        using (var command = store.Command("SELECT customer_id, arm FROM campaign_assignments WHERE campaign_id = $id ORDER BY customer_id LIMIT 1", ("id", id)))
        using (var rows = command.ExecuteReader())
        {
            Assert.True(rows.Read());
            (customer, arm) = (rows.GetString(0), rows.GetString(1));
        }
        var profile = await Answers.ReadJson(await reader.GetAsync($"/v1/customers/{Uri.EscapeDataString(customer)}"));
        Assert.Contains($"campaign:{id}:{arm}", profile.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
    }
}
