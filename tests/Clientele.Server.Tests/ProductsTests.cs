using System.Net;
using System.Text;
using System.Text.Json;
using Clientele.Data.Store;
using Clientele.Tests;

namespace Clientele.Server.Tests;

/// <summary><c>GET /v1/products/{id}</c>: a product's counters, as the order lines count them, following the events posted.</summary>
[Collection(LiveShopGroup.Name)]
public sealed class ProductsTests(LiveShops shops)
{
    private static Task<JsonElement> ReadJson(HttpResponseMessage response) => Answers.ReadJson(response);

    private static readonly string[] Counts = ["purchase_lines", "return_lines", "units_sold", "units_returned", "buyers", "orders", "views", "cart_adds", "wishlist_adds"];

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public async Task Product_OnlineRetailsCakeStand_CountersAsItsOrderLinesCountThem(string engine)
    {
        var shop = shops.For(engine);
        using var client = shop.Client(shop.ReadKey);

        var product = await ReadJson(await client.GetAsync("/v1/products/22423"));

        // The same counts straight from the order lines, as the store holds them when the answer was given.
        using var store = ClienteleStore.Open(shop.Location);
        using var command = store.Command("""
            SELECT count(*) FILTER (WHERE NOT is_return), count(*) FILTER (WHERE is_return),
                   CAST(coalesce(sum(quantity) FILTER (WHERE NOT is_return), 0) AS BIGINT), coalesce(sum(amount) FILTER (WHERE NOT is_return), 0),
                   count(DISTINCT customer_id) FILTER (WHERE NOT is_return),
                   count(DISTINCT customer_id || '|' || order_id) FILTER (WHERE NOT is_return)
            FROM order_lines WHERE product_id = '22423'
            """);
        using var reader = command.ExecuteReader();
        reader.Read();
        Assert.Equal("22423", product.GetProperty("product_id").GetString());
        Assert.Equal(reader.GetInt64(0), product.GetProperty("purchase_lines").GetInt64());
        Assert.Equal(reader.GetInt64(1), product.GetProperty("return_lines").GetInt64());
        Assert.Equal(reader.GetInt64(2), product.GetProperty("units_sold").GetInt64());
        Assert.Equal(reader.GetDecimal(3), product.GetProperty("purchased").GetDecimal());
        Assert.Equal(reader.GetInt64(4), product.GetProperty("buyers").GetInt64());
        Assert.Equal(reader.GetInt64(5), product.GetProperty("orders").GetInt64());
        Assert.True(product.GetProperty("buyers").GetInt64() > 500);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public async Task Product_EventsPostedForANewProduct_CountedAtOnce(string engine)
    {
        var shop = shops.For(engine);
        using var reader = shop.Client(shop.ReadKey);
        using var writer = shop.Client(shop.IngestKey);
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync("/v1/products/products-test-new")).StatusCode);

        var events = """
            {"events":[
              {"event_id":"products-test-1","type":"view","customer_id":"products-test-a","timestamp":"2012-01-02T09:00:00Z","product_id":"products-test-new"},
              {"event_id":"products-test-2","type":"cart_add","customer_id":"products-test-a","timestamp":"2012-01-02T09:01:00Z","product_id":"products-test-new"},
              {"event_id":"products-test-3","type":"purchase","customer_id":"products-test-a","timestamp":"2012-01-02T09:02:00Z","order_id":"products-test-o1","product_id":"products-test-new","quantity":2,"unit_price":3.5},
              {"event_id":"products-test-4","type":"purchase","customer_id":"products-test-a","timestamp":"2012-01-02T09:02:00Z","order_id":"products-test-o1","product_id":"products-test-new","quantity":1,"unit_price":3.5},
              {"event_id":"products-test-5","type":"purchase","customer_id":"products-test-b","timestamp":"2012-01-03T10:00:00Z","order_id":"products-test-o2","product_id":"products-test-new","quantity":1,"unit_price":3.5},
              {"event_id":"products-test-6","type":"return","customer_id":"products-test-b","timestamp":"2012-01-03T11:00:00Z","order_id":"products-test-o3","product_id":"products-test-new","quantity":1,"unit_price":3.5}
            ]}
            """;
        Assert.Equal(6, (await ReadJson(await writer.PostAsync("/v1/events", Json(events)))).GetProperty("accepted").GetInt32());
        var product = await ReadJson(await reader.GetAsync("/v1/products/products-test-new"));

        // Two buyers; a's two lines of one order are one order; b's return counts as a return line, not an order.
        Assert.Equal([3, 1, 4, 1, 2, 2, 1, 1, 0], Counts.Select(name => product.GetProperty(name).GetInt64()));
        Assert.Equal((14m, 3.5m), (product.GetProperty("purchased").GetDecimal(), product.GetProperty("returned").GetDecimal()));
        Assert.Equal(new DateTime(2012, 1, 2, 9, 2, 0), product.GetProperty("first_purchase_at").GetDateTime());
        Assert.Equal(new DateTime(2012, 1, 3, 10, 0, 0), product.GetProperty("last_purchase_at").GetDateTime());
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public async Task Product_UnknownBadOrWithoutAKey_404400And401AsProblemDetails(string engine)
    {
        var shop = shops.For(engine);
        using var client = shop.Client(shop.ReadKey);
        using var anonymous = shop.Client(null);

        using var unknown = await client.GetAsync("/v1/products/NO-SUCH-PRODUCT");
        using var tooLong = await client.GetAsync("/v1/products/" + new string('x', 201));
        using var spaced = await client.GetAsync("/v1/products/%20x");
        using var badCount = await client.GetAsync("/v1/products/22423/similar?count=0");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        Assert.Equal("No product \"NO-SUCH-PRODUCT\" in the store.", JsonDocument.Parse(await unknown.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, spaced.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badCount.StatusCode);
        Assert.All(new[] { tooLong, spaced, badCount }, r => Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType));
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/v1/products/22423")).StatusCode);
    }
}
