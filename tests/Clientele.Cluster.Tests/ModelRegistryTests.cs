using System.Text.Json;
using Clientele.Data.Store;
using Clientele.Pipeline;
using Clientele.Pipeline.Live;
using Clientele.Pipeline.State;
using Clientele.Tests;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Clientele.Cluster.Tests;

/// <summary>
/// The model registry on three nodes of a cluster (PostgreSQL required): a new version or an erasure published through
/// one node has moved every node when the publish returns, and a node that joins later takes the cluster's set. A shop
/// of its own, since these tests change the versions and the recommender every other test reads.
/// </summary>
public sealed class ModelRegistryTests(ClusterShopFixture shop) : ClusterShopTest(shop)
{
    private static LiveModelCache Models(WebApplication node) => node.Services.GetRequiredService<LiveStore>().Models;

    /// <summary>Whether the node's loaded recommender holds <paramref name="customer"/>'s row and factors.</summary>
    private static Task<bool> Holds(WebApplication node, string customer) =>
        node.Services.GetRequiredService<LiveStore>().Read((s, models) => models.Current(s).Recommender!.UserIds.Contains(customer), CancellationToken.None);

    private static async Task<JsonElement> ReadJson(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [PostgresFact]
    public async Task Erasure_ThroughOneNode_NoNodeHoldsTheCustomersFactorsWhenItIsAnswered()
    {
        var cluster = "forget-" + Guid.NewGuid().ToString("N")[..6];
        WebApplication[] nodes = [await Shop.Node(cluster), await Shop.Node(cluster), await Shop.Node(cluster)];
        using var admin = ClusterShop.Client(nodes[0], Shop.AdminKey);
        var customer = await nodes[0].Services.GetRequiredService<LiveStore>().Read((s, models) => models.Current(s).Recommender!.UserIds[0], CancellationToken.None);
        foreach (var node in nodes)
        {
            Assert.True(await Holds(node, customer));
        }

        var erased = await ReadJson(await admin.DeleteAsync($"/v1/customers/{customer}"));

        // Right after the answer, not a second later: the recommender was rewritten under the same version, so only
        // the registry's move (not a version check) takes the customer out of the nodes that neither erased nor hold its grain.
        foreach (var node in nodes)
        {
            Assert.False(await Holds(node, customer));
        }
        Assert.True(erased.GetProperty("rows").GetInt64() > 0);
        Assert.Single(nodes.Select(n => Models(n).Generation).Distinct());
    }

    [PostgresFact]
    public async Task NewVersion_MadeCurrentThenPublishedThroughOneNode_EveryNodeAnswersItWhenThePublishReturns()
    {
        var cluster = "version-" + Guid.NewGuid().ToString("N")[..6];
        WebApplication[] nodes = [await Shop.Node(cluster), await Shop.Node(cluster), await Shop.Node(cluster)];
        var readers = nodes.Select(n => ClusterShop.Client(n, Shop.ReadKey)).ToArray();
        long fitted;
        using (var store = ClienteleStore.Open(Shop.Location))
        {
            fitted = ModelRegistry.Current(store, ModelKinds.Recommender)!.Version;
        }
        // A second recommender (quick to make), current, then the fitted one current again: the switch back is the move watched.
        var output = Path.Combine(Path.GetTempPath(), "clientele-" + cluster);
        RecommendJob.Run(new RecommendRequest { StorePath = Shop.Location, OutputDirectory = output, Algorithm = "popular" });
        Directory.Delete(output, recursive: true);
        await nodes[0].Services.GetRequiredService<ILiveCustomers>().ModelsChanged(CancellationToken.None);
        var second = (await ReadJson(await readers[1].GetAsync("/v1/customers/12347/recommendations?count=3"))).GetProperty("model_version").GetInt64();
        var answered = await SwitchWhileReading(nodes[0], readers, fitted);

        Assert.NotEqual(fitted, second);
        Assert.All(answered, version => Assert.Equal(fitted, version));
        foreach (var reader in readers)
        {
            reader.Dispose();
        }
    }

    /// <summary>
    /// Makes <paramref name="version"/> current and publishes it through <paramref name="publisher"/> while every reader
    /// reads all along, so that each node has looked at the versions less than a second before they change (only the
    /// registry's move, not a node's own version check, can then explain an answer of the new version); answers the
    /// version each reader gives right after the publish returns.
    /// </summary>
    private async Task<List<long>> SwitchWhileReading(WebApplication publisher, HttpClient[] readers, long version)
    {
        using var stop = new CancellationTokenSource();
        var reading = Task.WhenAll(readers.Select(async reader =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var _ = await reader.GetAsync("/v1/customers/12348/recommendations?count=1", CancellationToken.None);
                await Task.Delay(20, CancellationToken.None);
            }
        }));
        await Task.Delay(1500);

