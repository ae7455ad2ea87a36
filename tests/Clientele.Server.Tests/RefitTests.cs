using System.Net;
using System.Text.Json;
using Clientele.Data.Ingest;
using Clientele.Pipeline;
using Clientele.Pipeline.Live;
using Clientele.Tests;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Clientele.Server.Tests;

/// <summary>POST /v1/models/refit on a store that has only its orders: the models appear, and the next profile applies them.</summary>
public sealed class RefitTests : IDisposable
{
    private readonly TestStores _stores = new();

    public void Dispose() => _stores.Dispose();

    [Fact]
    public async Task Refit_OrdersOnly_ModelsMadeInTheBackgroundAndTheNextProfileUsesThem()
    {
        var location = _stores.Location(StoreEngines.DuckDb, "refit");
        IngestJob.Run(location, TestData.Sample("online_retail.csv.gz"), new IngestOptions { RejectsPath = _stores.RejectsPath() });
        var admin = KeysJob.Create(location, "admin", TimeProvider.System).Key;
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b.UseSetting(ServerApp.StoreSetting, location));
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", admin);

        var before = await Answers.ReadJson(await client.GetAsync("/v1/customers/12347"));
        using var started = await client.PostAsync("/v1/models/refit", null);
        var refit = JsonDocument.Parse(await started.Content.ReadAsStringAsync()).RootElement;
        var id = refit.GetProperty("id").GetString();
        var again = await client.PostAsync("/v1/models/refit", null);
        JsonElement state;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        do
        {
            await Task.Delay(250);
            state = await Answers.ReadJson(await client.GetAsync($"/v1/models/refit/{id}"));
        }
        while (state.GetProperty("state").GetString() == "running" && waited.Elapsed < TimeSpan.FromMinutes(3));
        var versions = await Answers.ReadJson(await client.GetAsync("/v1/models"));
        var after = await Answers.ReadJson(await client.GetAsync("/v1/customers/12347"));

        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        Assert.Equal($"/v1/models/refit/{id}", started.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("succeeded", state.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, before.GetProperty("rfm_segment").ValueKind);
        Assert.Contains(before.GetProperty("explanations").GetProperty("notes").EnumerateArray(), n => n.GetString()!.StartsWith("no segmentation", StringComparison.Ordinal));
        Assert.Equal(Versions(state.GetProperty("versions")), Versions(versions.GetProperty("versions")));
        Assert.Equal(Versions(versions.GetProperty("versions")), Versions(after.GetProperty("model_versions")));
        Assert.Equal(["recommender", "segmentation", "value"], Versions(after.GetProperty("model_versions")).Keys);
        Assert.NotEqual(JsonValueKind.Null, after.GetProperty("rfm_segment").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, after.GetProperty("p_alive").ValueKind);
        Assert.NotEmpty(after.GetProperty("recommendations").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/v1/models/refit/unknown")).StatusCode);
    }

    private static SortedDictionary<string, long> Versions(JsonElement element) =>
        new(element.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64()), StringComparer.Ordinal);
}

/// <summary>With a pseudonymisation key the store never holds a raw customer id, and the routes take the raw one.</summary>
public sealed class PseudonymisationTests : IDisposable
{
    private readonly TestStores _stores = new();

    public void Dispose() => _stores.Dispose();

    [Fact]
    public async Task Pseudonymised_PurchaseByRawId_ProfileByRawIdAndNoRawIdInTheStore()
    {
        var location = _stores.Location(StoreEngines.DuckDb, "pseudonyms");
        var ingest = KeysJob.Create(location, "ingest", TimeProvider.System).Key;
        var admin = KeysJob.Create(location, "admin", TimeProvider.System).Key;
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseSetting(ServerApp.StoreSetting, location)
            .UseSetting(CustomerIds.KeySetting, "a-secret-of-at-least-32-characters-for-the-test"));
        using var writer = factory.CreateClient();
        writer.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ingest);
        using var reader = factory.CreateClient();
        reader.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", admin);
        const string raw = "alice@example.com";
        var body = $$"""{"events":[{"event_id":"pseudo-1","type":"purchase","customer_id":"{{raw}}","timestamp":"2026-01-01T10:00:00Z","order_id":"o1","product_id":"p1","quantity":2,"unit_price":4.5}]}""";

        var posted = await Answers.ReadJson(await writer.PostAsync("/v1/events", new StringContent(body, System.Text.Encoding.UTF8, "application/json")));
        var profile = await Answers.ReadJson(await reader.GetAsync($"/v1/customers/{Uri.EscapeDataString(raw)}"));

        Assert.Equal(1, posted.GetProperty("accepted").GetInt32());
        Assert.Equal(raw, profile.GetProperty("customer_id").GetString());
        Assert.Equal(9m, profile.GetProperty("monetary").GetDecimal());
        Assert.Empty(Answers.TextColumnsHolding(location, raw));
        Assert.NotEmpty(Answers.TextColumnsHolding(location, new CustomerIds(Microsoft.Extensions.Configuration.MemoryConfigurationBuilderExtensions.AddInMemoryCollection(new Microsoft.Extensions.Configuration.ConfigurationBuilder(),
            [new(CustomerIds.KeySetting, "a-secret-of-at-least-32-characters-for-the-test")]).Build()).InStore(raw)));
        Assert.Equal(HttpStatusCode.OK, (await reader.DeleteAsync($"/v1/customers/{Uri.EscapeDataString(raw)}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync($"/v1/customers/{Uri.EscapeDataString(raw)}")).StatusCode);
    }
}
