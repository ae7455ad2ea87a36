using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Clientele.Tests;

namespace Clientele.Server.Tests;

/// <summary>
/// Bad requests of every kind the acceptance names (malformed JSON, unknown fields, wrong types, oversized bodies,
/// SQL-looking and very long ids, bad keys, routes and methods): each is answered 4xx with ProblemDetails, never 5xx,
/// and stores nothing.
/// </summary>
[Collection(LiveShopGroup.Name)]
public sealed class BadRequestTests(LiveShops shops)
{
    private const string Ok = """{"event_id":"bad-ok","type":"view","customer_id":"12347","timestamp":"2026-01-01T00:00:00Z","product_id":"22730"}""";

    /// <summary>A request: the key to send (ingest, read, none, or a raw Authorization header), method, path and body.</summary>
    public sealed record BadRequest(string Name, string Key, string Method, string Path, byte[]? Body, int Status)
    {
        public override string ToString() => Name;
    }

    private static BadRequest Events(string name, string body, int status = 400) => new(name, "ingest", "POST", "/v1/events", Encoding.UTF8.GetBytes(body), status);

    private static BadRequest EventField(string name, string field) => Events(name, $$"""{"events":[{"event_id":"e","type":"purchase","customer_id":"c","timestamp":"2026-01-01T00:00:00Z",{{field}}}]}""");

    private static BadRequest Get(string name, string path, int status = 400, string key = "read") => new(name, key, "GET", path, null, status);