        using (var store = ClienteleStore.Open(Shop.Location))
        {
            ModelRegistry.MakeCurrent(store, version);
        }
        await publisher.Services.GetRequiredService<ILiveCustomers>().ModelsChanged(CancellationToken.None);
        var answered = new List<long>();
        foreach (var reader in readers)
        {
            answered.Add((await ReadJson(await reader.GetAsync("/v1/customers/12347/recommendations?count=3"))).GetProperty("model_version").GetInt64());
        }
        await stop.CancelAsync();
        await reading;
        return answered;
    }

    /// <summary>
    /// The node whose silo holds the registry stops (its host shut down, as a deploy does; a silo killed outright is
    /// ClusterKillTests' case for customers). The registry comes back on a survivor when a survivor's participant next
    /// subscribes (every 2 s), with no set and a generation above the old one's; the next publish through a survivor moves
    /// them both: each answers the new version when the publish returns, and they agree on the generation.
    /// </summary>
    [PostgresFact]
    public async Task RegistrysNodeStops_APublishThroughASurvivorMovesEverySurvivor()
    {
        var cluster = "lost-" + Guid.NewGuid().ToString("N")[..6];
        WebApplication[] nodes = [await Shop.Node(cluster), await Shop.Node(cluster), await Shop.Node(cluster)];
        await nodes[0].Services.GetRequiredService<ILiveCustomers>().ModelsChanged(CancellationToken.None);
        var statistics = await nodes[0].Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        var host = statistics.Single(s => s.GrainType.Contains(typeof(Registry.ModelRegistryGrain).FullName!, StringComparison.Ordinal) && s.ActivationCount > 0).SiloAddress;
        var lost = nodes.Single(n => n.Services.GetRequiredService<Orleans.Runtime.ILocalSiloDetails>().SiloAddress.Equals(host));
        var survivors = nodes.Where(n => n != lost).ToArray();
        long fitted;
        using (var store = ClienteleStore.Open(Shop.Location))
        {
            fitted = ModelRegistry.Current(store, ModelKinds.Recommender)!.Version;
        }
        var output = Path.Combine(Path.GetTempPath(), "clientele-" + cluster);
        var popular = RecommendJob.Run(new RecommendRequest { StorePath = Shop.Location, OutputDirectory = output, Algorithm = "popular" }).Version;
        Directory.Delete(output, recursive: true);
        var readers = survivors.Select(n => ClusterShop.Client(n, Shop.ReadKey)).ToArray();
        try
        {
            await survivors[0].Services.GetRequiredService<ILiveCustomers>().ModelsChanged(CancellationToken.None);
            await lost.StopAsync();

            var answered = await SwitchWhileReading(survivors[1], readers, fitted);

            Assert.NotEqual(fitted, popular);
            Assert.All(answered, version => Assert.Equal(fitted, version));
            Assert.Single(survivors.Select(n => Models(n).Generation).Distinct());
        }
        finally
        {
            foreach (var reader in readers)
            {
                reader.Dispose();
            }
        }
    }

    [PostgresFact]
    public async Task SimilarProducts_RegistryMovesToAnotherRecommender_TheProductGrainAnswersTheNewOne()
    {
        var cluster = "similar-" + Guid.NewGuid().ToString("N")[..6];
        WebApplication[] nodes = [await Shop.Node(cluster), await Shop.Node(cluster)];
        using var reader = ClusterShop.Client(nodes[1], Shop.ReadKey);
        long fitted;
        using (var store = ClienteleStore.Open(Shop.Location))
        {
            fitted = ModelRegistry.Current(store, ModelKinds.Recommender)!.Version;
        }
        // A generation from the registry, under which the product's grain keeps its answer.
        await nodes[0].Services.GetRequiredService<ILiveCustomers>().ModelsChanged(CancellationToken.None);
        var first = await ReadJson(await reader.GetAsync("/v1/products/22727/similar?count=5"));
        Assert.Equal(first.GetRawText(), (await ReadJson(await reader.GetAsync("/v1/products/22727/similar?count=5"))).GetRawText());

        var output = Path.Combine(Path.GetTempPath(), "clientele-" + cluster);
        RecommendJob.Run(new RecommendRequest { StorePath = Shop.Location, OutputDirectory = output, Algorithm = "popular" });
        Directory.Delete(output, recursive: true);
        await nodes[0].Services.GetRequiredService<ILiveCustomers>().ModelsChanged(CancellationToken.None);
        var popular = await ReadJson(await reader.GetAsync("/v1/products/22727/similar?count=5"));
        using (var store = ClienteleStore.Open(Shop.Location))
        {
            ModelRegistry.MakeCurrent(store, fitted);
        }
        await nodes[0].Services.GetRequiredService<ILiveCustomers>().ModelsChanged(CancellationToken.None);
        var back = await ReadJson(await reader.GetAsync("/v1/products/22727/similar?count=5"));

        Assert.Equal(fitted, first.GetProperty("model_version").GetInt64());
        Assert.NotEqual(fitted, popular.GetProperty("model_version").GetInt64());
        Assert.NotEqual(Items(first), Items(popular));
        Assert.Equal(first.GetRawText(), back.GetRawText());
        Assert.Single(nodes.Select(n => Models(n).Generation).Distinct());

        static List<string?> Items(JsonElement answer) => [.. answer.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("product_id").GetString())];
    }

    [PostgresFact]
    public async Task Join_AfterAMove_TheNewNodeTakesTheClustersGeneration()
    {
        var cluster = "join-" + Guid.NewGuid().ToString("N")[..6];
        var first = await Shop.Node(cluster);
        await first.Services.GetRequiredService<ILiveCustomers>().ModelsChanged(CancellationToken.None);
        Assert.NotEqual(0, Models(first).Generation);

        var late = await Shop.Node(cluster);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (Models(late).Generation != Models(first).Generation && waited.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(100);
        }

        Assert.Equal(Models(first).Generation, Models(late).Generation);
    }
}
