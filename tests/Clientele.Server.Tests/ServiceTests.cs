using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Clientele.Tests;

namespace Clientele.Server.Tests;

/// <summary>The service through HTTP on each engine: events in, the live profile out, keys, replays and concurrency.</summary>
[Collection(LiveShopGroup.Name)]
public sealed class ServiceTests(LiveShops shops)
{
    private static string Now => DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static string Purchase(string eventId, string customer, string order, string product, int quantity = 1, string price = "2.50") =>
        $$"""{"event_id":"{{eventId}}","type":"purchase","customer_id":"{{customer}}","timestamp":"{{Now}}","order_id":"{{order}}","product_id":"{{product}}","quantity":{{quantity}},"unit_price":{{price}}}""";

    private static string Batch(params string[] events) => $$"""{"events":[{{string.Join(",", events)}}]}""";

    private static Task<JsonElement> ReadJson(HttpResponseMessage response) => Answers.ReadJson(response);

    private static async Task<JsonElement> Profile(HttpClient client, string customer) => await ReadJson(await client.GetAsync($"/v1/customers/{Uri.EscapeDataString(customer)}"));

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public async Task Health_WithoutAKey_OkWithTheSchemaVersion(string engine)
    {
        using var client = shops.For(engine).Client(null);

        var health = await ReadJson(await client.GetAsync("/health"));

        Assert.Equal("ok", health.GetProperty("status").GetString());
        Assert.Equal(Data.Store.ClienteleStore.LatestSchemaVersion, health.GetProperty("schema_version").GetInt32());
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public async Task Purchase_Posted_InTheProfilesRecencySegmentPAliveAndRecommendationsOnTheNextRead(string engine)
    {
        var shop = shops.For(engine);
        using var reader = shop.Client(shop.ReadKey);
        using var writer = shop.Client(shop.IngestKey);
        // 12347 last bought on 2011-12-07: years ago by the service's clock.
        var before = await Profile(reader, "12347");
        var recommended = before.GetProperty("recommendations")[0].GetProperty("product_id").GetString()!;

        var posted = await ReadJson(await writer.PostAsync("/v1/events", Json(Batch(Purchase($"visible-{engine}", "12347", $"visible-order-{engine}", recommended, 2, "3.75")))));
        var after = await Profile(reader, "12347");

        Assert.Equal("accepted", posted.GetProperty("results")[0].GetProperty("status").GetString());
        Assert.True(before.GetProperty("recency_days").GetInt32() > 5000);
        Assert.Equal(1, after.GetProperty("recency_days").GetInt32());
        Assert.Equal(before.GetProperty("frequency").GetInt32() + 1, after.GetProperty("frequency").GetInt32());
        Assert.Equal(before.GetProperty("monetary").GetDecimal() + 7.5m, after.GetProperty("monetary").GetDecimal());
        Assert.Equal(5, after.GetProperty("rfm_scores")[0].GetInt32());
        Assert.NotEqual(before.GetProperty("rfm_segment").GetString(), after.GetProperty("rfm_segment").GetString());
        Assert.True(after.GetProperty("p_alive").GetDouble() > 0.9, after.GetProperty("p_alive").ToString());
        Assert.True(before.GetProperty("p_alive").GetDouble() < 0.01, before.GetProperty("p_alive").ToString());
        // Bought now, so no longer recommended: the fold-in saw the purchase.
        Assert.DoesNotContain(after.GetProperty("recommendations").EnumerateArray(), r => r.GetProperty("product_id").GetString() == recommended);
        Assert.Equal(before.GetProperty("model_versions").ToString(), after.GetProperty("model_versions").ToString());
        // Why the risk: a customer years past the last purchase has recency as the input that raises it most.
        var churnWhy = before.GetProperty("explanations").GetProperty("value").EnumerateArray().Select(e => e.GetString()!).Single(e => e.StartsWith("churn risk", StringComparison.Ordinal));
        Assert.Contains("what moves it most", churnWhy, StringComparison.Ordinal);
        Assert.Contains(": recency_days +", churnWhy, StringComparison.Ordinal);
        // P(alive) and churn risk side by side come with what each answers, as the value run says it.
        Assert.Contains(before.GetProperty("explanations").GetProperty("notes").EnumerateArray(), n => n.GetString()!.StartsWith("P(alive) and churn risk answer different questions", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public async Task Reviews_Posted_InTheProfilesSentimentOnTheNextReadAndTagsNameItsLists(string engine)
    {
        var shop = shops.For(engine);
        using var reader = shop.Client(shop.ReadKey);
        using var writer = shop.Client(shop.IngestKey);
        // Online Retail has no reviews: 12348's profile has none until two are posted, one glowing, one bitter (English: VADER reads them).
        var before = await Profile(reader, "12348");
        var review = (string id, int rating, string text) =>
            $$"""{"event_id":"{{id}}-{{engine}}","type":"review","customer_id":"12348","timestamp":"{{Now}}","product_id":"22423","rating":{{rating}},"text":"{{text}}"}""";

        var posted = await ReadJson(await writer.PostAsync("/v1/events", Json(Batch(
            review("glowing", 5, "I love this cake stand, it is beautiful and wonderful quality!"),
            review("bitter", 1, "Terrible. It arrived broken and the service was awful.")))));
        var after = await Profile(reader, "12348");

        Assert.Equal(2, posted.GetProperty("accepted").GetInt32());
        Assert.Equal(JsonValueKind.Null, before.GetProperty("sentiment").ValueKind);
        Assert.Contains("no reviews, so no sentiment", before.GetProperty("explanations").GetProperty("sentiment")[0].GetString(), StringComparison.Ordinal);
        var sentiment = after.GetProperty("sentiment");
        Assert.Equal(2, sentiment.GetProperty("reviews").GetInt32());
        Assert.Equal(3.0, sentiment.GetProperty("mean_rating").GetDouble());
        Assert.Equal(1, sentiment.GetProperty("low_ratings").GetInt32());
        Assert.Equal(2, sentiment.GetProperty("texts").GetInt32());
        Assert.Equal(2, sentiment.GetProperty("judged").GetInt32());
        Assert.Equal(1, sentiment.GetProperty("positive").GetInt32());
        Assert.Equal(1, sentiment.GetProperty("negative").GetInt32());
        Assert.Contains("2 reviews, mean rating 3 of 5, 1 rated 1 or 2 stars", after.GetProperty("explanations").GetProperty("sentiment")[0].GetString(), StringComparison.Ordinal);
        // Tags: the RFM segment and cluster the profile gives, named as /v1/segments names them.
        var tags = after.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).ToList();
        Assert.Equal([after.GetProperty("rfm_segment").GetString(), $"cluster:{after.GetProperty("cluster").GetInt32()}"], tags.Take(2));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public async Task Nodes_OneProcess_ThisProcessForAdminKeysOnly(string engine)
    {
        var shop = shops.For(engine);
        using var admin = shop.Client(shop.AdminKey);
        using var reader = shop.Client(shop.ReadKey);

        var nodes = (await ReadJson(await admin.GetAsync("/v1/nodes"))).GetProperty("nodes");

        Assert.Equal(1, nodes.GetArrayLength());
        Assert.Equal("this process", nodes[0].GetProperty("address").GetString());
        Assert.Equal(JsonValueKind.Null, nodes[0].GetProperty("customers").ValueKind);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await reader.GetAsync("/v1/nodes")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public async Task Purchase_NumbersAsPandasWritesThem_AcceptedAsTheIngestReadsThem(string engine)
    {
        // pandas (and JavaScript) print the float 2.12 as 2.1199999999999997 and a whole quantity of a column with gaps
        // as 6.0: a file with them is ingested (a float artefact rounded to 2.12), so an event with them is accepted too.
        var shop = shops.For(engine);
        using var reader = shop.Client(shop.ReadKey);
        using var writer = shop.Client(shop.IngestKey);
        var customer = $"pandas-{engine}";
        var purchase = $$"""{"event_id":"{{customer}}","type":"purchase","customer_id":"{{customer}}","timestamp":"{{Now}}","order_id":"{{customer}}","product_id":"22423","quantity":6.0,"unit_price":2.1199999999999997}""";

        var posted = await ReadJson(await writer.PostAsync("/v1/events", Json(Batch(purchase))));
        var profile = await Profile(reader, customer);

        Assert.Equal("accepted", posted.GetProperty("results")[0].GetProperty("status").GetString());
        Assert.Equal(12.72m, profile.GetProperty("monetary").GetDecimal());
        Assert.Equal(1, profile.GetProperty("frequency").GetInt32());
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public async Task Batch_SentTwice_TheSecondIsAllDuplicatesAndChangesNothing(string engine)
    {
        var shop = shops.For(engine);
        using var writer = shop.Client(shop.IngestKey);
        using var reader = shop.Client(shop.ReadKey);
        var customer = $"replay-{engine}";
        var batch = Batch(
            Purchase($"{customer}-1", customer, $"{customer}-order-1", "22730"),
            Purchase($"{customer}-2", customer, $"{customer}-order-2", "21977", 3),
            $$"""{"event_id":"{{customer}}-3","type":"view","customer_id":"{{customer}}","timestamp":"{{Now}}","product_id":"22730"}""");

        var first = await ReadJson(await writer.PostAsync("/v1/events", Json(batch)));
        var profile = await Profile(reader, customer);
        var second = await ReadJson(await writer.PostAsync("/v1/events", Json(batch)));
        var again = await Profile(reader, customer);

        Assert.Equal((3, 0, 0), (first.GetProperty("accepted").GetInt32(), first.GetProperty("duplicates").GetInt32(), first.GetProperty("rejected").GetInt32()));
        Assert.Equal((0, 3, 0), (second.GetProperty("accepted").GetInt32(), second.GetProperty("duplicates").GetInt32(), second.GetProperty("rejected").GetInt32()));
        Assert.Equal(2, again.GetProperty("frequency").GetInt32());
        Assert.Equal(10m, again.GetProperty("monetary").GetDecimal());
        Assert.Equal(profile.GetProperty("monetary").GetDecimal(), again.GetProperty("monetary").GetDecimal());
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public async Task ThousandEventsForOneCustomer_PostedConcurrently_CountedExactly(string engine)
    {
        var shop = shops.For(engine);
        using var writer = shop.Client(shop.IngestKey);
        using var reader = shop.Client(shop.ReadKey);
        var customer = $"concurrent-{engine}";

        // All at once: past the service's queue it answers 503, past the key's rate 429, both with Retry-After, and the
        // client sends that event again, as a client should (the event id makes the retry safe).
        var posts = Enumerable.Range(0, 1000).Select(async n =>
        {
            var body = Batch(Purchase($"{customer}-{n}", customer, $"{customer}-order-{n}", n % 2 == 0 ? "22730" : "21977", 1, "1.25"));
            while (true)
            {
                using var response = await writer.PostAsync("/v1/events", Json(body));
                if (response.StatusCode is not (HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests))
                {
                    return (await ReadJson(response)).GetProperty("accepted").GetInt32();
                }
                Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
                await Task.Delay(50);
            }
        });
        var accepted = (await Task.WhenAll(posts)).Sum();
        var profile = await Profile(reader, customer);

        Assert.Equal(1000, accepted);
        Assert.Equal(1000, profile.GetProperty("frequency").GetInt32());
        Assert.Equal(1250m, profile.GetProperty("monetary").GetDecimal());
        Assert.Equal(2, profile.GetProperty("distinct_products").GetInt32());
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public async Task Keys_NoneWrongRoleOrUnknown_401Or403AsProblemDetails(string engine)
    {
        var shop = shops.For(engine);
        using var anonymous = shop.Client(null);
        using var reader = shop.Client(shop.ReadKey);
        using var writer = shop.Client(shop.IngestKey);
        using var stranger = shop.Client("clk_not-a-key-of-this-service");
        using var admin = shop.Client(shop.AdminKey);
        var batch = Json(Batch(Purchase($"keys-{engine}", "12347", $"keys-order-{engine}", "22730")));

        var cases = new (HttpResponseMessage Response, HttpStatusCode Expected)[]
        {
            (await anonymous.GetAsync("/v1/customers/12347"), HttpStatusCode.Unauthorized),
            (await anonymous.PostAsync("/v1/events", batch), HttpStatusCode.Unauthorized),
            (await stranger.GetAsync("/v1/customers/12347"), HttpStatusCode.Unauthorized),
            (await reader.PostAsync("/v1/events", batch), HttpStatusCode.Forbidden),
            (await writer.GetAsync("/v1/customers/12347"), HttpStatusCode.Forbidden),
            (await writer.GetAsync("/v1/customers/12347/recommendations"), HttpStatusCode.Forbidden),
            (await admin.GetAsync("/v1/customers/12347"), HttpStatusCode.OK),
        };

        foreach (var (response, expected) in cases)
        {
            Assert.Equal(expected, response.StatusCode);
            if (expected != HttpStatusCode.OK)
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public async Task Recommendations_Count_TheCustomersListWithTheModelVersion(string engine)
    {
        var shop = shops.For(engine);
        using var reader = shop.Client(shop.ReadKey);

        var answer = await ReadJson(await reader.GetAsync("/v1/customers/12352/recommendations?count=5"));

        Assert.Equal(5, answer.GetProperty("items").GetArrayLength());
        Assert.True(answer.GetProperty("model_version").GetInt64() > 0);
        Assert.All(answer.GetProperty("items").EnumerateArray(), i => Assert.NotEmpty(i.GetProperty("because").EnumerateArray()));
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync("/v1/customers/no-such-customer/recommendations")).StatusCode);
    }
}
