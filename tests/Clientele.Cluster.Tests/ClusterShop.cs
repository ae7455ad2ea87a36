using Clientele.Data.Ingest;
using Clientele.Pipeline;
using Clientele.Pipeline.Live;
using Clientele.Server;
using Clientele.Tests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Clientele.Cluster.Tests;

/// <summary>
/// Online Retail in a PostgreSQL store with a k-means segmentation, a value run and ALS, a key of each role; and the
/// service built as clientele serve builds it (ServerApp with ClusterServe.CoHost), on a test server, in one process
/// or as a node of a cluster, every node on the same fixed clock.
/// </summary>
public sealed class ClusterShop : IDisposable
{
    private readonly TestStores _stores = new();
    private readonly List<WebApplication> _nodes = [];

    public ClusterShop()
    {
        Location = _stores.Location(StoreEngines.Postgres, "cluster_shop");
        var output = _stores.Folder.File("out");
        IngestJob.Run(Location, TestData.Sample("online_retail.csv.gz"), new IngestOptions { RejectsPath = _stores.RejectsPath() });
        SegmentationJob.Run(new SegmentRequest { StorePath = Location, OutputDirectory = output, Method = SegmentMethod.KMeans, K = 4, Restarts = 2 });
        ValueJob.Run(new ValueRequest { StorePath = Location, OutputDirectory = output });
        RecommendJob.Run(new RecommendRequest { StorePath = Location, OutputDirectory = output, Algorithm = "als" });
        IngestKey = KeysJob.Create(Location, "ingest", TimeProvider.System).Key;
        ReadKey = KeysJob.Create(Location, "read", TimeProvider.System).Key;
        AdminKey = KeysJob.Create(Location, "admin", TimeProvider.System).Key;
    }

    public string AdminKey { get; }

    /// <summary>The clock of every node: a moment after the shop's last order, fixed so that two nodes' answers compare.</summary>
    public TimeProvider Clock { get; } = new FixedClock(new DateTimeOffset(2012, 1, 2, 12, 0, 0, TimeSpan.Zero));

    public string Location { get; }

    public string IngestKey { get; }

    public string ReadKey { get; }

    /// <summary>Starts a node: in one process when <paramref name="clusterId"/> is null, else a node of that cluster.</summary>
    public async Task<WebApplication> Node(string? clusterId)
    {
        List<string> settings = [$"--{ServerApp.StoreSetting}={Location}"];
        if (clusterId is not null)
        {
            settings.AddRange([$"--{ClusterServe.IdSetting}={clusterId}", $"--{ClusterServe.SiloPortSetting}={Ports.Free()}", $"--{ClusterServe.GatewayPortSetting}={Ports.Free()}"]);
        }
        var app = ServerApp.Build([.. settings], builder =>
        {
            builder.WebHost.UseTestServer();
            builder.Services.AddSingleton<TimeProvider>(Clock);
            Assert.Equal(clusterId is not null, ClusterServe.CoHost(builder.Host, builder.Services, builder.Configuration, Location));
        });
        await app.StartAsync();
        _nodes.Add(app);
        return app;
    }

    /// <summary>A client of <paramref name="node"/> that sends <paramref name="key"/>.</summary>
    public static HttpClient Client(WebApplication node, string key)
    {
        var client = node.GetTestClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>
    /// Stops the nodes started so far: a test's, when it ends (<see cref="ClusterShopTest"/>). Each holds a dozen or so
    /// connections to the store, and a class's tests' nodes all kept until the class ended passed the test server's 200.
    /// </summary>
    public async Task StopNodes()
    {
        foreach (var node in Enumerable.Reverse(_nodes))
        {
            await node.StopAsync();
            await node.DisposeAsync();
        }
        _nodes.Clear();
    }

    public void Dispose()
    {
        StopNodes().GetAwaiter().GetResult();
        _stores.Dispose();
    }
}

/// <summary>A clock that stays at one moment (its timers and timestamps are the system's).</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

/// <summary>A test class's <see cref="ClusterShop"/>, made at its first use (PostgreSQL required) and disposed with the class.</summary>
public sealed class ClusterShopFixture : IDisposable
{
    private readonly Lazy<ClusterShop> _shop = new(() => new ClusterShop());

    public ClusterShop Value => _shop.Value;

    public void Dispose()
    {
        if (_shop.IsValueCreated)
        {
            _shop.Value.Dispose();
        }
    }
}

/// <summary>A test class on a shared <see cref="ClusterShop"/>: each test's nodes are stopped when it ends.</summary>
public abstract class ClusterShopTest : IClassFixture<ClusterShopFixture>, IAsyncLifetime
{
    protected ClusterShopTest(ClusterShopFixture shop)
    {
        ArgumentNullException.ThrowIfNull(shop);
        Shop = PostgresTestServer.SkipReason is null ? shop.Value : null!;
    }

    /// <summary>The shop; null when no PostgreSQL is at hand (the tests skip).</summary>
    protected ClusterShop Shop { get; }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => Shop is null ? Task.CompletedTask : Shop.StopNodes();
}
