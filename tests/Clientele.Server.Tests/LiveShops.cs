using Clientele.Data.Ingest;
using Clientele.Pipeline;
using Clientele.Pipeline.Live;
using Clientele.Tests;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Clientele.Server.Tests;

/// <summary>
/// The Online Retail sample on one engine with a k-means segmentation, a value run and ALS, a key of each role, and the
/// service on it (<see cref="WebApplicationFactory{TEntryPoint}"/> on <c>Program</c>): what a shop has when it starts serving.
/// </summary>
public sealed class LiveShop : IDisposable
{
    public LiveShop(TestStores stores, string engine)
    {
        Location = stores.Location(engine, "live");
        var output = stores.Folder.File("out-" + engine);
        IngestJob.Run(Location, TestData.Sample("online_retail.csv.gz"), new IngestOptions { RejectsPath = stores.RejectsPath() });
        SegmentationJob.Run(new SegmentRequest { StorePath = Location, OutputDirectory = output, Method = SegmentMethod.KMeans, K = 4, Restarts = 2 });
        ValueJob.Run(new ValueRequest { StorePath = Location, OutputDirectory = output });
        RecommendJob.Run(new RecommendRequest { StorePath = Location, OutputDirectory = output, Algorithm = "als" });
        IngestKey = KeysJob.Create(Location, "ingest", TimeProvider.System).Key;
        ReadKey = KeysJob.Create(Location, "read", TimeProvider.System).Key;
        AdminKey = KeysJob.Create(Location, "admin", TimeProvider.System).Key;
        Factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b.UseSetting(ServerApp.StoreSetting, Location));
    }

    public string Location { get; }

    public string IngestKey { get; }

    public string ReadKey { get; }

    public string AdminKey { get; }

    public WebApplicationFactory<Program> Factory { get; }

    /// <summary>A client that sends <paramref name="key"/> (none when null).</summary>
    public HttpClient Client(string? key)
    {
        var client = Factory.CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        }
        return client;
    }

    public void Dispose() => Factory.Dispose();
}

/// <summary>The live shop on each engine, made on first use.</summary>
public sealed class LiveShops : PerEngine<LiveShop>
{
    protected override LiveShop Make(string engine) => new(Stores, engine);
}

[CollectionDefinition(Name)]
public sealed class LiveShopGroup : ICollectionFixture<LiveShops>
{
    public const string Name = "live shop";
}