    public static TheoryData<BadRequest> Cases => new(
    [
        Events("empty body", ""),
        Events("not JSON", "not json"),
        Events("an opening brace only", "{"),
        Events("truncated", """{"events":[{"event_id":"a","""),
        Events("an array", "[]"),
        Events("null", "null"),
        Events("a number", "42"),
        Events("a string", "\"events\""),
        Events("no events", "{}"),
        Events("events null", """{"events":null}"""),
        Events("events an object", """{"events":{}}"""),
        Events("events a string", """{"events":"x"}"""),
        Events("events empty", """{"events":[]}"""),
        Events("an event that is a number", """{"events":[1]}"""),
        Events("an event that is a string", """{"events":["x"]}"""),
        Events("an event that is null", """{"events":[null]}"""),
        Events("an event that is an array", """{"events":[[]]}"""),
        Events("an unknown field beside events", $$"""{"events":[{{Ok}}],"extra":1}"""),
        Events("Events capitalised", $$"""{"Events":[{{Ok}}]}"""),
        Events("an unknown field in an event", """{"events":[{"event_id":"a","colour":"red"}]}"""),
        Events("a field spelt in camel case", """{"events":[{"eventId":"a"}]}"""),
        Events("a field twice", """{"events":[{"event_id":"a","event_id":"b"}]}"""),
        Events("a trailing comma", $$"""{"events":[{{Ok}},]}"""),
        Events("single quotes", "{'events':[]}"),
        Events("a comment", $$"""{"events":[{{Ok}}] /* note */}"""),
        Events("NaN", """{"events":[{"event_id":"a","type":"purchase","unit_price":NaN}]}"""),
        Events("garbage after the object", $$"""{"events":[{{Ok}}]} junk"""),
        Events("nested too deep", """{"events":[{"text":""" + new string('[', 40) + new string(']', 40) + "}]}"),
        EventField("event_id a number", "\"event_id\":5"),
        Events("event_id an object", """{"events":[{"event_id":{}}]}"""),
        Events("event_id an array", """{"events":[{"event_id":["a"]}]}"""),
        Events("event_id a boolean", """{"events":[{"event_id":true}]}"""),
        Events("type a number", """{"events":[{"event_id":"a","type":1}]}"""),
        Events("customer_id a number", """{"events":[{"event_id":"a","customer_id":12347}]}"""),
        Events("timestamp a number", """{"events":[{"event_id":"a","timestamp":1700000000}]}"""),
        EventField("quantity a string", "\"quantity\":\"2\""),
        EventField("unit_price a string", "\"unit_price\":\"3.75\""),
        EventField("rating a string", "\"rating\":\"5\""),
        EventField("query a number", "\"query\":7"),
        EventField("text an array", "\"text\":[\"a\"]"),
        EventField("order_id a boolean", "\"order_id\":false"),
        EventField("product_id an object", "\"product_id\":{\"id\":1}"),
        new("invalid UTF-8", "ingest", "POST", "/v1/events", [.. "{\"events\":[{\"event_id\":\""u8, 0xC3, 0x28, .. "\"}]}"u8], 400),
        Events("a body past 500 KB", $$"""{"events":[{{string.Join(",", Enumerable.Repeat(Ok, 5000))}}]}""", 413),
        Events("an event past 32 KB", $$"""{"events":[{"event_id":"big","type":"review","customer_id":"c","timestamp":"2026-01-01T00:00:00Z","product_id":"p","rating":5,"text":"{{new string('x', 40_000)}}"}]}""", 413),
        Get("a customer id of 201 characters", "/v1/customers/" + new string('7', 201)),
        Get("a customer id with a control character", "/v1/customers/a%01b"),
        Get("a customer id with a leading space", "/v1/customers/%20a"),
        Get("a customer id that looks like SQL", "/v1/customers/" + Uri.EscapeDataString("'; DROP TABLE customers; --"), 404),
        Get("a customer id of 1 OR 1=1", "/v1/customers/" + Uri.EscapeDataString("1' OR '1'='1"), 404),
        Get("a customer id with a path in it", "/v1/customers/..%2F..%2Fetc%2Fpasswd", 404),
        Get("count 0", "/v1/customers/12347/recommendations?count=0"),
        Get("count 101", "/v1/customers/12347/recommendations?count=101"),
        Get("count -1", "/v1/customers/12347/recommendations?count=-1"),
        Get("count not a number", "/v1/customers/12347/recommendations?count=ten"),
        Get("count past int", "/v1/customers/12347/recommendations?count=99999999999"),
        Get("an unknown route", "/v1/nothing", 404),
        new("PUT on events", "ingest", "PUT", "/v1/events", Encoding.UTF8.GetBytes("{}"), 405),
        Get("GET on events", "/v1/events", 405, key: "ingest"),
        new("POST on a customer", "read", "POST", "/v1/customers/12347", Encoding.UTF8.GetBytes("{}"), 405),
        Get("Basic authorization", "/v1/customers/12347", 401, key: "Basic dXNlcjpwYXNz"),
        Get("Bearer without a key", "/v1/customers/12347", 401, key: "Bearer "),
        Get("a key of 10,000 characters", "/v1/customers/12347", 401, key: "Bearer clk_" + new string('k', 10_000)),
        Get("a key with SQL in it", "/v1/customers/12347", 401, key: "Bearer clk_' OR '1'='1"),
    ]);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Request_Bad_AnsweredWithItsStatusAndProblemDetails_NeverAServerError(BadRequest bad)
    {
        var shop = shops.For(StoreEngines.DuckDb);
        using var client = shop.Client(null);
        using var request = new HttpRequestMessage(new HttpMethod(bad.Method), bad.Path);
        var authorization = bad.Key switch
        {
            "ingest" => "Bearer " + shop.IngestKey,
            "read" => "Bearer " + shop.ReadKey,
            "none" => null,
            var raw => raw,
        };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }
        if (bad.Body is not null)
        {
            request.Content = new ByteArrayContent(bad.Body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.True((int)response.StatusCode == bad.Status, $"{bad.Name}: {(int)response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"status\":" + bad.Status, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EventsWithBadValues_EachRejectedWithItsReason_TheGoodOneAccepted()
    {
        var shop = shops.For(StoreEngines.DuckDb);
        using var client = shop.Client(shop.IngestKey);
        string Event(string id, string rest) => $$"""{"event_id":"{{id}}","customer_id":"values-c",{{rest}}}""";
        var body = $$"""
            {"events":[
              {{Event("values-1", "\"type\":\"teleport\",\"timestamp\":\"2026-01-01T00:00:00Z\"")}},
              {{Event("values-2", "\"type\":\"purchase\",\"timestamp\":\"yesterday\",\"order_id\":\"o\",\"product_id\":\"p\",\"quantity\":1,\"unit_price\":1")}},
              {{Event("values-3", "\"type\":\"purchase\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"order_id\":\"o\",\"product_id\":\"p\",\"quantity\":0,\"unit_price\":1")}},
              {{Event("values-4", "\"type\":\"purchase\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"order_id\":\"o\",\"product_id\":\"p\",\"quantity\":1,\"unit_price\":-2")}},
              {{Event("values-5", "\"type\":\"purchase\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"product_id\":\"p\",\"quantity\":1,\"unit_price\":1")}},
              {{Event("values-6", "\"type\":\"search\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"query\":\"  \"")}},
              {{Event("values-7", "\"type\":\"review\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"product_id\":\"p\",\"rating\":9")}},
              {{Event("values-8", "\"type\":\"view\",\"timestamp\":\"2099-01-01T00:00:00Z\",\"product_id\":\"p\"")}},
              {{Event("values-9", "\"type\":\"view\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"product_id\":\"p\",\"quantity\":3")}},
              {"event_id":"values-10","customer_id":"{{new string('c', 201)}}","type":"view","timestamp":"2026-01-01T00:00:00Z","product_id":"p"},
              {"type":"view","customer_id":"c","timestamp":"2026-01-01T00:00:00Z","product_id":"p"},
              {{Event("values-12", "\"type\":\"purchase\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"order_id\":\"o\",\"product_id\":\"p\",\"quantity\":1,\"unit_price\":1.0000001")}},
              {{Event("values-13", "\"type\":\"view\",\"timestamp\":\"2026-01-01T00:00:00+02:00\",\"product_id\":\"p\"")}}
            ]}
            """;

        using var response = await client.PostAsync("/v1/events", new StringContent(body, Encoding.UTF8, "application/json"));
        var results = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("results").EnumerateArray().ToArray();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(13, results.Length);
        string Reason(int n) => results[n].GetProperty("reason").GetString()!;
        Assert.All(results[..12], r => Assert.Equal("rejected", r.GetProperty("status").GetString()));
        Assert.Equal("accepted", results[12].GetProperty("status").GetString());
        Assert.StartsWith("unknown type \"teleport\"", Reason(0), StringComparison.Ordinal);
        Assert.Contains("not an ISO 8601", Reason(1), StringComparison.Ordinal);
        Assert.StartsWith("quantity 0", Reason(2), StringComparison.Ordinal);
        Assert.StartsWith("unit_price -2", Reason(3), StringComparison.Ordinal);
        Assert.StartsWith("order_id is missing", Reason(4), StringComparison.Ordinal);
        Assert.Equal("query is blank", Reason(5));
        Assert.StartsWith("rating 9", Reason(6), StringComparison.Ordinal);
        Assert.Contains("ahead of the service's clock", Reason(7), StringComparison.Ordinal);
        Assert.StartsWith("quantity does not belong to a view event", Reason(8), StringComparison.Ordinal);
        Assert.StartsWith("customer_id is 201 characters long", Reason(9), StringComparison.Ordinal);
        Assert.Equal("event_id is missing", Reason(10));
        Assert.Contains("more than 6 decimal places", Reason(11), StringComparison.Ordinal);
    }
}
