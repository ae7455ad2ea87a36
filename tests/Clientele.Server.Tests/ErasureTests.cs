using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Clientele.Tests;

namespace Clientele.Server.Tests;

/// <summary>DELETE /v1/customers/{id}: the next read is 404, no row names the customer, late events are refused.</summary>
[Collection(LiveShopGroup.Name)]
public sealed class ErasureTests(LiveShops shops)
{
    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public async Task Erase_Customer_404NextNoRowNamesItAndLateEventsRefused(string engine)
    {
        var shop = shops.For(engine);
        using var admin = shop.Client(shop.AdminKey);
        using var reader = shop.Client(shop.ReadKey);
        using var writer = shop.Client(shop.IngestKey);
        const string customer = "12348";
        var now = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        string Purchase(string id) => $$"""{"events":[{"event_id":"{{id}}","type":"purchase","customer_id":"{{customer}}","timestamp":"{{now}}","order_id":"{{id}}","product_id":"22730","quantity":1,"unit_price":2}]}""";
        // A live event first, so received_events names the customer too.
        Assert.Equal(HttpStatusCode.OK, (await writer.PostAsync("/v1/events", new StringContent(Purchase($"erase-{engine}-1"), Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.DeleteAsync($"/v1/customers/{customer}")).StatusCode);

        using var erased = await admin.DeleteAsync($"/v1/customers/{customer}");
        var answer = JsonDocument.Parse(await erased.Content.ReadAsStringAsync()).RootElement;
        var afterRead = await reader.GetAsync($"/v1/customers/{customer}");
        var late = JsonDocument.Parse(await (await writer.PostAsync("/v1/events", new StringContent(Purchase($"erase-{engine}-2"), Encoding.UTF8, "application/json"))).Content.ReadAsStringAsync()).RootElement;
        var retried = JsonDocument.Parse(await (await writer.PostAsync("/v1/events", new StringContent(Purchase($"erase-{engine}-1"), Encoding.UTF8, "application/json"))).Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        Assert.True(answer.GetProperty("rows").GetInt64() > 30, answer.ToString());
        Assert.True(answer.GetProperty("tables").TryGetProperty("order_lines", out _), answer.ToString());
        Assert.Equal(HttpStatusCode.NotFound, afterRead.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/v1/customers/{customer}")).StatusCode);
        Assert.Equal("rejected", late.GetProperty("results")[0].GetProperty("status").GetString());
        Assert.Contains("erased", late.GetProperty("results")[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("rejected", retried.GetProperty("results")[0].GetProperty("status").GetString());
        Assert.Empty(Answers.TextColumnsHolding(shop.Location, customer));
        // The saved recommenders were rewritten without the customer's row and factors.
        Assert.True(answer.GetProperty("tables").EnumerateObject().Any(t => t.Name.StartsWith("model_artifact_parts", StringComparison.Ordinal)), answer.ToString());
        using var store = Data.Store.ClienteleStore.Open(shop.Location);
        foreach (var version in Data.Store.ModelRegistry.List(store, "recommender"))
        {
            using var saved = Data.Store.ModelRegistry.OpenArtifact(store, version.Version, "recommender")!;
            Assert.DoesNotContain(customer, Recommend.RecommenderModel.Load(saved).UserIds);
        }
    }
}
