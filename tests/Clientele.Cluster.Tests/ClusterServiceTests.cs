using System.Net;
using System.Text;
using System.Text.Json;
using Clientele.Pipeline;
using Clientele.Tests;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Clientele.Cluster.Tests;

/// <summary>
/// The service as two nodes of a cluster (each an API with a co-hosted silo, membership in the store's PostgreSQL)
/// against the same service in one process: the same answers, events taken by one node visible on the other, one
/// writer per customer.
/// </summary>
public sealed class ClusterServiceTests(ClusterShopFixture shop) : ClusterShopTest(shop)
{
    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> ReadJson(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static string WithoutTrace(string json) => System.Text.RegularExpressions.Regex.Replace(json, "\"trace_id\":\"[^\"]*\"", "");

    private static string Purchase(string id, string customer, string product) =>
        $$"""{"event_id":"{{id}}","type":"purchase","customer_id":"{{customer}}","timestamp":"2012-01-02T10:00:00Z","order_id":"{{id}}","product_id":"{{product}}","quantity":1,"unit_price":2.5}""";

    [PostgresFact]
    public async Task Profiles_OnlineRetailCustomersAfterTheSameEvents_TheSameFromTheClusterAsFromOneProcess()
    {
        var single = await Shop.Node(null);
        var node = await Shop.Node("same-" + Guid.NewGuid().ToString("N")[..6]);
        using var one = ClusterShop.Client(single, Shop.ReadKey);
        using var clustered = ClusterShop.Client(node, Shop.ReadKey);
        using var writer = ClusterShop.Client(node, Shop.IngestKey);
        string[] customers = ["12347", "12348", "12353", "12354", "12355", "12356", "12357", "12358", "12359", "12360", "17850", "13047", "new-customer", "no-such-customer"];
        // Events through the cluster for some of them (a purchase, a view, a review, a brand-new customer): both read the same store.
        var events = $$"""{"events":[{{Purchase("same-1", "12353", "22423")}},{{Purchase("same-2", "new-customer", "85123A")}},{"event_id":"same-3","type":"view","customer_id":"12354","timestamp":"2012-01-02T10:00:00Z","product_id":"22423"},{"event_id":"same-4","type":"review","customer_id":"12355","timestamp":"2012-01-02T10:00:00Z","product_id":"22423","rating":4,"text":"Lovely, sturdy and well made."}]}""";
        Assert.Equal(4, (await ReadJson(await writer.PostAsync("/v1/events", Json(events)))).GetProperty("accepted").GetInt32());

        foreach (var customer in customers)
        {
            using var a = await one.GetAsync($"/v1/customers/{customer}");
            using var b = await clustered.GetAsync($"/v1/customers/{customer}");
            Assert.Equal(a.StatusCode, b.StatusCode);
            // A problem carries its request's trace id: the rest must agree.
            Assert.Equal(WithoutTrace(await a.Content.ReadAsStringAsync()), WithoutTrace(await b.Content.ReadAsStringAsync()));
            using var ra = await one.GetAsync($"/v1/customers/{customer}/recommendations?count=5");
            using var rb = await clustered.GetAsync($"/v1/customers/{customer}/recommendations?count=5");
            Assert.Equal(WithoutTrace(await ra.Content.ReadAsStringAsync()), WithoutTrace(await rb.Content.ReadAsStringAsync()));
        }
    }

    [PostgresFact]
    public async Task Events_PostedToOneNode_InTheProfileOnTheOtherAndRetriesAreDuplicates()
    {
        var cluster = "two-" + Guid.NewGuid().ToString("N")[..6];
        var first = await Shop.Node(cluster);
        var second = await Shop.Node(cluster);
        using var writer = ClusterShop.Client(first, Shop.IngestKey);
        using var reader = ClusterShop.Client(second, Shop.ReadKey);
        var before = await ReadJson(await reader.GetAsync("/v1/customers/12349"));
        // Two customers and a rejected event in one request: each customer's events go to its grain, answers come back in order.
        var batch = $$"""{"events":[{{Purchase("c1", "12349", "22423")}},{"event_id":"bad","type":"teleport","customer_id":"12349","timestamp":"2012-01-02T10:00:00Z"},{{Purchase("c2", "12350", "22423")}},{{Purchase("c3", "12349", "85123A")}}]}""";

        var posted = await ReadJson(await writer.PostAsync("/v1/events", Json(batch)));
        var again = await ReadJson(await writer.PostAsync("/v1/events", Json(batch)));
        var after = await ReadJson(await reader.GetAsync("/v1/customers/12349"));

        Assert.Equal(["accepted", "rejected", "accepted", "accepted"], posted.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("status").GetString()));
        Assert.Equal(["c1", "bad", "c2", "c3"], posted.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("event_id").GetString()));
        Assert.Equal(["duplicate", "rejected", "duplicate", "duplicate"], again.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("status").GetString()));
        // Two purchases of two orders (each event its own order id).
        Assert.Equal(before.GetProperty("frequency").GetInt32() + 2, after.GetProperty("frequency").GetInt32());
        Assert.Equal(before.GetProperty("monetary").GetDecimal() + 5m, after.GetProperty("monetary").GetDecimal());
        Assert.Equal(1, after.GetProperty("recency_days").GetInt32());
    }

    [PostgresFact]
    public async Task Products_AfterEventsThroughAnotherNode_TheSameFromTheClusterAsFromOneProcessAndTheGrainFollows()
    {
        var single = await Shop.Node(null);
        var cluster = "products-" + Guid.NewGuid().ToString("N")[..6];
        var first = await Shop.Node(cluster);
        var second = await Shop.Node(cluster);
        using var one = ClusterShop.Client(single, Shop.ReadKey);
        using var writer = ClusterShop.Client(first, Shop.IngestKey);
        using var reader = ClusterShop.Client(second, Shop.ReadKey);
        var buyer = "buyer-" + cluster;
        var events = $$"""{"events":[{{Purchase(buyer + "-1", buyer, "22423")}},{"event_id":"{{buyer}}-2","type":"view","customer_id":"{{buyer}}","timestamp":"2012-01-02T10:00:00Z","product_id":"85123A"}]}""";
        Assert.Equal(2, (await ReadJson(await writer.PostAsync("/v1/events", Json(events)))).GetProperty("accepted").GetInt32());

        // Read first on the cluster (each product's grain then keeps its answers), and in one process from the store.
        foreach (var product in new[] { "22423", "85123A", "22727", "NO-SUCH-PRODUCT" })
        {
            foreach (var route in new[] { $"/v1/products/{product}", $"/v1/products/{product}/similar?count=5" })
            {
                using var b = await reader.GetAsync(route);
                using var a = await one.GetAsync(route);
                Assert.Equal(a.StatusCode, b.StatusCode);
                Assert.Equal(WithoutTrace(await a.Content.ReadAsStringAsync()), WithoutTrace(await b.Content.ReadAsStringAsync()));
            }
        }

        // A second buyer through the first node: the product's grain, wherever it lives, answers it within its keeping time.
        var before = await ReadJson(await reader.GetAsync("/v1/products/22423"));
        Assert.Equal(1, (await ReadJson(await writer.PostAsync("/v1/events", Json($$"""{"events":[{{Purchase(buyer + "-3", buyer + "-b", "22423")}}]}""")))).GetProperty("accepted").GetInt32());
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var after = before;
        while (after.GetProperty("buyers").GetInt64() == before.GetProperty("buyers").GetInt64() && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(100);
            after = await ReadJson(await reader.GetAsync("/v1/products/22423"));
        }

        Assert.Equal(before.GetProperty("buyers").GetInt64() + 1, after.GetProperty("buyers").GetInt64());
        Assert.Equal(before.GetProperty("orders").GetInt64() + 1, after.GetProperty("orders").GetInt64());
        Assert.Equal(before.GetProperty("purchased").GetDecimal() + 2.5m, after.GetProperty("purchased").GetDecimal());
        // Within the grain's keeping time, with slack for a loaded machine's requests.
        Assert.True(waited.Elapsed < Products.ProductGrain.CountersFor + TimeSpan.FromSeconds(4), $"the counters took {waited.Elapsed} to follow");
        Assert.Equal((await one.GetStringAsync("/v1/products/22423")), after.GetRawText());
    }

    [PostgresFact]
    public async Task Events_TwoHundredForOneCustomerThroughTwoNodesAtOnce_CountedExactly()
    {
        var cluster = "race-" + Guid.NewGuid().ToString("N")[..6];
        var nodes = new[] { await Shop.Node(cluster), await Shop.Node(cluster) };
        var clients = nodes.Select(n => ClusterShop.Client(n, Shop.IngestKey)).ToArray();
        using var reader = ClusterShop.Client(nodes[1], Shop.ReadKey);
        var before = await ReadJson(await reader.GetAsync("/v1/customers/12352"));

        var posts = Enumerable.Range(0, 200).Select(n => clients[n % 2].PostAsync("/v1/events", Json($$"""{"events":[{{Purchase($"race-{cluster}-{n}", "12352", "22423")}}]}""")));
        var answers = await Task.WhenAll(posts);
        var after = await ReadJson(await reader.GetAsync("/v1/customers/12352"));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.Equal(before.GetProperty("frequency").GetInt32() + 200, after.GetProperty("frequency").GetInt32());
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }

    [PostgresFact]
    public async Task Erasure_ThroughTheOtherNode_404OnBothAndLateEventsRefused()
    {
        var cluster = "erase-" + Guid.NewGuid().ToString("N")[..6];
        var first = await Shop.Node(cluster);
        var second = await Shop.Node(cluster);
        using var writer = ClusterShop.Client(first, Shop.IngestKey);
        using var admin = ClusterShop.Client(second, Shop.AdminKey);
        using var reader = ClusterShop.Client(first, Shop.ReadKey);
        // A customer of the cluster's own: events through one node, erased through the other (by its grain, wherever it lives).
        var customer = "erase-" + cluster;
        Assert.Equal(1, (await ReadJson(await writer.PostAsync("/v1/events", Json($$"""{"events":[{{Purchase(customer + "-1", customer, "22423")}}]}""")))).GetProperty("accepted").GetInt32());

        // The grain's window is written to grain storage when the grain is put away.
        await PutAway(first);
        await StateRowAppears(customer);

        var erased = await ReadJson(await admin.DeleteAsync($"/v1/customers/{customer}"));
        var late = await ReadJson(await writer.PostAsync("/v1/events", Json($$"""{"events":[{{Purchase(customer + "-2", customer, "22423")}}]}""")));

        Assert.True(erased.GetProperty("rows").GetInt64() > 0);
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync($"/v1/customers/{customer}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/v1/customers/{customer}")).StatusCode);
        Assert.Equal("rejected", late.GetProperty("results")[0].GetProperty("status").GetString());
        Assert.Contains("erased", late.GetProperty("results")[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
        // Deleted, not a row with its payload nulled: nothing in grain storage names the customer.
        Assert.Equal(0L, await Scalar("SELECT count(*) FROM orleansstorage WHERE grainidextensionstring = @value", customer));
    }

    [PostgresFact]
    public async Task GrainState_ThirtyPostsForOneCustomer_WrittenOnceWhenPutAwayAndItsWindowAnswersRetriesAfterReactivation()
    {
        var cluster = "state-" + Guid.NewGuid().ToString("N")[..6];
        var node = await Shop.Node(cluster);
        using var writer = ClusterShop.Client(node, Shop.IngestKey);
        var customer = "state-" + cluster;
        for (var n = 0; n < 30; n++)
        {
            var answer = await ReadJson(await writer.PostAsync("/v1/events", Json($$"""{"events":[{{Purchase($"{customer}-{n}", customer, "22423")}}]}""")));
            Assert.Equal(1, answer.GetProperty("accepted").GetInt32());
        }

        // Thirty acknowledged events, each durable in the store when answered; the grain's own state not written yet
        // (never on a clock), then written once when the grain is put away, not thirty times.
        Assert.Equal(0L, await Scalar("SELECT count(*) FROM orleansstorage WHERE grainidextensionstring = @value", customer));
        await PutAway(node);
        await StateRowAppears(customer);
        var version = await Scalar("SELECT version FROM orleansstorage WHERE grainidextensionstring = @value", customer);
        Assert.Equal(1L, Convert.ToInt64(version, System.Globalization.CultureInfo.InvariantCulture));

        // With the grain put away, take the store's record of one id away and send that id again: the reactivated
        // grain's window, read back from grain storage, answers it a duplicate (the store alone would accept it now).
        await Scalar("DELETE FROM received_events WHERE event_id = @value", $"{customer}-29");
        var again = await ReadJson(await writer.PostAsync("/v1/events", Json($$"""{"events":[{{Purchase($"{customer}-29", customer, "22423")}}]}""")));
        Assert.Equal("duplicate", again.GetProperty("results")[0].GetProperty("status").GetString());
    }

    [PostgresFact]
    public async Task Events_OneIdForTwoCustomersThroughTwoNodesAtOnce_OneAcceptedOneDuplicateNever503()
    {
        var cluster = "ids-" + Guid.NewGuid().ToString("N")[..6];
        var nodes = new[] { await Shop.Node(cluster), await Shop.Node(cluster) };
        var clients = nodes.Select(n => ClusterShop.Client(n, Shop.IngestKey)).ToArray();

        // Twenty ids, each sent at once for two customers (whose grains may live on different silos, each silo with its
        // own writer): an id is unique in the store whoever sends it.
        var posts = Enumerable.Range(0, 20).SelectMany(n => new[]
        {
            clients[0].PostAsync("/v1/events", Json($$"""{"events":[{{Purchase($"{cluster}-{n}", $"{cluster}-a", "22423")}}]}""")),
            clients[1].PostAsync("/v1/events", Json($$"""{"events":[{{Purchase($"{cluster}-{n}", $"{cluster}-b", "22423")}}]}""")),
        });
        var answers = await Task.WhenAll(posts);
        var statuses = new List<string>();
        foreach (var answer in answers)
        {
            statuses.Add((await ReadJson(answer)).GetProperty("results")[0].GetProperty("status").GetString()!);
        }

        Assert.Equal(20, statuses.Count(s => s == "accepted"));
        Assert.Equal(20, statuses.Count(s => s == "duplicate"));
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }

    [PostgresFact]
    public async Task Refit_OnTheCluster_AlsSolvedOverItsSilosAndTheSameRecommenderAsOneProcessFits()
    {
        var cluster = "refit-" + Guid.NewGuid().ToString("N")[..6];
        var first = await Shop.Node(cluster);
        var second = await Shop.Node(cluster);
        var management = first.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        for (var wait = 0; (await management.GetHosts(onlyActive: true)).Count < 2; wait++)
        {
            Assert.True(wait < 100, "the second node's silo did not become active within 10 s");
            await Task.Delay(100);
        }
        using var admin = ClusterShop.Client(first, Shop.AdminKey);

        using var started = await admin.PostAsync("/v1/models/refit", null);
        var id = (await ReadJson(started)).GetProperty("id").GetString();
        JsonElement state;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        do
        {
            await Task.Delay(250);
            state = await ReadJson(await admin.GetAsync($"/v1/models/refit/{id}"));
        }
        while (state.GetProperty("state").GetString() == "running" && waited.Elapsed < TimeSpan.FromMinutes(3));
        var clustered = state.GetProperty("versions").GetProperty("recommender").GetInt64();
        // The same fit in one process, on the same store and clock.
        using var folder = new TempFolder();
        var single = RecommendJob.Run(new RecommendRequest { StorePath = Shop.Location, OutputDirectory = folder.Path, Algorithm = "als", Time = Shop.Clock }).Version;

        Assert.Equal("succeeded", state.GetProperty("state").GetString());
        // Four shards a side for each of the two silos, placed at random: all sixteen on one silo about once in 32,000 runs.
        var solved = first.Services.GetRequiredService<Als.ClusterAlsFitter>().LastShardsPerSilo;
        Assert.NotNull(solved);
        Assert.Equal(2, solved.Count);
        // Bit-equal factors save to equal bytes.
        Assert.Equal(Recommender(single), Recommender(clustered));
    }

    private byte[] Recommender(long version)
    {
        using var store = Data.Store.ClienteleStore.Open(Shop.Location);
        using var stream = Data.Store.ModelRegistry.OpenArtifact(store, version, "recommender")!;
        return Recommend.RecommenderModel.Load(stream).Save();
    }

    /// <summary>Puts every idle grain away (each customer grain writes its window as it goes).</summary>
    private static async Task PutAway(WebApplication node) =>
        await node.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

    private async Task StateRowAppears(string customer)
    {
        for (var wait = 0; (long)(await Scalar("SELECT count(*) FROM orleansstorage WHERE grainidextensionstring = @value", customer))! == 0; wait++)
        {
            Assert.True(wait < 100, "the grain's window was not written to grain storage within 10 s");
            await Task.Delay(100);
        }
    }

    /// <summary>
    /// A customer's grain keeps the rows it read (LiveCustomerRows): a campaign arm written behind its back (by SQL here,
    /// not a batch command) is not in the next profile; the grain's own next event makes it read its rows again; and a
    /// batch command's write (a campaign planned, which moves the store's data stamp) makes it read them again within a
    /// second. Without the kept rows every read would see the SQL at once; without the forgetting, never.
    /// </summary>
    [PostgresFact]
    public async Task Profile_RowsKeptByTheGrain_ReadAgainAfterItsOwnEventOrABatchWrite()
    {
        var cluster = "kept-" + Guid.NewGuid().ToString("N")[..6];
        var node = await Shop.Node(cluster);
        using var reader = ClusterShop.Client(node, Shop.ReadKey);
        using var writer = ClusterShop.Client(node, Shop.IngestKey);
        const string customer = "12361";
        var tag = $"campaign:{cluster}:treatment";
        async Task<bool> Tagged() =>
            (await ReadJson(await reader.GetAsync($"/v1/customers/{customer}"))).GetProperty("tags").EnumerateArray().Any(t => t.GetString() == tag);

        var first = await Tagged();
        await Scalar($"INSERT INTO campaign_assignments VALUES (@value, '{customer}', 'treatment', 'treatment', 'Champions', 0.5)", cluster);
        var kept = await Tagged();
        var view = $$"""{"events":[{"event_id":"{{cluster}}-view","type":"view","customer_id":"{{customer}}","timestamp":"2012-01-02T10:00:00Z","product_id":"22423"}]}""";
        await ReadJson(await writer.PostAsync("/v1/events", Json(view)));
        var afterOwnEvent = await Tagged();
        await Scalar("DELETE FROM campaign_assignments WHERE campaign_id = @value", cluster);
        var keptAgain = await Tagged();
        await Scalar("INSERT INTO campaigns VALUES (@value, 'kept rows', 'seed', DATE '2012-01-01', DATE '2012-02-01', 'spec.yaml', '', NULL, now())", cluster);
        await Task.Delay(Pipeline.Live.LiveModelCache.CheckEvery + TimeSpan.FromMilliseconds(300));
        var afterBatchWrite = await Tagged();
        await Scalar("DELETE FROM campaigns WHERE campaign_id = @value", cluster);

        Assert.Equal((false, false, true, true, false), (first, kept, afterOwnEvent, keptAgain, afterBatchWrite));
    }

    private async Task<object?> Scalar(string sql, string value)
    {
        await using var connection = new NpgsqlConnection(Data.Store.StoreLocation.Parse(Shop.Location).Connection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("value", value);
        return await command.ExecuteScalarAsync();
    }
}
